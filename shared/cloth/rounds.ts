/**
 * Which round's notes a table writes now, and which it shows as "what earlier groups said".
 * Same reckoning as the server's `roundOfEdit` for someone seated at the table.
 */
import type { CafeState, Phase, TableIndex } from '../cafe/types.js'

/**
 * The round whose notes are open now: round 1 while the café is still in the lobby, the
 * running (or just ended, or rotating) round during the café, the last round afterwards.
 */
export function clothRoundNow(phase: Phase, rounds: number): number {
  const last = Math.max(1, rounds)
  switch (phase.kind) {
    case 'lobby':
      return 1
    case 'running':
    case 'paused':
    case 'ended':
    case 'rotating':
      return Math.min(Math.max(1, phase.round), last)
    case 'harvest':
    case 'closed':
      return last
  }
}

/** The rounds before `round`, most recent first: the sections below the current one. */
export function earlierRounds(round: number): number[] {
  const rounds: number[] = []
  for (let r = round - 1; r >= 1; r--) rounds.push(r)
  return rounds
}

/**
 * Tables a person sat at in earlier rounds and does not sit at now: the cloths their device may
 * still hold offline edits for (the server accepts those in a first sync, and nothing after).
 */
export function earlierTables(state: CafeState, personId: string): TableIndex[] {
  const now = state.seating[personId]
  const tables: TableIndex[] = []
  for (const round of state.history) {
    const table = round[personId]
    if (table !== undefined && table !== now && !tables.includes(table)) tables.push(table)
  }
  return tables
}
