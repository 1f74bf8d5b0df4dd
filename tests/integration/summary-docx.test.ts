/**
 * The Word download, read back twice: its XML (headings, the proposals table, Georgian text,
 * the fonts it names), and the PDF LibreOffice makes of it (the Georgian text is there, set in
 * the font the file names and in no other). LibreOffice and poppler are installed by `.ci/run`;
 * on a machine without them the PDF check is skipped with a message, but under CI=true their
 * absence fails it, so a CI run cannot pass without having looked.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { inflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summaryDocx } from '../../server/summary/docx.js'
import { GEORGIAN_FONT, LATIN_FONT } from '../../shared/summary/script.js'
import { buildSummary } from '../../shared/summary/build.js'
import { fixtureInput, fixtureSummary, TEXT } from '../unit/summary-fixture.js'
import { unzip } from '../support/zip-reader.js'

const run = promisify(execFile)


const decode = (xml: string) =>
  xml.replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name]!)

/** A run's text (its <w:t> elements; a break as a line break). */
const runText = (run: string) =>
  [...run.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : decode(m[1]!))).join('')

const paragraphsOf = (xml: string) => [...xml.matchAll(/<w:p\b[^>]*>[\s\S]*?<\/w:p>/g)].map((m) => m[0])
const runsOf = (xml: string) => [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((m) => m[0])
const textOf = (xml: string) => runsOf(xml).map(runText).join('')
const styleOf = (paragraph: string) => /<w:pStyle w:val="([^"]+)"\/>/.exec(paragraph)?.[1]

/** The font names every <w:rFonts> in some XML gives, for each of its four character slots. */
function fontNames(xml: string): string[] {
  return [...xml.matchAll(/<w:rFonts ([^>]*)\/>/g)].flatMap((m) => [...m[1]!.matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]*)"/g)].map((n) => n[1]!))
}

const GEORGIAN_LETTER = /[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]/
const OTHER_LETTER = /[A-Za-z\u0400-\u04ff]/

