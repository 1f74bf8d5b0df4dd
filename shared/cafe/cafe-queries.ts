/**
 * Read-only questions about a café that the server and every screen ask: which round, how much
 * time, who sits where, who hosts, what role a caller has, and the planner's view of the room.
 */
import type { RotationInput } from './rotation.js'
import type { Actor, CafeState, Person, Phase, Role, TableIndex } from './types.js'

/** The round being run, or just ended/rotated from; undefined in the lobby, harvest and closed. */
export function currentRound(state: CafeState): number | undefined {
  const { phase } = state
  switch (phase.kind) {
    case 'running':
    case 'paused':
    case 'ended':
    case 'rotating':
      return phase.round
    default:
      return undefined
  }
}

/**
 * Milliseconds left in the round at `now` (server time; clients add their clock offset first).
 * 0 once the round has ended; undefined when no round clock applies.
 */
export function remainingMs(phase: Phase, now: number): number | undefined {
  switch (phase.kind) {
    case 'running':
      return Math.max(0, phase.endsAt - now)
    case 'paused':
      return phase.remainingMs
    case 'ended':
      return 0
    default:
      return undefined
  }
}

/**
 * A person of the café by id. Own properties only: ids arrive from outside, and "constructor"
 * must not find Object's.
 */
export function personById(state: CafeState, personId: string): Person | undefined {
  return Object.hasOwn(state.people, personId) ? state.people[personId] : undefined
}

/** Where a person sits now (during rotation: still their old table until the plan is applied). */
export function tableOf(state: CafeState, personId: string): TableIndex | undefined {
  return Object.hasOwn(state.seating, personId) ? state.seating[personId] : undefined
}

/** The id of the person hosting `table`, if any (removed people host nothing). */
export function hostOf(state: CafeState, table: TableIndex): string | undefined {
  for (const person of Object.values(state.people)) {
    if (!person.removed && person.hostOf === table) return person.id
  }
  return undefined
}

/** True for an integer index of an existing table. */
export function isTable(state: CafeState, table: number): boolean {
  return Number.isInteger(table) && table >= 0 && table < state.tables.length
}

/** The role a command is checked against: a participant who hosts a table is a 'host'. */
export function roleOf(state: CafeState, actor: Actor): Role {
  if (actor.role !== 'participant') return actor.role
  const person = actor.personId === undefined ? undefined : personById(state, actor.personId)
  return person && !person.removed && person.hostOf !== undefined ? 'host' : 'participant'
}

/** The rotation planner's view of this café: everyone not removed, with their history. */
export function rotationInputOf(state: CafeState): RotationInput {
  return {
    tableCount: state.tables.length,
    people: Object.values(state.people)
      .filter((p) => !p.removed)
      .map(({ id, country, organisation, hostOf }) => ({ id, country, organisation, hostOf })),
    history: state.history,
  }
}
