/**
 * Where people sit now: lookups, and where a newcomer goes. A newcomer takes the table with the
 * fewest people (hosts count), the lowest number on a tie, so tables fill evenly as people
 * arrive — in the lobby and when someone comes late to a running round.
 */
import type { CafeState, Person, TableIndex } from './types.js'

/** The table a person sits at now, if seated. */
export function tableOf(state: CafeState, personId: string): TableIndex | undefined {
  return state.seating[personId]
}

/** How many people sit at each table now. */
export function tableSizes(state: CafeState): number[] {
  const sizes: number[] = state.tables.map(() => 0)
  for (const table of Object.values(state.seating)) if (table < sizes.length) sizes[table]!++
  return sizes
}

/** The table a newcomer should sit at: the emptiest, lowest number first. */
export function tableForNewcomer(state: CafeState): TableIndex {
  const sizes = tableSizes(state)
  let best = 0
  for (let t = 1; t < sizes.length; t++) if (sizes[t]! < sizes[best]!) best = t
  return best
}

/** The state after a person joined and was seated (not as host). Pure: returns a new state. */
export function seatNewcomer(state: CafeState, person: Person): CafeState {
  const { hostOf: _ignored, ...guest } = person
  return {
    ...state,
    people: { ...state.people, [person.id]: guest },
    seating: { ...state.seating, [person.id]: tableForNewcomer(state) },
    version: state.version + 1,
  }
}
