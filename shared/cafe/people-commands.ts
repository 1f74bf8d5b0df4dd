/**
 * Commands about people and tables: joining, hosts, moves, removals, table names.
 *
 * Where a seat is written: always in `seating` (where people sit now); while a plan is being
 * previewed, also in the plan (it is where they go next, and a host must stay put in it); and
 * while a round is in progress (running, paused, ended) also in that round's history entry,
 * so the planner knows whom a late joiner or a moved person actually sat with. History keeps
 * people who are removed: they did sit with those people.
 */
import { isTable, personById } from './cafe-queries.js'
import { assertNever, CafeErrorCode, fail, ok, type Result } from './errors.js'
import type { CafeState, Person, TableIndex } from './types.js'

/** What a person brings to `join`; the café sets `joinedAt` from `now`. */
export type NewPerson = Pick<Person, 'id' | 'name' | 'country' | 'organisation' | 'language' | 'pseudonym' | 'registrationId'>

/** Commands about people and tables. */
export type PeopleCommand =
  /**
   * Only the server builds a join (no client sends one). `hostOf`: the facilitator pre-assigned
   * this person to host that table (server/prep); honoured only while nobody else hosts it.
   * `table`: where to sit instead of the emptiest table (a table card's QR code, or a pre-assigned
   * first-round seat); a host's own table wins over it.
   */
  | { type: 'join'; person: NewPerson; hostOf?: TableIndex; table?: TableIndex }
  /** The table's previous host becomes a plain participant; the new host is seated there. */
  | { type: 'make-host'; personId: string; table: TableIndex }
  | { type: 'unset-host'; table: TableIndex }
  | { type: 'move'; personId: string; table: TableIndex }
  /** Marks the person removed (kept so proposals still say who wrote them) and unseats them. */
  | { type: 'remove'; personId: string }
  | { type: 'rename-table'; table: TableIndex; name: string }
  /** Lobby only: once round 1 starts, tables carry cloths and history, and stay. */
  | { type: 'set-tables'; names: string[] }
  /**
   * Someone without a laptop or phone, added at `table` by the facilitator or that table's host,
   * who writes for them there. The server picks `id`, as it does for `join`.
   */
  | { type: 'add-person'; id: string; name: string; table: TableIndex; country?: string; organisation?: string }

const unknownPerson = (id: string) => fail(CafeErrorCode.UnknownPerson, `no person ${id} in this café`)
const unknownTable = (t: number) => fail(CafeErrorCode.UnknownTable, `no table ${t}`)

/** Applies a people command (roles already checked; the café is not closed). */
export function applyPeopleCommand(state: CafeState, cmd: PeopleCommand, now: number): Result<CafeState> {
  switch (cmd.type) {
    case 'join': {
      const { person } = cmd
      // "__proto__" as a key would set a prototype instead of adding a person.
      if (!person.id || person.id === '__proto__' || !person.name.trim()) {
        return fail(CafeErrorCode.BadPerson, 'a person needs an id and a name')
      }
      const existing = personById(state, person.id)
      if (existing?.removed) return fail(CafeErrorCode.Forbidden, `${person.id} was removed by the facilitator`)
      if (existing) return fail(CafeErrorCode.AlreadyJoined, `${person.id} has already joined`)
      for (const t of [cmd.hostOf, cmd.table]) if (t !== undefined && !isTable(state, t)) return unknownTable(t)
      const draft = structuredClone(state)
      // Only known fields, and no `undefined` ones: the state must read back from JSON unchanged.
      const joined: Person = { id: person.id, name: person.name, joinedAt: now }
      for (const key of ['country', 'organisation', 'language', 'registrationId'] as const) {
        if (person[key] !== undefined) joined[key] = person[key]
      }
      if (person.pseudonym) joined.pseudonym = true
      const hosted = cmd.hostOf !== undefined && !Object.values(state.people).some((p) => !p.removed && p.hostOf === cmd.hostOf)
      if (hosted) joined.hostOf = cmd.hostOf
      draft.people[joined.id] = joined
      const table = joined.hostOf ?? cmd.table ?? newcomerTable(draft)
      if (table !== undefined) seat(draft, joined.id, table)
      return ok(draft)
    }
    case 'make-host': {
      const person = personById(state, cmd.personId)
      if (!person || person.removed) return unknownPerson(cmd.personId)
      if (!isTable(state, cmd.table)) return unknownTable(cmd.table)
      const draft = structuredClone(state)
      for (const other of Object.values(draft.people)) if (other.hostOf === cmd.table) delete other.hostOf
      draft.people[cmd.personId]!.hostOf = cmd.table
      seat(draft, cmd.personId, cmd.table)
      return ok(draft)
    }
    case 'unset-host': {
      if (!isTable(state, cmd.table)) return unknownTable(cmd.table)
      const host = Object.values(state.people).find((p) => !p.removed && p.hostOf === cmd.table)
      if (!host) return fail(CafeErrorCode.NoHost, `table ${cmd.table} has no host`)
      const draft = structuredClone(state)
      delete draft.people[host.id]!.hostOf
      return ok(draft)
    }
    case 'move': {
      const person = personById(state, cmd.personId)
      if (!person || person.removed) return unknownPerson(cmd.personId)
      if (!isTable(state, cmd.table)) return unknownTable(cmd.table)
      if (person.hostOf !== undefined && person.hostOf !== cmd.table) {
        return fail(CafeErrorCode.HostStays, `${cmd.personId} hosts table ${person.hostOf}`)
      }
      const draft = structuredClone(state)
      seat(draft, cmd.personId, cmd.table)
      return ok(draft)
    }
    case 'remove': {
      const person = personById(state, cmd.personId)
      if (!person || person.removed) return unknownPerson(cmd.personId)
      const draft = structuredClone(state)
      const removed = draft.people[cmd.personId]!
      removed.removed = true
      delete removed.hostOf
      unseat(draft, cmd.personId)
      return ok(draft)
    }
    case 'rename-table': {
      if (!isTable(state, cmd.table)) return unknownTable(cmd.table)
      const draft = structuredClone(state)
      draft.tables[cmd.table] = { ...draft.tables[cmd.table], name: cmd.name }
      return ok(draft)
    }
    case 'set-tables':
      return setTables(state, cmd.names)
    case 'add-person':
      return addPerson(state, cmd, now)
    default:
      return assertNever(cmd)
  }
}

