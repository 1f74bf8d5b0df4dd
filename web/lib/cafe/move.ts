import type { CafeState, TableIndex } from '$shared/cafe/types.js'

export type Move = { kind: 'go' | 'stay' | 'host'; table: TableIndex; round: number }

/**
 * What a person must do at the start of a round after a rotation: go to another table, stay
 * (the planner had to keep them), or — as a host — stay and welcome newcomers. Nothing for
 * round 1 or outside a round.
 */
export function moveFor(state: CafeState, personId: string): Move | undefined {
  const { phase } = state
  if (phase.kind !== 'running' && phase.kind !== 'paused') return undefined
  if (phase.round < 2) return undefined
  const table = state.seating[personId]
  if (table === undefined) return undefined
  if (state.people[personId]?.hostOf === table) return { kind: 'host', table, round: phase.round }
  const before = state.history[phase.round - 2]?.[personId]
  return { kind: before === table ? 'stay' : 'go', table, round: phase.round }
}
