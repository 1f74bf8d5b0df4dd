/**
 * The downloads of a café whose every typed field holds a script payload (tests/support/xss-cafe.ts):
 * the printable HTML, the Markdown, the Word document and the proposals' CSV hold each payload
 * only as text — escaped for HTML and XML, backslash-escaped for Markdown, and in the CSV every
 * cell that would start a spreadsheet formula (= + - @) is defused with a leading apostrophe.
 * (tests/e2e/xss.test.ts opens the same HTML in Chromium.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { PAYLOAD, TYPED, xssCafe, type XssCafe } from '../support/xss-cafe.js'
import { unzip } from '../support/zip-reader.js'

let server: RunningServer
let built: XssCafe
const files = new Map<string, Buffer>()

beforeAll(async () => {
  server = await startServer()
  built = await xssCafe(server.url)
  await built.roundToHarvest()
  for (const file of ['summary.html', 'summary.md', 'summary.docx', 'proposals.csv']) {
    const res = await fetch(`${server.url}/api/cafes/${built.cafe.cafeId}/${file}`, { headers: { authorization: `Bearer ${built.cafe.facilitatorToken}` } })
    expect(res.status, file).toBe(200)
    files.set(file, Buffer.from(await res.arrayBuffer()))
  }
}, 90_000)
afterAll(async () => {
  built?.close()
  await server?.stop()
})

const RAW = [PAYLOAD.script, PAYLOAD.img, PAYLOAD.svg, '<script', '<img', '<svg']
/** HTML and XML text: `&`, `<` and `>` escaped (quotes may be either way). */
const markup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const quotesRead = (s: string) => s.replace(/&quot;|&#34;|&#x22;/g, '"').replace(/&#39;|&#x27;|&apos;/g, "'")

/** Every field of the café that the summary shows, as typed. */
const shown = () => [
  TYPED.summaryTitle,
  TYPED.introduction,
  TYPED.translation,
  ...TYPED.questions,
  TYPED.mergedTitle,
  TYPED.note(0, 1),
  TYPED.note(1, 2),
  TYPED.proposal(0, 2).title,
  TYPED.proposal(1, 2).what,
]

describe('no download holds a payload as markup', () => {
  it('the HTML holds each payload as escaped text: no element, handler or javascript: address comes from what people typed', () => {
    const html = files.get('summary.html')!.toString('utf8')
    const readable = quotesRead(html)
    for (const text of shown()) expect(readable, text).toContain(markup(text).trim())
    expect(readable).toContain(markup(TYPED.topic))
    for (const raw of RAW) expect(html, raw).not.toContain(raw)
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i)
    expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i)
    // Only the writer's own elements.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()))
    const own = ['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'footer', 'main', 'section', 'article', 'div', 'span', 'time', 'h1', 'h2', 'h3', 'h4', 'p', 'ol', 'ul', 'li', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br']
    expect([...tags].filter((t) => !own.includes(t))).toEqual([])
  })

  it('the Markdown backslash-escapes every < of a payload: no raw HTML but its own line breaks', () => {
    const md = files.get('summary.md')!.toString('utf8')
    for (const raw of [PAYLOAD.script, PAYLOAD.img, PAYLOAD.svg]) expect(md, raw).not.toContain(raw)
    expect(md).toContain('\\<script\\>window.\\_\\_xss=1\\</script\\>')
    expect(md).toContain('\\<img src=x onerror="window.\\_\\_xss=1"\\>')
    // CommonMark starts raw HTML only at an unescaped `<`: the writer's own `<br>` is the one.
    expect(md.match(/(?<!\\)<(?!br>)[^\n]{0,20}/g) ?? []).toEqual([])
    // A note's link to javascript: is not a Markdown link.
    expect(md).not.toMatch(/\]\(\s*javascript:/i)
  })

  it("the Word document's XML holds each payload as escaped text, and no hyperlink", () => {
    const parts = unzip(files.get('summary.docx')!)
    const xml = parts.get('word/document.xml')!.toString('utf8')
    const readable = quotesRead(xml)
    for (const text of shown()) expect(readable, text).toContain(markup(text).trim())
    for (const raw of RAW) expect(xml, raw).not.toContain(raw)
    expect(xml).toContain(markup(PAYLOAD.script))
    expect(xml).not.toMatch(/<[^>]*\son[a-z]+\s*=/i)
    expect(xml).not.toContain('<w:hyperlink')
    for (const [name, part] of parts) if (name.endsWith('.rels')) expect(part.toString('utf8'), name).not.toMatch(/javascript:/i)
  })

  it('the CSV holds the payloads as text and defuses every cell that would start a formula', () => {
    const csv = files.get('proposals.csv')!.toString('utf8').replace(/^\ufeff/, '')
    const rows = parseCsv(csv)
    const cells = rows.slice(1).flat()
    expect(cells.length).toBeGreaterThan(0)
    // No cell a spreadsheet would read as a formula (OWASP: = + - @, tab, carriage return).
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/)
    // …and the typed words are all there, defused with an apostrophe where they had to be.
    const title = `'${TYPED.proposal(1, 2).title}`
    expect(cells).toContain(title)
    expect(cells).toContain(`'${TYPED.proposal(1, 2).what}`)
    expect(cells.some((c) => c.includes(TYPED.mergedTitle))).toBe(true)
    expect(cells.some((c) => c.startsWith("'-2+3"))).toBe(true)
    expect(cells.some((c) => c.startsWith("'@SUM(1+1)"))).toBe(true)
  })
})

/** RFC 4180, as a spreadsheet reads it: quoted fields with "" inside, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++
    } else field += c
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row)
  return rows
}
