import { m } from '$lib/paraglide/messages.js'
import type { SummaryCredit } from '$shared/summary/summary.js'

/** "Table 2 — Kutaisi", or "Table 2" when the table kept its default name (as the summary gives it). */
export function summaryTableLabel(table: number, name: string): string {
  const numbered = m.table_number({ number: table + 1 })
  const own = name.trim()
  return own === '' || own === `Table ${table + 1}` || own === numbered ? numbered : `${numbered} — ${own}`
}

/** "Nino (without a device), Levan": the people a host wrote for, as the summary credits them. */
export function creditedNames(credits: readonly SummaryCredit[]): string {
  return credits.map((c) => (c.withoutDevice ? m.behalf_without_device({ name: c.name }) : c.name)).join(', ')
}
