/**
 * The summary as a Word document, for the organisers' report to their donor: Title, Heading 1–3
 * (so Word's navigation pane and table of contents work), the ranked proposals as a real Word
 * table, each table's notes per round, and every translation in a column beside its original.
 *
 * Fonts are named on every run, never left to the program: "Noto Sans" for Latin and Cyrillic,
 * "Noto Sans Georgian" for Georgian, in runs of their own (shared/summary/script.ts). Word files
 * Georgian under the hAnsi slot and LibreOffice under its western font, so a Georgian run names
 * its font in all four slots (ascii, hAnsi, cs, eastAsia) and both programs pick it. List
 * markers are typed characters, not Word numbering, so no bullet falls back to a Symbol font.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx'
import { GEORGIAN_FONT, LATIN_FONT, scriptRuns } from '../../shared/summary/script.js'
import type { NoteBlock, Summary, SummaryProposal, SummaryProvenance, SummaryRoundNotes, SummaryTable } from '../../shared/summary/summary.js'
import {
  countRowsLine,
  generatedLine,
  isOwnOriginal,
  LABELS,
  participantsSentence,
  provenanceLine,
  sourceTables,
  tableLabel,
  votingSentence,
} from '../../shared/summary/wording.js'

/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 }
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
/** Ranking table: place, proposal, dots, voters, from tables. */
const RANKING_COLUMNS = [850, 4838, 850, 950, 2150]
const HALF = Math.floor(CONTENT_WIDTH / 2)
const RULE = 'BFBFBF'
const TINT = 'F3F1EA'
const MUTED = '555555'

const fontsFor = (name: string) => ({ ascii: name, hAnsi: name, cs: name, eastAsia: name })

type RunStyle = Pick<IRunOptions, 'bold' | 'italics' | 'color' | 'size'>

/**
 * Runs for `text`, split by script so each run names a font that has its letters; line breaks
 * typed inside one block become Word line breaks.
 */
function runs(text: string, style: RunStyle = {}): ParagraphChild[] {
  const out: ParagraphChild[] = []
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((line, i) => {
      if (i > 0) out.push(new TextRun({ break: 1, font: fontsFor(LATIN_FONT) }))
      for (const run of scriptRuns(line)) {
        out.push(
          new TextRun({
            ...style,
            text: run.text,
            font: fontsFor(run.georgian ? GEORGIAN_FONT : LATIN_FONT),
            ...(run.georgian ? { language: { value: 'ka-GE' } } : {}),
          }),
        )
      }
    })
  return out
}

const para = (text: string, style: RunStyle = {}, options: { spacingAfter?: number; keepNext?: boolean } = {}) =>
  new Paragraph({
    children: runs(text, style),
    spacing: { after: options.spacingAfter ?? 80 },
    ...(options.keepNext ? { keepNext: true } : {}),
  })

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ heading: level, children: runs(text), keepNext: true })

/** A labelled line: "Countries: Georgia 12, …". */
const labelled = (label: string, text: string) =>
  new Paragraph({ children: [...runs(`${label}: `, { bold: true }), ...runs(text)], spacing: { after: 80 } })

/** A list item with a typed marker and a hanging indent, so wrapped lines align with the text. */
function listItem(marker: string, text: string, depth: number, style: RunStyle = {}): Paragraph {
  const left = 360 + depth * 360
  return new Paragraph({
    children: [...runs(`${marker}\t`), ...runs(text, style)],
    indent: { left, hanging: 300 },
    tabStops: [{ type: 'left', position: left }],
    spacing: { after: 40 },
  })
}

/** The summary as a .docx file. */
export async function summaryDocx(s: Summary): Promise<Buffer> {
  const children: (Paragraph | Table)[] = []
  children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: runs(s.title) }))
  if (s.title.trim() !== s.topic.trim()) children.push(labelled(LABELS.topic, s.topic))
  children.push(labelled(LABELS.date, s.date))
  if (s.introduction !== '') for (const text of paragraphsOf(s.introduction)) children.push(para(text))

  children.push(heading(LABELS.questions, HeadingLevel.HEADING_1))
  s.questions.forEach((question, i) => children.push(listItem(`${i + 1}.`, question, 0)))

  children.push(heading(LABELS.participants, HeadingLevel.HEADING_1))
  children.push(para(`${participantsSentence(s)}.`))
  children.push(labelled(LABELS.countries, countRowsLine(s.participants.countries, s.participants.withoutCountry)))
  children.push(labelled(LABELS.organisations, countRowsLine(s.participants.organisations, s.participants.withoutOrganisation)))

  children.push(heading(LABELS.ranked, HeadingLevel.HEADING_1))
  children.push(para(votingSentence(s), { italics: true, color: MUTED }))
  if (s.proposals.length > 0) {
    children.push(rankingTable(s.proposals))
    for (const proposal of s.proposals) children.push(...proposalSection(proposal))
  }

  children.push(heading(LABELS.tables, HeadingLevel.HEADING_1))
  for (const table of s.tables) children.push(...tableSection(table))
  children.push(para(`${LABELS.generated} ${generatedLine(s)} by Tablecloth.`, { italics: true, color: MUTED, size: 18 }))

  const doc = new Document({
    creator: 'Tablecloth',
    title: s.title,
    description: `Knowledge Café summary, ${s.date}`,
    styles: {
      default: {
        document: { run: { font: fontsFor(LATIN_FONT), size: 21 }, paragraph: { spacing: { after: 80 } } },
        title: { run: { font: fontsFor(LATIN_FONT), size: 44, bold: true, color: '1A1A1A' }, paragraph: { spacing: { after: 160 } } },
        heading1: { run: { font: fontsFor(LATIN_FONT), size: 32, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: fontsFor(LATIN_FONT), size: 26, bold: true, color: '1A1A1A' }, paragraph: { spacing: { before: 240, after: 80 } } },
        heading3: { run: { font: fontsFor(LATIN_FONT), size: 22, bold: true, color: '333333' }, paragraph: { spacing: { before: 160, after: 60 } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        children,
      },
    ],
  })
  return Packer.toBuffer(doc)
}

// ── Proposals ────────────────────────────────────────────────────────────────────────────────

const border = { style: BorderStyle.SINGLE, size: 4, color: RULE }
const borders = { top: border, bottom: border, left: border, right: border }
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none }

