import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { buildSummary } from '../../shared/summary/build.js'
import { field, proposalsCsv, PROPOSALS_CSV_COLUMNS, typed } from '../../shared/summary/csv.js'
import { summaryHtml, text as htmlText } from '../../shared/summary/html.js'
import { escape as markdownEscape, summaryMarkdown } from '../../shared/summary/markdown.js'
import { scriptRuns } from '../../shared/summary/script.js'
import { fixtureInput, fixtureSummary, TEXT } from './summary-fixture.js'

const s = fixtureSummary()
const withoutHarvest = () => {
  const { harvest: _, ...input } = fixtureInput()
  return buildSummary(input)
}

describe('the Markdown download', () => {
  const md = summaryMarkdown(s)
  const lines = md.split('\n')

  it('has the sections organisers look for, and no heading of anyone else\'s making', () => {
    expect(lines[0]).toBe(`# ${TEXT.topic}`)
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(['## Questions', '## Participants', '## Ranked proposals', '## Tables'])
    expect(lines.filter((l) => /^#{1,6}\s/.test(l)).every((l) => /^(# |## |### (\d+\. |Table )|#### Round )/.test(l))).toBe(true)
  })

  it('a note that looks like markup reads back as typed: no tag, no heading, no table cell', () => {
    expect(md).not.toMatch(/(?<!\\)<(script|b>)/)
    expect(md).toContain('\\<script\\>alert("cloth")\\</script\\> & \\<b\\>bold\\</b\\>')
    expect(lines).toContain('\\# not a heading \\| not a cell')
    expect(md).toContain('| 2 | \\=cmd\\|\' /C calc\'!A0 | 2 | 2 | Table 4 Zugdidi |')
  })

  it('keeps Georgian, Russian and Ukrainian as written', () => {
    for (const text of [TEXT.georgianNote, TEXT.georgianProposal, TEXT.russianNote, TEXT.ukrainianNote, 'ნინო ბერიძე']) expect(md).toContain(text)
  })

  it('shows each translation right under its original', () => {
    const note = md.indexOf(TEXT.georgianNote)
    const translation = md.indexOf(TEXT.noteTranslation)
    expect(note).toBeGreaterThan(0)
    expect(translation).toBeGreaterThan(note)
    expect(md.slice(note, translation)).not.toContain('#### Round')
    expect(md).toContain(`| 1 | ${TEXT.mergedTitle}<br>*${TEXT.titleTranslation}*`)
    expect(md).toContain(`“${TEXT.georgianProposal}” — პროექტის დასრულების შემდეგ  \n  *Translation:* ${TEXT.sourceTranslation}`)
  })

  it('keeps lists, their numbering and line breaks typed inside a block', () => {
    expect(lines).toContain(`- ${TEXT.russianNote}`)
    expect(lines).toContain('    - \\<script\\>alert("cloth")\\</script\\> & \\<b\\>bold\\</b\\>')
    expect(lines).toContain(`3. ${TEXT.englishNote}`)
    expect(md).toContain('line one\\\nline two, with a comma')
  })

  it('any text escaped reads back the same (CommonMark takes a backslashed punctuation mark literally)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (typedText) => {
        const escaped = markdownEscape(typedText)
        expect(escaped).not.toMatch(/(?<!\\)[<>*_`[\]|]/)
        expect(escaped.replace(/\\([!-/:-@[-`{-~])/g, '$1')).toBe(typedText)
      }),
    )
  })

  it('before the harvest says so instead of showing an empty ranking', () => {
    const early = summaryMarkdown(withoutHarvest())
    expect(early).toContain('*The harvest has not begun: proposals have not been gathered, merged or voted on yet.*')
    expect(early).not.toContain('| Place |')
  })
})

