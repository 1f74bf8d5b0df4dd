/**
 * The summary as a Word document, for the organisers' report to their donor: Title, Heading 1–3
 * (so Word's navigation pane and table of contents work), the ranked proposals as a real Word
 * table, each table's notes per round, and every translation in a column beside its original.
 *
 * The `docx` package makes the package around the text — styles (Title, Heading 1–3 and the
 * document's default font), settings, font table, properties, relationships; the body
 * (word/document.xml) is written by word-xml.ts and the whole re-zipped with Node's zlib
 * (zip.ts), because `docx`'s object per element and its JavaScript deflate take seconds for a
 * 200-table café, and issue 6 asks for every download in under 2 s.
 *
 * Fonts are named, never left to the program: "Noto Sans" for Latin and Cyrillic (the document's
 * default, and each heading style's), "Noto Sans Georgian" on every Georgian run, which has a
 * run of its own. Word files Georgian under the hAnsi slot and LibreOffice under its western
 * font, so both are named in all four slots and both programs pick them. List markers are typed characters, not Word numbering, so no bullet
 * falls back to a Symbol font.
 */
import { Document, Packer } from 'docx'
import { LATIN_FONT } from '../../shared/summary/script.js'
import type { NoteBlock, Summary, SummaryProposal, SummaryProvenance, SummaryRoundNotes, SummaryTable } from '../../shared/summary/summary.js'
import {
  countRowsLine,
  generatedLine,
  isOwnOriginal,
  LABELS,
  participantsSentence,
  contributorsLine,
  provenanceLine,
  sourceTables,
  tableLabel,
  votingSentence,
} from '../../shared/summary/wording.js'
import { documentXml, paragraph, runs, table, type Cell, type ParagraphStyle, type RunStyle } from './word-xml.js'
import { readZip, writeZip } from './zip.js'

/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 }
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
/** Ranking table: place, proposal, dots, voters, from tables. */
const RANKING_COLUMNS = [850, 4838, 850, 950, 2150]
const HALF = Math.floor(CONTENT_WIDTH / 2)
const RULE = 'BFBFBF'
const TINT = 'F3F1EA'
const MUTED = '555555'
const BODY_AFTER = 80

const fontsFor = (name: string) => ({ ascii: name, hAnsi: name, cs: name, eastAsia: name })

const DOCUMENT_PART = 'word/document.xml'

/** The summary as a .docx file. */
export async function summaryDocx(s: Summary): Promise<Buffer> {
  const document = Buffer.from(documentXml(body(s), PAGE), 'utf8')
  const parts = readZip(await Packer.toBuffer(wordPackage(s)))
  if (!parts.some(([name]) => name === DOCUMENT_PART)) throw new Error(`docx wrote no ${DOCUMENT_PART}`)
  return writeZip(parts.map(([name, data]) => [name, name === DOCUMENT_PART ? document : data]))
}

/** Everything but the body: the styles the body's paragraphs name, and the file's properties. */
function wordPackage(s: Summary): Document {
  const heading = (size: number, color: string, before: number, after: number) => ({
    run: { font: fontsFor(LATIN_FONT), size, bold: true, color },
    paragraph: { spacing: { before, after } },
  })
  return new Document({
    creator: 'Tablecloth',
    title: s.title,
    description: `Knowledge Café summary, ${s.date}`,
    styles: {
      default: {
        document: { run: { font: fontsFor(LATIN_FONT), size: 21 }, paragraph: { spacing: { after: BODY_AFTER } } },
        title: heading(44, '1A1A1A', 0, 160),
        heading1: heading(32, '1A1A1A', 360, 120),
        heading2: heading(26, '1A1A1A', 240, 80),
        heading3: heading(22, '333333', 160, 60),
      },
    },
    // The body is replaced (summaryDocx); the section only has to exist.
    sections: [{ children: [] }],
  })
}

/** A body paragraph (its space after comes from the document's defaults). */
const para = (text: string, style: RunStyle = {}, props: ParagraphStyle = {}) => paragraph(runs(text, style), props)

const heading = (text: string, style: NonNullable<ParagraphStyle['style']>) => paragraph(runs(text), { style, keepNext: true })

/** A labelled line: "Countries: Georgia 12, …". */
const labelled = (label: string, text: string) => paragraph(runs(`${label}: `, { bold: true }) + runs(text))

/** A list item with a typed marker and a hanging indent, so wrapped lines align with the text. */
function listItem(marker: string, text: string, depth: number, style: RunStyle = {}): string {
  const left = 360 + depth * 360
  return paragraph(runs(`${marker}\t`) + runs(text, style), { tab: left, after: 40, indent: { left, hanging: 300 } })
}

function body(s: Summary): string {
  const out: string[] = [paragraph(runs(s.title), { style: 'Title' })]
  if (s.title.trim() !== s.topic.trim()) out.push(labelled(LABELS.topic, s.topic))
  out.push(labelled(LABELS.date, s.date))
  for (const text of paragraphsOf(s.introduction)) out.push(para(text))

  out.push(heading(LABELS.questions, 'Heading1'))
  s.questions.forEach((question, i) => out.push(listItem(`${i + 1}.`, question, 0)))

  out.push(heading(LABELS.participants, 'Heading1'))
  out.push(para(`${participantsSentence(s)}.`))
  out.push(labelled(LABELS.countries, countRowsLine(s.participants.countries, s.participants.withoutCountry)))
  out.push(labelled(LABELS.organisations, countRowsLine(s.participants.organisations, s.participants.withoutOrganisation)))

  out.push(heading(LABELS.ranked, 'Heading1'))
  out.push(para(votingSentence(s), { italics: true, color: MUTED }))
  if (s.proposals.length > 0) {
    out.push(rankingTable(s.proposals))
    for (const proposal of s.proposals) out.push(proposalSection(proposal))
  }

  out.push(heading(LABELS.tables, 'Heading1'))
  for (const t of s.tables) out.push(tableSection(t))
  out.push(para(`${LABELS.generated} ${generatedLine(s)} by Tablecloth.`, { italics: true, color: MUTED, size: 18 }))
  return out.join('')
}

