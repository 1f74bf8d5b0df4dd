import { m } from '$lib/paraglide/messages.js'

/** "Table 2 — Kutaisi", or "Table 2" when the table kept its default name (as the summary gives it). */
export function summaryTableLabel(table: number, name: string): string {
  const numbered = m.table_number({ number: table + 1 })
  const own = name.trim()
  return own === '' || own === `Table ${table + 1}` || own === numbered ? numbered : `${numbered} — ${own}`
}
