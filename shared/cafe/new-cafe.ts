import type { CafeSettings, CafeState } from './types.js'

/** The state of a café just created: in the lobby, nobody seated yet. */
export function newCafeState(input: {
  id: string
  joinCode: string
  now: number
  settings: CafeSettings
  /** One entry per table; an empty name means "Table n" in each person's language. */
  tableNames: string[]
}): CafeState {
  return {
    id: input.id,
    joinCode: input.joinCode,
    createdAt: input.now,
    settings: input.settings,
    tables: input.tableNames.map((name) => ({ name })),
    people: {},
    seating: {},
    history: [],
    sittings: {},
    phase: { kind: 'lobby' },
    version: 1,
  }
}