/** Every tag in order; fails on any "<" that does not open or close one of the writer's own tags. */
function tagsOf(html: string): Array<{ close: boolean; name: string }> {
  const known = /^<(\/?)(html|head|meta|title|style|body|header|footer|section|article|h[1-4]|p|span|time|strong|em|ol|ul|li|table|thead|tbody|tr|th|td|div|br)\b[^<>]*>/
  const tags: Array<{ close: boolean; name: string }> = []
  const body = html.replace(/^<!doctype html>\n/, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>')
  for (let at = body.indexOf('<'); at >= 0; at = body.indexOf('<', at + 1)) {
    const match = known.exec(body.slice(at))
    if (!match) throw new Error(`stray "<" at …${body.slice(at, at + 40)}`)
    tags.push({ close: match[1] === '/', name: match[2]! })
  }
  return tags
}

describe('the printable HTML page', () => {
  const html = summaryHtml(s)

  it('is a whole page in UTF-8, English chrome, A4 print styles and a font stack that sets Georgian', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true)
    expect(html).toContain('@page { size: A4;')
    expect(html).toContain('@media print')
    expect(html).toMatch(/font-family: "Noto Sans", "Noto Sans Georgian"/)
    expect(html).toMatch(/:lang\(ka\) \{ font-family: "Noto Sans Georgian"/)
  })

  it('asks for nothing from anywhere: no script, image, link, font or style sheet, and a policy that forbids it', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`)
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|<embed|\ssrc=|\shref=|url\(|@import|@font-face/i)
  })

  it('escapes everything people typed, so every tag in the page is its own', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;cloth&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;')
    const hostile = summaryHtml(buildSummary(fixtureInput({ edits: { title: '</title><script>alert(1)</script>', translations: {} } })))
    expect(hostile).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>')
    for (const page of [html, hostile, summaryHtml(withoutHarvest())]) {
      const open: string[] = []
      for (const tag of tagsOf(page)) {
        if (tag.name === 'meta' || tag.name === 'br') continue
        if (!tag.close) open.push(tag.name)
        else expect(open.pop()).toBe(tag.name)
      }
      expect(open).toEqual([])
    }
  })

  it('any text escaped has no markup characters left and decodes back to itself', () => {
    const decode = (html: string) => html.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!)
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (typedText) => {
        expect(htmlText(typedText)).not.toMatch(/[<>"']/)
        expect(decode(htmlText(typedText))).toBe(typedText)
      }),
    )
  })

  it('marks each original with its language where the text shows it', () => {
    expect(html).toContain(`<p lang="ka">${TEXT.georgianNote}</p>`)
    expect(html).toContain(`<li lang="ru">${TEXT.russianNote}`)
    expect(html).toContain(`<p lang="uk">${TEXT.ukrainianNote}</p>`)
    expect(html).toContain(`<li value="3">${TEXT.englishNote}`)
  })

  it('sets each translation beside its original', () => {
    const pair = /<div class="pair translated"><div class="original">([\s\S]*?)<\/div><div class="translation"[^>]*>([\s\S]*?)<\/div><\/div>/g
    const pairs = [...html.matchAll(pair)].map((m): [string, string] => [m[1]!, m[2]!])
    expect(pairs.some(([original, translation]) => original.includes(TEXT.georgianNote) && translation.includes(TEXT.noteTranslation))).toBe(true)
    expect(pairs.some(([original, translation]) => original.includes(TEXT.georgianProposal) && translation.includes(TEXT.sourceTranslation))).toBe(true)
    expect(html).toContain(`${TEXT.mergedTitle}<br><em>${TEXT.titleTranslation}</em>`)
  })

  it('nests a list inside the item above it', () => {
    expect(html).toContain(`<ul><li lang="ru">${TEXT.russianNote}<ul><li>&lt;script&gt;`)
    expect(html).toContain('</li></ul></li></ul>')
  })
})

/** RFC 4180 reader: fields, quoted fields with doubled quotes and line breaks, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') row.push(cell), (cell = '')
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++
    else if (ch === '\r' || ch === '\n') throw new Error(`bare line break outside quotes at ${i}`)
    else if (ch === '"') throw new Error(`quote inside an unquoted field at ${i}`)
    else cell += ch
  }
  if (quoted) throw new Error('unterminated quoted field')
  if (cell !== '' || row.length > 0) throw new Error('last record without CRLF')
  return rows
}

describe('the CSV of proposals and votes', () => {
  const csv = proposalsCsv(s)
  const [header, ...rows] = parseCsv(csv.slice(1))
  const column = (row: string[] | undefined, name: (typeof PROPOSALS_CSV_COLUMNS)[number]) => row![PROPOSALS_CSV_COLUMNS.indexOf(name)]

  it('starts with a byte-order mark, so Excel reads Georgian as UTF-8', () => {
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(header).toEqual([...PROPOSALS_CSV_COLUMNS])
  })

  it('has one row per ranked proposal, in place order, with dots and voters as numbers', () => {
    expect(rows.map((r) => [column(r, 'place'), column(r, 'dots'), column(r, 'voters'), column(r, 'merged')])).toEqual([
      ['1', '4', '3', 'yes'],
      ['2', '2', '2', 'no'],
      ['3', '0', '0', 'no'],
    ])
    expect(column(rows[0], 'tables')).toBe('Table 1 Tbilisi; Table 2 Kutaisi; Table 3 Gori')
    expect(column(rows[0], 'rounds')).toBe('1; 2')
    expect(column(rows[0], 'authors')).toBe('ნინო ბერიძე; Giorgi; Олена Коваль; Rashad Aliyev')
  })

  it('reads back quotes, commas, line breaks and markup exactly as typed', () => {
    expect(column(rows[2], 'title')).toBe(TEXT.quoted)
    expect(column(rows[2], 'what')).toBe(TEXT.twoLines)
    expect(column(rows[0], 'what')).toBe(TEXT.hostile)
  })

  it('puts each translation in the column beside its original', () => {
    expect([column(rows[0], 'title'), column(rows[0], 'title_translation')]).toEqual([TEXT.mergedTitle, TEXT.titleTranslation])
    expect([column(rows[0], 'what_translation'), column(rows[1], 'title_translation')]).toEqual([TEXT.whatTranslation, ''])
    expect(column(rows[0], 'sources')!.split('\n')).toEqual([
      `Table 1 Tbilisi, round 1, by ნინო ბერიძე, Giorgi: ${TEXT.georgianProposal} — პროექტის დასრულების შემდეგ (Translation: ${TEXT.sourceTranslation})`,
      `Table 2 Kutaisi, round 2, by Олена Коваль: ${TEXT.russianProposal}`,
      `Table 3 Gori, round 1, by Rashad Aliyev: ${TEXT.englishProposal} — Paid by the municipality, "at least" 2 years`,
    ])
  })

  it('a proposal written as a formula opens as text, not as a formula', () => {
    expect(column(rows[1], 'title')).toBe(`'${TEXT.formula}`)
    expect(column(rows[1], 'what')).toBe(`'${TEXT.formulaWhat}`)
    expect(column(rows[1], 'authors')).toBe(`'${TEXT.formula}`)
  })

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['＝1+1', "'＝1+1"],
    ['a=b', 'a=b'],
    ['1-2', '1-2'],
    ['', ''],
  ])('a typed cell %j is written as %j', (input, output) => {
    expect(typed(input)).toBe(output)
  })

  it('any text survives a field written and read back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), (cells) => {
        expect(parseCsv(`${cells.map(field).join(',')}\r\n`)).toEqual([cells])
      }),
    )
  })

  it('before the harvest has only its header', () => {
    expect(parseCsv(proposalsCsv(withoutHarvest()).slice(1))).toEqual([[...PROPOSALS_CSV_COLUMNS]])
  })
})

