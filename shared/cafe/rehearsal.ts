/**
 * The rehearsal mode as pure steps (server/rehearsal runs them): the facilitator tries the whole
 * café before the day with simulated participants, then resets it to its lobby.
 *
 * - `startRehearsal`: lobby only. The simulated guests join through the café's own `join`
 *   command, dealt round the tables (guest i at table i mod n), the first guest at each table without a host hosts it,
 *   and `rehearsal` is set. A café that has started for real is never rehearsed.
 * - `resetRehearsal`: only while rehearsing, in any phase. Back to the lobby with the same
 *   settings and tables, and nobody in it: everyone who joined during the rehearsal (simulated or
 *   not — a colleague trying the join screen on a phone is part of the rehearsal too) and anyone
 *   already in the lobby before it is gone, so that the day starts from an empty room and no
 *   one's seat, sittings or history carries rehearsal traces into the real rounds.
 * - `releaseRegistrations`: the registration list survives a reset with its pre-assigned hosts
 *   and seats, but no entry stays claimed by a person who no longer exists.
 */
import { applyCommand } from './commands.js'
import type { NewPerson } from './people-commands.js'
import { CafeErrorCode } from './errors.js'
import type { CafeState } from './types.js'
import type { Registration } from '../prep/registration.js'

/** How many simulated guests a rehearsal seats. */
export const REHEARSAL_GUESTS = {
  /** Per table, when the facilitator does not say. */
  perTableDefault: 3,
  perTableMax: 8,
  /** For the whole café, whatever the tables: a rehearsal of 200 tables does not need 1,600 typists. */
  totalMax: 240,
} as const

/** The rehearsal's own refusals, beside the café's (shared/cafe/errors.ts). */
export const RehearsalErrorCode = {
  /** The café has left the lobby for real: it can no longer be rehearsed. */
  CafeStarted: 'cafe_started',
  AlreadyRehearsing: 'already_rehearsing',
  /** A reset of a café that is not rehearsing: it would wipe a real café. */
  NotRehearsing: 'not_rehearsing',
} as const
export type RehearsalErrorCode = (typeof RehearsalErrorCode)[keyof typeof RehearsalErrorCode]

export type RehearsalResult<T> = { ok: true; value: T } | { ok: false; code: RehearsalErrorCode | CafeErrorCode; message: string }

/** A simulated participant as the server made them up (id and a clearly fake name). */
export type RehearsalGuest = Pick<NewPerson, 'id' | 'name' | 'language' | 'country'>

/** Number of guests for `tables` tables at `perTable` each, within the limits. */
export function rehearsalGuestCount(tables: number, perTable: number = REHEARSAL_GUESTS.perTableDefault): number {
  const each = Math.min(Math.max(1, Math.floor(perTable)), REHEARSAL_GUESTS.perTableMax)
  return Math.min(Math.max(0, tables) * each, REHEARSAL_GUESTS.totalMax)
}

/** The café in rehearsal with `guests` joined and seated; `now` is server time. */
export function startRehearsal(state: CafeState, guests: RehearsalGuest[], now: number): RehearsalResult<CafeState> {
  if (state.rehearsal) return refuse(RehearsalErrorCode.AlreadyRehearsing, 'the café is already being rehearsed')
  if (state.phase.kind !== 'lobby') {
    return refuse(RehearsalErrorCode.CafeStarted, `the café has started for real (${state.phase.kind}); only a café in its lobby can be rehearsed`)
  }
  if (state.tables.length === 0) return refuse(CafeErrorCode.NoTables, 'a café needs at least one table')
  const facilitator = { role: 'facilitator' as const }
  let draft = state
  // Dealt round the tables, so every table has its share of guests writing — also the tables
  // where real people (pre-assigned hosts, early arrivals) already sit.
  for (const [i, guest] of guests.entries()) {
    const person: NewPerson = { id: guest.id, name: guest.name }
    if (guest.language !== undefined) person.language = guest.language
    if (guest.country !== undefined) person.country = guest.country
    const joined = applyCommand(draft, { type: 'join', person, table: i % state.tables.length }, facilitator, now)
    if (!joined.ok) return joined
    draft = joined.value
  }
  draft = structuredClone(draft)
  for (const guest of guests) draft.people[guest.id]!.simulated = true
  // A table without a host would have nobody to stay and brief the next group: the rotation
  // would not look like the day's.
  for (let table = 0; table < draft.tables.length; table++) {
    if (Object.values(draft.people).some((p) => !p.removed && p.hostOf === table)) continue
    const first = guests.find((g) => draft.seating[g.id] === table)
    if (!first) continue
    const hosted = applyCommand(draft, { type: 'make-host', personId: first.id, table }, facilitator, now)
    if (!hosted.ok) return hosted
    draft = hosted.value
  }
  return { ok: true, value: { ...draft, rehearsal: true, version: state.version + 1 } }
}

/** The café back in its lobby, empty, with its settings and tables; refused unless rehearsing. */
export function resetRehearsal(state: CafeState): RehearsalResult<CafeState> {
  if (!state.rehearsal) return refuse(RehearsalErrorCode.NotRehearsing, 'the café is not being rehearsed; nothing to reset')
  const { rehearsal: _rehearsal, ...rest } = state
  return {
    ok: true,
    value: {
      ...rest,
      settings: structuredClone(state.settings),
      tables: structuredClone(state.tables),
      people: {},
      seating: {},
      history: [],
      sittings: {},
      phase: { kind: 'lobby' },
      version: state.version + 1,
    },
  }
}

/**
 * The registration list after a reset: the entries the organisers made (imported or added) are
 * kept, each unclaimed again, with its pre-assigned host table and seat; the entries recorded for
 * people who walked in without one (server/prep gives each an id `w-<personId>`) are dropped, as
 * their people are.
 */
export function releaseRegistrations(registrations: readonly Registration[]): { kept: Registration[]; dropped: string[] } {
  const kept: Registration[] = []
  const dropped: string[] = []
  for (const entry of registrations) {
    if (isWalkIn(entry)) {
      dropped.push(entry.id)
      continue
    }
    const { personId: _personId, ...unclaimed } = entry
    kept.push(structuredClone(unclaimed))
  }
  return { kept, dropped }
}

/** An entry recorded for someone who joined without picking a name from the list. */
export function isWalkIn(entry: Registration): boolean {
  return entry.id.startsWith('w-')
}

/** Who a rehearsal created: the simulated guests of the café (removed ones included). */
export function simulatedPeople(state: CafeState): string[] {
  return Object.values(state.people)
    .filter((p) => p.simulated)
    .map((p) => p.id)
}

function refuse(code: RehearsalErrorCode | CafeErrorCode, message: string): RehearsalResult<never> {
  return { ok: false, code, message }
}
