/**
 * WordprocessingML written as text: paragraphs, runs and tables for the summary's Word body.
 * The `docx` package builds the same XML through an object per element, which for a 200-table
 * café (≈30,000 paragraphs) takes several seconds; this writes it directly, in the element order
 * the schema requires (and `docx` itself emits: pStyle, keepNext, tabs, spacing, ind, jc in a
 * paragraph; rFonts, b, i, color, sz, lang in a run), so Word and LibreOffice read it alike.
 *
 * Georgian runs name "Noto Sans Georgian" in all four font slots; every other run takes "Noto
 * Sans" from the document's defaults (shared/summary/script.ts splits the text by script).
 */
import { GEORGIAN_FONT, scriptRuns } from '../../shared/summary/script.js'

/** Run formatting the summary uses. */
export interface RunStyle {
  bold?: boolean
  italics?: boolean
  /** Hex colour, e.g. "555555". */
  color?: string
  /** Half-points. */
  size?: number
}

/** Paragraph formatting the summary uses. */
export interface ParagraphStyle {
  style?: 'Title' | 'Heading1' | 'Heading2' | 'Heading3'
  keepNext?: boolean
  /** A left tab stop (twips), for typed list markers. */
  tab?: number
  /** Space after, twips. */
  after?: number
  indent?: { left: number; hanging: number }
  align?: 'right'
}

/** XML 1.0 forbids most control characters (and Word refuses a file holding one): drop them. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/

/** Text for an element or attribute: escaped, with characters XML cannot hold removed. */
export function xmlText(text: string): string {
  // Most text needs nothing done: one scan instead of two replacements.
  if (!NEEDS_WORK.test(text)) return text
  return text.replace(NOT_XML, '').replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'))
}

const GEORGIAN_FONTS = `<w:rFonts w:ascii="${GEORGIAN_FONT}" w:cs="${GEORGIAN_FONT}" w:eastAsia="${GEORGIAN_FONT}" w:hAnsi="${GEORGIAN_FONT}"/>`

/**
 * A run's properties. A Latin or Cyrillic run names no font: the document's defaults name
 * "Noto Sans" in all four slots (docx.ts), and leaving it out keeps a 200-table café's body a
 * third smaller. A Georgian run always names its own.
 */
function runProperties(georgian: boolean, style: RunStyle): string {
  let xml = georgian ? GEORGIAN_FONTS : ''
  if (style.bold) xml += '<w:b/><w:bCs/>'
  if (style.italics) xml += '<w:i/><w:iCs/>'
  if (style.color) xml += `<w:color w:val="${style.color}"/>`
  if (style.size) xml += `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>`
  if (georgian) xml += '<w:lang w:val="ka-GE"/>'
  return xml === '' ? '' : `<w:rPr>${xml}</w:rPr>`
}

/**
 * Runs for `text`, split by script so each run names a font that has its letters. A line break
 * typed inside a block becomes <w:br/>, a tab <w:tab/>.
 */
export function runs(text: string, style: RunStyle = {}): string {
  let xml = ''
  for (const run of scriptRuns(text.replace(/\r\n?/g, '\n'))) {
    const content = /[\n\t]/.test(run.text)
      ? run.text
          .split(/(\n|\t)/)
          .map((part) => (part === '\n' ? '<w:br/>' : part === '\t' ? '<w:tab/>' : part === '' ? '' : textElement(part)))
          .join('')
      : textElement(run.text)
    xml += `<w:r>${runProperties(run.georgian, style)}${content}</w:r>`
  }
  return xml
}

/** <w:t>, told to keep its spaces only when it has some at either end (Word would drop them). */
const textElement = (text: string): string =>
  /^\s|\s$/.test(text) ? `<w:t xml:space="preserve">${xmlText(text)}</w:t>` : `<w:t>${xmlText(text)}</w:t>`

