/**
 * Reads a registration list saved as CSV — by hand, or by a spreadsheet in any locale — into rows
 * the café can import. Pure and total: it never throws, whatever bytes it is given.
 *
 * Either the file is rejected as a whole (nothing in it can be trusted: no name column, not text,
 * empty, too large), or every record becomes a row or a problem that names the line it starts on
 * in the file, so the facilitator can open the spreadsheet and fix exactly that line.
 *
 * Spreadsheets differ in what they write: Excel in German, Russian or Romanian locales separates
 * with ';' (the comma is their decimal mark), others with ','; Excel adds a UTF-8 BOM and CRLF;
 * fields holding the separator, a quote or a line break are quoted, quotes doubled (RFC 4180).
 */

/** Largest file read (bytes of UTF-8). */
export const MAX_CSV_BYTES = 1_000_000
/** Most records (after the header) in one file. */
export const MAX_CSV_ROWS = 5_000
/** Longest value of each column, the same limits the join screen has. */
export const FIELD_MAX = { name: 80, country: 60, organisation: 120, language: 35, email: 254 } as const

export type RegistrationColumn = keyof typeof FIELD_MAX

/** One readable record: the line it starts on (the header is line 1) and its values, trimmed. */
export interface RegistrationRow {
  line: number
  name: string
  country?: string
  organisation?: string
  language?: string
  email?: string
}

export type RowProblemReason = 'missing_name' | 'too_long' | 'bad_email' | 'column_count' | 'unclosed_quote'

/** A record that could not be read, by the line it starts on. */
export interface RowProblem {
  line: number
  reason: RowProblemReason
  /** The column at fault, for `too_long` and `bad_email`. */
  column?: RegistrationColumn
  /** Plain English for logs and tests; screens say it from `reason` in the person's language. */
  message: string
}

export type FileRejection = 'empty' | 'not_text' | 'too_large' | 'too_many_rows' | 'no_name_column'

export type RegistrationsCsv =
  | { ok: false; reason: FileRejection; message: string }
  | {
      ok: true
      separator: ',' | ';'
      /** Columns recognised in the header, in file order. */
      columns: RegistrationColumn[]
      rows: RegistrationRow[]
      problems: RowProblem[]
    }

const reject = (reason: FileRejection, message: string): RegistrationsCsv => ({ ok: false, reason, message })

/** Header spellings, after lower-casing and dropping spaces, dashes and underscores. */
const HEADER_NAMES = new Map<string, RegistrationColumn>([
  ['name', 'name'],
  ['fullname', 'name'],
  ['country', 'country'],
  ['organisation', 'organisation'],
  ['organization', 'organisation'],
  ['language', 'language'],
  ['email', 'email'],
  ['emailaddress', 'email'],
])

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Reads a registration list from the file's bytes (or text already decoded). Never throws. */
export function parseRegistrationsCsv(input: Uint8Array | string): RegistrationsCsv {
  let text: string
  if (typeof input === 'string') {
    if (new TextEncoder().encode(input).length > MAX_CSV_BYTES) return tooLarge()
    text = input
  } else {
    if (input.length > MAX_CSV_BYTES) return tooLarge()
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input)
    } catch {
      return notText()
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  // A NUL, or other control characters than tab and line breaks, means a binary file (an .xlsx
  // picked by mistake decodes as UTF-8 sometimes, and always holds some).
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return notText()
  if (text.trim() === '') return reject('empty', 'the file is empty')

  const separator = guessSeparator(text)
  const all = readRecords(text, separator)
  // Blank lines above the column names (some exports start with one) are skipped.
  const records = all.slice(all.findIndex((r) => r.broken || !isBlank(r.fields)))
  const header = records[0]!
  if (header.broken) return reject('no_name_column', 'the first line (the column names) has a quote that is never closed')
  const columns = header.fields.map((f) => HEADER_NAMES.get(f.toLowerCase().replace(/[\s_-]/g, '')))
  // The first column of each name counts; a repeated one is ignored like any unknown column.
  const seen = new Set<RegistrationColumn>()
  const used = columns.map((c) => (c && !seen.has(c) ? (seen.add(c), c) : undefined))
  if (!seen.has('name')) {
    return reject('no_name_column', 'the first line must name the columns, one of them "name"')
  }
  const body = records.slice(1).filter((r) => r.broken || !isBlank(r.fields))
  if (body.length > MAX_CSV_ROWS) {
    return reject('too_many_rows', `the file has ${body.length} rows; at most ${MAX_CSV_ROWS} can be imported at once`)
  }

  const rows: RegistrationRow[] = []
  const problems: RowProblem[] = []
  for (const record of body) {
    const result = readRow(record, used)
    if ('reason' in result) problems.push(result)
    else rows.push(result)
  }
  return { ok: true, separator, columns: used.filter((c): c is RegistrationColumn => c !== undefined), rows, problems }
}

