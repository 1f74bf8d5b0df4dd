import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { csvField, MAX_CSV_BYTES, MAX_CSV_ROWS, parseRegistrationsCsv, type RegistrationRow } from '../../shared/prep/registrations-csv.js'

const ok = (input: Uint8Array | string) => {
  const result = parseRegistrationsCsv(input)
  if (!result.ok) throw new Error(`rejected: ${result.message}`)
  return result
}

describe('a registration list saved by a spreadsheet', () => {
  it('reads Excel in a German locale: BOM, semicolons, CRLF, columns in another order and spelled freely', () => {
    const file = '\uFEFFE-Mail; Organization ;NAME;Country\r\nnino@example.ge;"IWO; Berlin";Nino Beridze;Georgia\r\n;MAMA-86;Олена Коваленко;Україна\r\n'
    const result = ok(new TextEncoder().encode(file))
    expect(result.separator).toBe(';')
    expect(result.columns).toEqual(['email', 'organisation', 'name', 'country'])
    expect(result.rows).toEqual([
      { line: 2, name: 'Nino Beridze', country: 'Georgia', organisation: 'IWO; Berlin', email: 'nino@example.ge' },
      { line: 3, name: 'Олена Коваленко', country: 'Україна', organisation: 'MAMA-86' },
    ])
    expect(result.problems).toEqual([])
  })

  it('counts lines of the file, not records, when a quoted field holds line breaks', () => {
    const file = 'name,organisation\n"Aysel Məmmədova","Resource centre\nGanja"\nIon Popescu,ADR\n,nobody\n'
    const result = ok(file)
    expect(result.rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Aysel Məmmədova'],
      [4, 'Ion Popescu'],
    ])
    expect(result.problems).toEqual([expect.objectContaining({ line: 5, reason: 'missing_name' })])
  })

  it('reports each row it cannot read by its line, and reads the others', () => {
    const file = [
      'name,country,email',
      'ნინო ბერიძე,Georgia,nino@example.ge',
      'Olena,Ukraine,not-an-address',
      `${'x'.repeat(81)},Moldova,`,
      'Ion,Moldova',
      'Ana,Romania,ana@example.ro,extra',
      'Fine,Belarus,,',
      '"Unclosed,Georgia,',
      'Last,Azerbaijan,',
    ].join('\n')
    const result = ok(file)
    expect(result.rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'ნინო ბერიძე'],
      [7, 'Fine'],
      [9, 'Last'],
    ])
    expect(result.problems.map((p) => [p.line, p.reason, p.column])).toEqual([
      [3, 'bad_email', 'email'],
      [4, 'too_long', 'name'],
      [5, 'column_count', undefined],
      [6, 'column_count', undefined],
      [8, 'unclosed_quote', undefined],
    ])
  })

  it.each([
    ['', 'empty'],
    ['\uFEFF \r\n\r\n', 'empty'],
    ['country,organisation\nGeorgia,IWO\n', 'no_name_column'],
    ['Nino Beridze,Georgia\n', 'no_name_column'],
  ])('rejects %j as a whole (%s)', (file, reason) => {
    expect(parseRegistrationsCsv(file)).toMatchObject({ ok: false, reason })
  })

  it('rejects a binary file, a file that is not UTF-8, a file over 1 MB and one with more than 5,000 rows', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
    expect(parseRegistrationsCsv(xlsx)).toMatchObject({ ok: false, reason: 'not_text' })
    const latin1 = new Uint8Array([...new TextEncoder().encode('name\nJos'), 0xe9, 0x0a])
    expect(parseRegistrationsCsv(latin1)).toMatchObject({ ok: false, reason: 'not_text' })
    expect(parseRegistrationsCsv('name\n' + 'a\n'.repeat(MAX_CSV_BYTES / 2))).toMatchObject({ ok: false, reason: 'too_large' })
    const rows = Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `Person ${i}`)
    expect(parseRegistrationsCsv(['name', ...rows].join('\n'))).toMatchObject({ ok: false, reason: 'too_many_rows' })
    expect(ok(['name', ...rows.slice(1)].join('\n')).rows).toHaveLength(MAX_CSV_ROWS)
  })
})