/** A paragraph of runs (from {@link runs}). */
export function paragraph(content: string, style: ParagraphStyle = {}): string {
  let props = ''
  if (style.style) props += `<w:pStyle w:val="${style.style}"/>`
  if (style.keepNext) props += '<w:keepNext/>'
  if (style.tab !== undefined) props += `<w:tabs><w:tab w:val="left" w:pos="${style.tab}"/></w:tabs>`
  if (style.after !== undefined) props += `<w:spacing w:after="${style.after}"/>`
  if (style.indent) props += `<w:ind w:left="${style.indent.left}" w:hanging="${style.indent.hanging}"/>`
  if (style.align) props += `<w:jc w:val="${style.align}"/>`
  return `<w:p>${props === '' ? '' : `<w:pPr>${props}</w:pPr>`}${content}</w:p>`
}

/** One cell: its width (twips), its paragraphs, and how it looks. */
export interface Cell {
  width: number
  content: string
  header?: boolean
}

export interface TableLook {
  /** Column widths, twips. */
  columns: number[]
  /** Rule colour of every cell's border; none when absent. */
  rule?: string
  /** Header cells' fill. */
  tint?: string
  /** Cell padding, twips: top/bottom, left/right. */
  padding: [number, number]
  /** The first row repeats at the top of each page. */
  headerRow?: boolean
}

function cellXml(cell: Cell, look: TableLook): string {
  const edge = (side: string) =>
    look.rule ? `<w:${side} w:val="single" w:color="${look.rule}" w:sz="4"/>` : `<w:${side} w:val="nil"/>`
  const [vertical, horizontal] = look.padding
  const props =
    `<w:tcW w:type="dxa" w:w="${cell.width}"/>` +
    `<w:tcBorders>${edge('top')}${edge('left')}${edge('bottom')}${edge('right')}</w:tcBorders>` +
    (cell.header && look.tint ? `<w:shd w:fill="${look.tint}" w:color="auto" w:val="clear"/>` : '') +
    `<w:tcMar><w:top w:type="dxa" w:w="${vertical}"/><w:left w:type="dxa" w:w="${horizontal}"/><w:bottom w:type="dxa" w:w="${vertical}"/><w:right w:type="dxa" w:w="${horizontal}"/></w:tcMar>`
  // A cell must end with a paragraph, even an empty one.
  return `<w:tc><w:tcPr>${props}</w:tcPr>${cell.content === '' ? '<w:p/>' : cell.content}</w:tc>`
}

/** A table of fixed column widths; rows never split across pages. */
export function table(rows: Cell[][], look: TableLook): string {
  const width = look.columns.reduce((sum, w) => sum + w, 0)
  const border = (side: string) => (look.rule ? `<w:${side} w:val="single" w:color="${look.rule}" w:sz="4"/>` : `<w:${side} w:val="nil"/>`)
  const props =
    `<w:tblW w:type="dxa" w:w="${width}"/>` +
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>` +
    '<w:tblLayout w:type="fixed"/>'
  const grid = look.columns.map((w) => `<w:gridCol w:w="${w}"/>`).join('')
  const body = rows
    .map((cells, i) => `<w:tr><w:trPr><w:cantSplit/>${i === 0 && look.headerRow ? '<w:tblHeader/>' : ''}</w:trPr>${cells.map((c) => cellXml(c, look)).join('')}</w:tr>`)
    .join('')
  return `<w:tbl><w:tblPr>${props}</w:tblPr><w:tblGrid>${grid}</w:tblGrid>${body}</w:tbl>`
}

/** A4, margins `margin` twips all round. */
export interface Page {
  width: number
  height: number
  margin: number
}

/** The main document part: `body` (paragraphs and tables) on A4 pages. */
export function documentXml(body: string, page: Page): string {
  const m = page.margin
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<w:body>${body}<w:sectPr><w:pgSz w:w="${page.width}" w:h="${page.height}" w:orient="portrait"/>` +
    `<w:pgMar w:top="${m}" w:right="${m}" w:bottom="${m}" w:left="${m}" w:header="708" w:footer="708" w:gutter="0"/>` +
    '<w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>'
  )
}