describe('splitting text by script for the Word file\'s fonts', () => {
  const georgianLetter = /[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]/
  const georgianFontHas = /^[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f\u20be \u00a0\-\u2010]*$/

  it('keeps a Georgian sentence in one run, and digits and punctuation out of it', () => {
    expect(scriptRuns('უფასო ცხელი ხაზი 24/7 — Hotline, ცხელი-ხაზი!')).toEqual([
      { text: 'უფასო ცხელი ხაზი', georgian: true },
      { text: ' 24/7 — Hotline, ', georgian: false },
      { text: 'ცხელი-ხაზი', georgian: true },
      { text: '!', georgian: false },
    ])
    expect(scriptRuns('')).toEqual([])
    expect(scriptRuns('Горячая линия')).toEqual([{ text: 'Горячая линия', georgian: false }])
  })

  it('any text: the runs give it back, Georgian runs hold only what the Georgian font has, the others no Georgian letter', () => {
    const pieces = fc.constantFrom('ცხელი', 'ხაზი', ' ', '-', 'Hotline', 'линия', '24', '.', '—', '\n', '₾', 'ə', '\u00a0')
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.string(), (parts, noise) => {
        const text = parts.join('') + noise
        const runs = scriptRuns(text)
        expect(runs.map((r) => r.text).join('')).toBe(text)
        for (const run of runs) {
          expect(run.text).not.toBe('')
          if (run.georgian) expect(run.text).toMatch(georgianFontHas)
          else expect(run.text).not.toMatch(georgianLetter)
        }
        runs.forEach((run, i) => i > 0 && expect(run.georgian).not.toBe(runs[i - 1]!.georgian))
      }),
    )
  })
})