// Names in the scripts of the café's five countries, with every character CSV must escape.
const nameChar = fc.constantFrom(...'aéîșğəშიაОлё ,;"\r\n\'-.'.split(''))
const value = (max: number) => fc.string({ unit: nameChar, maxLength: max }).map((s) => s.trim())
const row = fc.record({
  name: value(40).filter((s) => s !== ''),
  country: value(20),
  organisation: value(30),
  language: value(10),
})

function writeCsv(rows: { name: string; country: string; organisation: string; language: string }[], sep: ',' | ';', eol: string, bom: boolean) {
  const lines = ['Name' + sep + 'Country' + sep + 'Organisation' + sep + 'Language']
  for (const r of rows) lines.push([r.name, r.country, r.organisation, r.language].map((v) => csvField(v, sep)).join(sep))
  return (bom ? '\uFEFF' : '') + lines.join(eol) + eol
}

/** The line each row starts on when written as above: the header, then each row's line breaks. */
function startLines(rows: { name: string; country: string; organisation: string; language: string }[]): number[] {
  let line = 2
  return rows.map((r) => {
    const here = line
    const text = [r.name, r.country, r.organisation, r.language].join(' ')
    line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0)
    return here
  })
}

describe('properties of the CSV reader', () => {
  it('reads back any rows written as CSV, with either separator, CRLF or LF, with or without a BOM', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), fc.constantFrom(',' as const, ';' as const), fc.constantFrom('\n', '\r\n'), fc.boolean(), (rows, sep, eol, bom) => {
        const file = writeCsv(rows, sep, eol, bom)
        const result = ok(new TextEncoder().encode(file))
        expect(result.problems).toEqual([])
        const lines = startLines(rows)
        expect(result.rows).toEqual(
          rows.map((r, i): RegistrationRow => ({
            line: lines[i]!,
            name: r.name,
            ...(r.country ? { country: r.country } : {}),
            ...(r.organisation ? { organisation: r.organisation } : {}),
            ...(r.language ? { language: r.language } : {}),
          })),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('reports every broken row by the line it starts on, and still reads every good one', () => {
    const broken = fc.constantFrom('missing_name', 'bad_email', 'column_count', 'too_long')
    const entry = fc.oneof(row.map((r) => ({ good: r })), broken.map((b) => ({ broken: b })))
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), fc.constantFrom(',' as const, ';' as const), (entries, sep) => {
        const lines = ['name' + sep + 'country' + sep + 'organisation' + sep + 'language' + sep + 'email']
        const expected: { line: number; reason: string }[] = []
        const goodLines: number[] = []
        let line = 2
        for (const e of entries) {
          let text: string
          if ('good' in e) {
            const r = e.good
            text = [r.name, r.country, r.organisation, r.language, ''].map((v) => csvField(v, sep)).join(sep)
            goodLines.push(line)
          } else {
            text = {
              missing_name: ['', 'Georgia', 'IWO', 'ka', ''],
              bad_email: ['Nino', '', '', '', 'nino at example'],
              column_count: ['Nino', 'Georgia'],
              too_long: ['Nino', 'G'.repeat(61), '', '', ''],
            }[e.broken]!.join(sep)
            expected.push({ line, reason: e.broken })
          }
          lines.push(text)
          line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0)
        }
        const result = ok(lines.join('\r\n'))
        expect(result.problems.map((p) => ({ line: p.line, reason: p.reason }))).toEqual(expected)
        expect(result.rows.map((r) => r.line)).toEqual(goodLines)
      }),
      { numRuns: 300 },
    )
  })

  it('never throws, on any text or any bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: fc.constantFrom('n', 'a', 'm', 'e', ',', ';', '"', '\r', '\n', ' ', '@', 'შ') }), fc.string({ unit: 'grapheme' })), (text) => {
        const result = parseRegistrationsCsv('name,email\n' + text)
        if (result.ok) for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(2)
        parseRegistrationsCsv(text)
      }),
      { numRuns: 500 },
    )
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void parseRegistrationsCsv(bytes)), { numRuns: 500 })
  })
})