// ── Proposals ────────────────────────────────────────────────────────────────────────────────

const cellText = (text: string, style: RunStyle = {}, right = false) => paragraph(runs(text, style), { after: 0, ...(right ? { align: 'right' } : {}) })

/** The ranked proposals as one Word table; its header row repeats on every page. */
function rankingTable(proposals: SummaryProposal[]): string {
  const [place, proposal, dots, voters, from] = RANKING_COLUMNS as [number, number, number, number, number]
  const header: Cell[] = [
    { width: place, content: cellText(LABELS.place, { bold: true }, true), header: true },
    { width: proposal, content: cellText(LABELS.proposal, { bold: true }), header: true },
    { width: dots, content: cellText(LABELS.dots, { bold: true }, true), header: true },
    { width: voters, content: cellText(LABELS.voters, { bold: true }, true), header: true },
    { width: from, content: cellText(LABELS.fromTables, { bold: true }), header: true },
  ]
  const rows = proposals.map((p): Cell[] => [
    { width: place, content: cellText(String(p.place), {}, true) },
    {
      width: proposal,
      content: cellText(p.title.text, { bold: true }) + (p.title.translation === undefined ? '' : cellText(p.title.translation, { italics: true })),
    },
    { width: dots, content: cellText(String(p.dots), {}, true) },
    { width: voters, content: cellText(String(p.voters), {}, true) },
    { width: from, content: cellText(sourceTables(p).join(', ')) },
  ])
  return table([header, ...rows], { columns: RANKING_COLUMNS, rule: RULE, tint: TINT, padding: [60, 100], headerRow: true })
}

/**
 * Original and translation side by side, in a borderless two-column table; just the original
 * when nobody translated it.
 */
function beside(original: string, translation: string | undefined): string {
  if (translation === undefined) return original
  const translated = cellText(LABELS.translation, { italics: true, color: MUTED, size: 17 }) + paragraphsOf(translation).map((text) => para(text)).join('')
  return table([[{ width: HALF, content: original }, { width: HALF, content: translated }]], { columns: [HALF, HALF], padding: [40, 120] })
}

function proposalSection(p: SummaryProposal): string {
  let xml = heading(`${p.place}. ${p.title.text}`, 'Heading2')
  if (p.title.translation !== undefined) {
    xml += paragraph(runs(`${LABELS.translation}: `, { color: MUTED }) + runs(p.title.translation, { italics: true }), { keepNext: true })
  }
  if (p.what.text.trim() !== '' || p.what.translation !== undefined) {
    xml += beside(paragraphsOf(p.what.text).map((text) => para(text)).join(''), p.what.translation)
  }
  xml += para(`${LABELS.dots}: ${p.dots} · ${LABELS.voters}: ${p.voters}`, { color: MUTED })
  xml += para(`${LABELS.sources}:`, { bold: true }, { keepNext: true })
  const own = isOwnOriginal(p)
  for (const source of p.sources) xml += sourceLines(source, own)
  return xml
}

function sourceLines(source: SummaryProvenance, own: boolean): string {
  let xml = listItem('•', provenanceLine(source), 0, { color: MUTED })
  if (!own) {
    const words = [source.title, source.what].filter((text) => text.trim() !== '').join(' — ')
    const translation = [source.titleTranslation, source.whatTranslation].filter((text) => text !== undefined).join(' — ')
    xml += beside(listItem('', words, 0), translation === '' ? undefined : translation)
  }
  if (source.who.trim() !== '') xml += listItem('', `${LABELS.who}: ${source.who}`, 0)
  if (source.when.trim() !== '') xml += listItem('', `${LABELS.when}: ${source.when}`, 0)
  return xml
}

// ── Tables and notes ─────────────────────────────────────────────────────────────────────────

function tableSection(t: SummaryTable): string {
  let xml = heading(tableLabel(t.table, t.name), 'Heading2')
  if (t.host !== undefined) xml += labelled(LABELS.host, t.host)
  for (const round of t.rounds) xml += roundSection(round)
  return xml
}

function roundSection(round: SummaryRoundNotes): string {
  const title = round.question.trim() === '' ? `${LABELS.round} ${round.round}` : `${LABELS.round} ${round.round}: ${round.question}`
  const notes = round.blocks.length === 0 ? para(LABELS.noNotes, { italics: true, color: MUTED }) : round.blocks.map(noteParagraph).join('')
  const contributors = contributorsLine(round)
  const credit = contributors === '' ? '' : para(contributors, { italics: true, color: MUTED })
  return heading(title, 'Heading3') + credit + beside(notes, round.translation)
}

function noteParagraph(block: NoteBlock): string {
  switch (block.kind) {
    case 'heading':
      return para(block.text, { bold: true }, { keepNext: true })
    case 'paragraph':
      return para(block.text)
    case 'bullet':
      return listItem('•', block.text, block.depth ?? 0)
    case 'ordered':
      return listItem(`${block.number ?? 1}.`, block.text, block.depth ?? 0)
  }
}

/** Typed text split at blank lines. */
function paragraphsOf(text: string): string[] {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .filter((part) => part.trim() !== '')
}
