import type { CafeState } from '$shared/cafe/types.js'
import { m } from '$lib/paraglide/messages.js'

/** A table's name as people see it: the facilitator's name for it, or "Table n" in their language. */
export function tableLabel(state: CafeState, table: number): string {
  const name = state.tables[table]?.name
  const numbered = m.table_number({ number: table + 1 })
  return name ? `${numbered} — ${name}` : numbered
}