/** Seats a new person without a device where they were asked for; they rotate like everyone. */
function addPerson(state: CafeState, cmd: Extract<PeopleCommand, { type: 'add-person' }>, now: number): Result<CafeState> {
  const name = cmd.name.trim()
  if (!cmd.id || cmd.id === '__proto__' || !name) return fail(CafeErrorCode.BadPerson, 'a person needs an id and a name')
  if (!isTable(state, cmd.table)) return unknownTable(cmd.table)
  if (personById(state, cmd.id)) return fail(CafeErrorCode.AlreadyJoined, `${cmd.id} is already in the café`)
  const draft = structuredClone(state)
  const person: Person = { id: cmd.id, name, withoutDevice: true, joinedAt: now }
  for (const key of ['country', 'organisation'] as const) {
    const value = cmd[key]?.trim()
    if (value) person[key] = value
  }
  draft.people[person.id] = person
  seat(draft, person.id, cmd.table)
  return ok(draft)
}

/**
 * Lobby only. Tables that disappear take their hosts' role with them; whoever sat there (or
 * nowhere, if the café had no tables yet) is seated again as a newcomer would be.
 */
function setTables(state: CafeState, names: string[]): Result<CafeState> {
  if (state.phase.kind !== 'lobby') {
    return fail(CafeErrorCode.WrongPhase, `cannot change tables while ${state.phase.kind}`)
  }
  if (names.length === 0) return fail(CafeErrorCode.NoTables, 'a café needs at least one table')
  const draft = structuredClone(state)
  draft.tables = names.map((name, i) => ({ ...state.tables[i], name }))
  for (const person of Object.values(draft.people)) {
    if (person.hostOf !== undefined && person.hostOf >= names.length) delete person.hostOf
    const t = draft.seating[person.id]
    if (t !== undefined && t >= names.length) unseat(draft, person.id)
  }
  for (const person of Object.values(draft.people)) {
    if (person.removed || Object.hasOwn(draft.seating, person.id)) continue
    seat(draft, person.id, person.hostOf ?? newcomerTable(draft)!)
  }
  return ok(draft)
}

/**
 * The table with the fewest people, lowest index on a tie — counted in the plan while one is
 * previewed, because that is where the room is about to be. Undefined when there are no tables.
 */
function newcomerTable(state: CafeState): TableIndex | undefined {
  if (state.tables.length === 0) return undefined
  const seats = state.phase.kind === 'rotating' ? state.phase.plan : state.seating
  const sizes = state.tables.map(() => 0)
  for (const t of Object.values(seats)) if (t >= 0 && t < sizes.length) sizes[t]!++
  let best = 0
  for (let t = 1; t < sizes.length; t++) if (sizes[t]! < sizes[best]!) best = t
  return best
}

/** Seats a person in a draft: now, in the previewed plan, and in the round in progress. */
function seat(draft: CafeState, personId: string, table: TableIndex): void {
  draft.seating[personId] = table
  recordSitting(draft, personId, table)
  const { phase } = draft
  if (phase.kind === 'rotating') phase.plan[personId] = table
  if (phase.kind === 'running' || phase.kind === 'paused' || phase.kind === 'ended') {
    const round = draft.history[phase.round - 1]
    if (round) round[personId] = table
  }
}

/** Adds a table to the tables a person has sat at (a draft; kept in first-sat order). */
export function recordSitting(draft: CafeState, personId: string, table: TableIndex): void {
  const tables = Object.hasOwn(draft.sittings, personId) ? draft.sittings[personId]! : (draft.sittings[personId] = [])
  if (!tables.includes(table)) tables.push(table)
}

function unseat(draft: CafeState, personId: string): void {
  delete draft.seating[personId]
  if (draft.phase.kind === 'rotating') delete draft.phase.plan[personId]
}