function tooLarge(): RegistrationsCsv {
  return reject('too_large', `the file is larger than ${MAX_CSV_BYTES / 1_000_000} MB`)
}

function notText(): RegistrationsCsv {
  return reject('not_text', 'the file is not text (UTF-8): save the spreadsheet as "CSV UTF-8"')
}

function isBlank(fields: string[]): boolean {
  return fields.every((f) => f.trim() === '')
}

function readRow(record: CsvRecord, columns: (RegistrationColumn | undefined)[]): RegistrationRow | RowProblem {
  const { line, fields } = record
  if (record.broken) return { line, reason: 'unclosed_quote', message: `line ${line}: a quote is opened and never closed` }
  // Spreadsheets pad rows with empty cells: extra empty fields at the end are harmless.
  const extra = fields.slice(columns.length)
  if (fields.length < columns.length || !isBlank(extra)) {
    return {
      line,
      reason: 'column_count',
      message: `line ${line}: ${fields.length} fields where the first line names ${columns.length} columns`,
    }
  }
  const row: RegistrationRow = { line, name: '' }
  for (const [i, column] of columns.entries()) {
    if (!column) continue
    const value = fields[i]!.trim()
    if (value.length > FIELD_MAX[column]) {
      return { line, reason: 'too_long', column, message: `line ${line}: ${column} is longer than ${FIELD_MAX[column]} characters` }
    }
    if (column === 'name') row.name = value
    else if (value !== '') row[column] = value
  }
  if (row.name === '') return { line, reason: 'missing_name', column: 'name', message: `line ${line}: no name` }
  if (row.email !== undefined && !EMAIL.test(row.email)) {
    return { line, reason: 'bad_email', column: 'email', message: `line ${line}: "${row.email}" is not an e-mail address` }
  }
  return row
}

/** The separator the header line uses most, outside quotes; ',' when it has neither. */
function guessSeparator(text: string): ',' | ';' {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const c of text) {
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted && c === ',') commas++
    else if (!quoted && c === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

interface CsvRecord {
  /** The line (1-based) the record starts on. */
  line: number
  fields: string[]
  /** A quote opened in this record is never closed before the end of the file. */
  broken?: boolean
}

/**
 * Splits the text into records (RFC 4180, leniently: a stray quote inside an unquoted field is
 * kept as a character, text after a closing quote is kept too). A quote left open to the end of
 * the file would swallow every line after it: that record is reported broken, and reading starts
 * again on the line after the one it began on, so one typo costs one row, not the rest.
 */
function readRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let i = 0
  let line = 1
  while (i < text.length) {
    const start = { i, line }
    const fields: string[] = []
    let field = ''
    let quoted = false
    let atFieldStart = true
    let ended = false
    for (; i < text.length && !ended; i++) {
      const c = text[i]!
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i++
          } else quoted = false
        } else {
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++
          field += c
        }
        continue
      }
      if (c === '"' && atFieldStart) {
        quoted = true
        atFieldStart = false
      } else if (c === separator) {
        fields.push(field)
        field = ''
        atFieldStart = true
      } else if (c === '\r' || c === '\n') {
        if (c === '\r' && text[i + 1] === '\n') i++
        line++
        ended = true
      } else {
        // Spaces before an opening quote (`a, "b"`) still let the quote open the field.
        if (!(c === ' ' && atFieldStart && field.trim() === '')) atFieldStart = false
        field += c
      }
    }
    if (quoted) {
      records.push({ line: start.line, fields: [], broken: true })
      i = nextLineStart(text, start.i)
      line = start.line + 1
      continue
    }
    fields.push(field)
    records.push({ line: start.line, fields })
  }
  return records
}

/** Index just after the line break that ends the physical line starting at `from`. */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\n') return i + 1
    if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1
  }
  return text.length
}

/** Writes one field for a CSV file with this separator, quoting it when it needs to. */
export function csvField(value: string, separator: ',' | ';'): string {
  return value.includes(separator) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value
}
