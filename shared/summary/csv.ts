/**
 * The ranked proposals and their votes as CSV, one row per proposal, for organisers who count
 * and sort in a spreadsheet. RFC 4180 (CRLF line ends, every field quoted when it must be),
 * UTF-8 with a byte-order mark: without it Excel reads the file as the machine's code page and
 * Georgian and Cyrillic turn to question marks.
 *
 * A cell people typed that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading
 * apostrophe, so that opening the file cannot run `=HYPERLINK(…)` or worse (CSV injection).
 */
import type { Summary, SummaryProposal } from './summary.js'
import { LABELS, provenanceLine, sourceAuthors, sourceRounds, sourceTables } from './wording.js'

/** The header row, in column order. */
export const PROPOSALS_CSV_COLUMNS = [
  'place',
  'title',
  'title_translation',
  'what',
  'what_translation',
  'dots',
  'voters',
  'merged',
  'tables',
  'rounds',
  'authors',
  'who',
  'when',
  'sources',
] as const

const BOM = '\ufeff'
const EOL = '\r\n'

/** The proposals as CSV text, starting with a BOM; encode it as UTF-8. */
export function proposalsCsv(s: Summary): string {
  const rows: string[][] = [[...PROPOSALS_CSV_COLUMNS], ...s.proposals.map(row)]
  return BOM + rows.map((cells) => cells.map(field).join(',')).join(EOL) + EOL
}

function row(p: SummaryProposal): string[] {
  const distinct = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))]
  return [
    String(p.place),
    typed(p.title.text),
    typed(p.title.translation ?? ''),
    typed(p.what.text),
    typed(p.what.translation ?? ''),
    String(p.dots),
    String(p.voters),
    p.merged ? 'yes' : 'no',
    typed(sourceTables(p).join('; ')),
    sourceRounds(p)
      .map((round) => (round === 0 ? '?' : String(round)))
      .join('; '),
    typed(sourceAuthors(p).join('; ')),
    typed(distinct(p.sources.map((source) => source.who)).join('; ')),
    typed(distinct(p.sources.map((source) => source.when)).join('; ')),
    // Each original on its own line inside the cell: where from, then its words as typed.
    typed(
      p.sources
        .map((source) => {
          const words = [source.title, source.what].filter((t) => t.trim() !== '').join(' — ')
          const translation = [source.titleTranslation, source.whatTranslation].filter((t) => t !== undefined).join(' — ')
          return `${provenanceLine(source)}: ${words}${translation === '' ? '' : ` (${LABELS.translation}: ${translation})`}`
        })
        .join('\n'),
    ),
  ]
}

/** Characters that make a spreadsheet read a cell as a formula (with their full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/

/** A cell people typed, defused if it would start a formula. */
export function typed(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