describe('the Word download', () => {
  let files: Map<string, Buffer>
  let document: string
  let docx: Buffer

  beforeAll(async () => {
    docx = await summaryDocx(fixtureSummary())
    files = unzip(docx)
    document = files.get('word/document.xml')!.toString('utf8')
  })

  it('is a Word package with an A4 page', () => {
    expect(docx.subarray(0, 2).toString()).toBe('PK')
    expect(files.get('[Content_Types].xml')!.toString()).toContain('wordprocessingml.document.main+xml')
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
  })

  it('has Word headings the navigation pane shows: title, sections, proposals and tables, rounds', () => {
    const headings = (style: string) => paragraphsOf(document).filter((p) => styleOf(p) === style).map(textOf)
    expect(headings('Title')).toEqual([TEXT.topic])
    expect(headings('Heading1')).toEqual(['Questions', 'Participants', 'Ranked proposals', 'Tables'])
    expect(headings('Heading2')).toEqual([
      `1. ${TEXT.mergedTitle}`,
      `2. ${TEXT.formula}`,
      `3. ${TEXT.quoted}`,
      'Table 1 Tbilisi',
      'Table 2 Kutaisi',
      'Table 3 Gori',
      'Table 4 Zugdidi',
    ])
    expect(headings('Heading3')).toHaveLength(12)
    expect(headings('Heading3')[0]).toMatch(/^Round 1: What has the resource centre achieved/)
  })

  it('ranks the proposals in a real Word table whose header repeats on each page', () => {
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(document)![0]
    const rows = [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0])
    const cells = (row: string) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => paragraphsOf(m[0]).map(textOf).join(' / '))
    expect(rows[0]).toContain('<w:tblHeader/>')
    expect(rows.map(cells)).toEqual([
      ['Place', 'Proposal', 'Dots', 'Voters', 'From tables'],
      ['1', `${TEXT.mergedTitle} / ${TEXT.titleTranslation}`, '4', '3', 'Table 1 Tbilisi, Table 2 Kutaisi, Table 3 Gori'],
      ['2', TEXT.formula, '2', '2', 'Table 4 Zugdidi'],
      ['3', TEXT.quoted, '0', '0', 'Table 1 Tbilisi'],
    ])
  })

  it('keeps Georgian, Russian and every hostile character intact', () => {
    const texts = paragraphsOf(document).map(textOf)
    for (const text of [TEXT.georgianNote, TEXT.georgianHeading, TEXT.russianNote, TEXT.ukrainianNote, TEXT.hostile, TEXT.markdownish]) {
      expect(texts).toContain(text)
    }
    expect(document).not.toMatch(/<script|<b>/)
  })

  it('drops characters XML cannot hold, which would stop Word opening the file', async () => {
    const s = buildSummary(fixtureInput({ edits: { title: 'Bell\u0007 and a lone \ud800 surrogate\u0000', translations: {} } }))
    const xml = unzip(await summaryDocx(s)).get('word/document.xml')!.toString('utf8')
    const title = paragraphsOf(xml).find((p) => styleOf(p) === 'Title')!
    expect(textOf(title)).toBe('Bell and a lone  surrogate')
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)
  })

  it('sets each note translation beside its original, in the same table row', () => {
    const pair = [...document.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]).find((row) => textOf(row).includes(TEXT.georgianNote))!
    const [original, translation] = [...pair.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => textOf(m[0]))
    expect(original).toContain(TEXT.georgianNote)
    expect(translation).toBe(`Translation${TEXT.noteTranslation}`)
  })

  it('names Noto Sans Georgian on every Georgian run, and Noto Sans for all else, in all four font slots', () => {
    const styles = files.get('word/styles.xml')!.toString('utf8')
    expect(new Set([...fontNames(document), ...fontNames(styles)])).toEqual(new Set([LATIN_FONT, GEORGIAN_FONT]))
    // What a run without fonts of its own is set in: the document's defaults, and the headings'.
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0]
    expect(defaults).toContain('<w:rFonts w:ascii="Noto Sans" w:cs="Noto Sans" w:eastAsia="Noto Sans" w:hAnsi="Noto Sans"/>')
    for (const id of ['Title', 'Heading1', 'Heading2', 'Heading3']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0]
      expect(new Set(fontNames(style)), id).toEqual(new Set([LATIN_FONT]))
    }
    let georgianRuns = 0
    for (const run of runsOf(document)) {
      const text = runText(run)
      const fonts = new Set(fontNames(run))
      if (GEORGIAN_LETTER.test(text)) {
        georgianRuns++
        expect(fonts, text).toEqual(new Set([GEORGIAN_FONT]))
        expect(run).toContain('w:hAnsi="Noto Sans Georgian"')
        expect(OTHER_LETTER.test(text), text).toBe(false)
      } else {
        expect([...fonts].filter((font) => font !== LATIN_FONT), text).toEqual([])
      }
    }
    expect(georgianRuns).toBeGreaterThanOrEqual(7)
  })

  describe('as LibreOffice prints it to PDF', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tablecloth-docx-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('shows the Georgian text, set in the fonts the file names and no other', { timeout: 180_000 }, async (ctx) => {
      const missing = await missingTools()
      if (missing.length > 0) {
        const message = `needs ${missing.join(', ')} (apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-core, as .ci/run does)`
        if (process.env.CI === 'true') throw new Error(`CI=true and the PDF check cannot run: ${message}`)
        ctx.skip(`skipped: ${message}`)
      }
      const file = join(dir, 'summary.docx')
      await writeFile(file, docx)
      // A profile of its own: two conversions sharing the default profile block each other.
      await run('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], {
        timeout: 150_000,
      })
      const pdf = join(dir, 'summary.pdf')
      expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-')

      const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])
      const flat = text.replace(/\s+/g, ' ')
      for (const phrase of [TEXT.georgianNote, TEXT.georgianProposal, 'ნინო ბერიძე', TEXT.russianNote, TEXT.mergedTitle]) expect(flat).toContain(phrase)

      const { stdout: table } = await run('pdffonts', [pdf])
      // "ABCDEF+NotoSansGeorgian-Bold" → "NotoSansGeorgian": the family, as the DOCX names it without spaces.
      const families = new Set(
        table
          .split('\n')
          .slice(2)
          .filter((line) => line.trim() !== '')
          .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '').split('-')[0]!),
      )
      const styles = files.get('word/styles.xml')!.toString('utf8')
      const named = new Set([...fontNames(document), ...fontNames(styles)].map((name) => name.replace(/ /g, '')))
      expect(families).toContain('NotoSansGeorgian')
      expect(families).toContain('NotoSans')
      expect([...families].filter((family) => !named.has(family)), `fonts in the PDF the DOCX does not name:\n${table}`).toEqual([])
    })
  })
})

/** What the PDF check needs and this machine lacks: programs, and the fonts the DOCX names. */
async function missingTools(): Promise<string[]> {
  const missing: string[] = []
  for (const tool of ['soffice', 'pdftotext', 'pdffonts', 'fc-list']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`])
    } catch {
      missing.push(tool)
    }
  }
  if (!missing.includes('fc-list')) {
    const { stdout } = await run('fc-list', [':', 'family'])
    for (const font of [LATIN_FONT, GEORGIAN_FONT]) if (!stdout.split('\n').some((line) => line.split(',').includes(font))) missing.push(`the font "${font}"`)
  }
  return missing
}
