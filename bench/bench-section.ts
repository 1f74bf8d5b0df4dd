/**
 * What every benchmark hands back, and how the runner prints it: one section, a table of rows,
 * and notes saying what was measured and how (a figure without its conditions misleads).
 */
export interface BenchSection {
  title: string
  rows: Array<Record<string, string | number>>
  notes?: string[]
}

export function isBenchSection(value: unknown): value is BenchSection {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.title === 'string' && Array.isArray(v.rows) && v.rows.every((r) => typeof r === 'object' && r !== null)
}

/**
 * Wraps a result whose shape we do not know (another author's benchmark) as a section, one row
 * per item, nested values as JSON, so it is printed and stored rather than lost.
 */
export function asBenchSection(title: string, value: unknown): BenchSection {
  if (isBenchSection(value)) return value
  const items = Array.isArray(value) ? value : [value]
  const rows = items.map((item): Record<string, string | number> => {
    if (typeof item !== 'object' || item === null) return { value: cell(item) }
    return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, cell(v)]))
  })
  return { title, rows, notes: ['printed as JSON rows: the result was not a BenchSection'] }
}

function cell(v: unknown): string | number {
  return typeof v === 'number' || typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))
}

/** A Markdown table (pastes straight into docs), with the notes under it. */
export function renderSection(section: BenchSection): string {
  const lines = [`## ${section.title}`, '']
  if (section.rows.length > 0) {
    const columns = [...new Set(section.rows.flatMap((r) => Object.keys(r)))]
    const text = (v: string | number | undefined) => (v === undefined ? '' : String(v))
    const widths = columns.map((c) => Math.max(c.length, ...section.rows.map((r) => text(r[c]).length)))
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => (typeof c === 'string' && /^-?[\d.]+[×x]?$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`
    lines.push(line(columns))
    lines.push(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
    for (const row of section.rows) lines.push(line(columns.map((c) => text(row[c]))))
  } else {
    lines.push('(no rows)')
  }
  if (section.notes?.length) lines.push('', ...section.notes.map((n) => `- ${n}`))
  return lines.join('\n')
}