function cell(children: Paragraph[], width: number, options: { header?: boolean; right?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    borders,
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    ...(options.header ? { shading: { type: ShadingType.CLEAR, fill: TINT, color: 'auto' } } : {}),
  })
}

const cellText = (text: string, style: RunStyle = {}, right = false) =>
  new Paragraph({ children: runs(text, style), spacing: { after: 0 }, ...(right ? { alignment: AlignmentType.RIGHT } : {}) })

/** The ranked proposals as one Word table; its header row repeats on every page. */
function rankingTable(proposals: SummaryProposal[]): Table {
  const [place, proposal, dots, voters, from] = RANKING_COLUMNS as [number, number, number, number, number]
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [
      cell([cellText(LABELS.place, { bold: true }, true)], place, { header: true }),
      cell([cellText(LABELS.proposal, { bold: true })], proposal, { header: true }),
      cell([cellText(LABELS.dots, { bold: true }, true)], dots, { header: true }),
      cell([cellText(LABELS.voters, { bold: true }, true)], voters, { header: true }),
      cell([cellText(LABELS.fromTables, { bold: true })], from, { header: true }),
    ],
  })
  const rows = proposals.map(
    (p) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([cellText(String(p.place), {}, true)], place),
          cell(
            [cellText(p.title.text, { bold: true }), ...(p.title.translation === undefined ? [] : [cellText(p.title.translation, { italics: true })])],
            proposal,
          ),
          cell([cellText(String(p.dots), {}, true)], dots),
          cell([cellText(String(p.voters), {}, true)], voters),
          cell([cellText(sourceTables(p).join(', '))], from),
        ],
      }),
  )
  return new Table({
    rows: [header, ...rows],
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: RANKING_COLUMNS,
    layout: TableLayoutType.FIXED,
  })
}

/**
 * Original and translation side by side, in a borderless two-column table; just the original
 * when nobody translated it.
 */
function beside(original: Paragraph[], translation: string | undefined): (Paragraph | Table)[] {
  if (translation === undefined) return original
  const side = (children: Paragraph[]) =>
    new TableCell({ children, width: { size: HALF, type: WidthType.DXA }, margins: { top: 40, bottom: 40, left: 80, right: 160 } })
  const translated = [
    cellText(LABELS.translation, { italics: true, color: MUTED, size: 17 }),
    ...paragraphsOf(translation).map((text) => para(text)),
  ]
  return [
    new Table({
      rows: [new TableRow({ children: [side(original), side(translated)] })],
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: [HALF, HALF],
      layout: TableLayoutType.FIXED,
      borders: noBorders,
    }),
  ]
}

function proposalSection(p: SummaryProposal): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(`${p.place}. ${p.title.text}`), keepNext: true })]
  if (p.title.translation !== undefined) {
    out.push(new Paragraph({ children: [...runs(`${LABELS.translation}: `, { color: MUTED }), ...runs(p.title.translation, { italics: true })], keepNext: true }))
  }
  if (p.what.text.trim() !== '' || p.what.translation !== undefined) {
    out.push(...beside(paragraphsOf(p.what.text).map((text) => para(text)), p.what.translation))
  }
  out.push(para(`${LABELS.dots}: ${p.dots} · ${LABELS.voters}: ${p.voters}`, { color: MUTED }))
  out.push(para(`${LABELS.sources}:`, { bold: true }, { keepNext: true }))
  const own = isOwnOriginal(p)
  for (const source of p.sources) out.push(...sourceLines(source, own))
  return out
}

function sourceLines(source: SummaryProvenance, own: boolean): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [listItem('•', provenanceLine(source), 0, { color: MUTED })]
  if (!own) {
    const words = [source.title, source.what].filter((text) => text.trim() !== '').join(' — ')
    const translation = [source.titleTranslation, source.whatTranslation].filter((text) => text !== undefined).join(' — ')
    out.push(...beside([listItem('', words, 0)], translation === '' ? undefined : translation))
  }
  if (source.who.trim() !== '') out.push(listItem('', `${LABELS.who}: ${source.who}`, 0))
  if (source.when.trim() !== '') out.push(listItem('', `${LABELS.when}: ${source.when}`, 0))
  return out
}

// ── Tables and notes ─────────────────────────────────────────────────────────────────────────

function tableSection(table: SummaryTable): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading(tableLabel(table.table, table.name), HeadingLevel.HEADING_2)]
  if (table.host !== undefined) out.push(labelled(LABELS.host, table.host))
  for (const round of table.rounds) out.push(...roundSection(round))
  return out
}

function roundSection(round: SummaryRoundNotes): (Paragraph | Table)[] {
  const title = round.question.trim() === '' ? `${LABELS.round} ${round.round}` : `${LABELS.round} ${round.round}: ${round.question}`
  const notes = round.blocks.length === 0 ? [para(LABELS.noNotes, { italics: true, color: MUTED })] : round.blocks.map(noteParagraph)
  return [heading(title, HeadingLevel.HEADING_3), ...beside(notes, round.translation)]
}

function noteParagraph(block: NoteBlock): Paragraph {
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
    .filter((paragraph) => paragraph.trim() !== '')
}
