/**
 * What the café puts on paper (issue 8): a seating plan for each round whose seating is known, a
 * card for each table with the round's question and a QR code to sit there, and a slip for each
 * person with their personal code and a QR code to continue as them. One pure function builds it
 * from the café's state, its registration list and the address people in the room can reach, so
 * what is printed is exactly what the server would seat.
 */
import type { CafeState, Person, Seating, TableIndex } from '../cafe/types.js'
import type { Registration } from '../prep/registration.js'

/** One person (or one expected registration) at a table in a round's plan. */
export interface PaperSeat {
  name: string
  /** The café's person; absent for a registration-list entry nobody has claimed yet. */
  personId?: string
  registrationId?: string
  /** Hosts this table for the whole café. */
  host: boolean
  /** Takes part without a laptop or phone: paper is how they know where to go. */
  withoutDevice: boolean
  /** Pre-assigned here on the registration list, not arrived yet. */
  expected: boolean
}

export interface PaperTable {
  /** 0-based; printed as n + 1. */
  table: TableIndex
  /** The facilitator's name for the table ('' when it has none: printed as "Table n"). */
  name: string
  people: PaperSeat[]
}

/**
 * Where each round's seating comes from: a round run (or running) is `held`; the rotation the
 * facilitator is previewing is `planned`; round 1 before it starts is `lobby`.
 */
export type PaperRoundSource = 'held' | 'planned' | 'lobby'

export interface PaperRound {
  /** 1-based. */
  round: number
  question: string
  source: PaperRoundSource
  tables: PaperTable[]
}

/** A card to stand on a table: scanning it joins the café at this table. */
export interface TableCard {
  table: TableIndex
  name: string
  /** The round the card is for (the current one, or the next while a rotation is planned). */
  round: number
  question: string
  url: string
}

/** A personal slip: where to sit, and a code (with its QR) to continue as this person. */
export interface PersonalSlip {
  name: string
  personId?: string
  registrationId?: string
  /** The table for the round of the cards (or the pre-assigned one); absent when not known yet. */
  table?: TableIndex
  tableName?: string
  host: boolean
  /** The personal code XXXX-XXXX; absent for someone with no registration entry (their code exists only as a hash). */
  code?: string
  /** Opens the join page, which continues as this person (or claims their registration). */
  url?: string
}

/** `GET /api/cafes/<cafeId>/paper`: everything the print page lays out. */
export interface PaperPack {
  cafeId: string
  joinCode: string
  topic: string
  /** The address the QR codes point at, ending in '/'. */
  base: string
  /** The café's join page under `base`. */
  joinUrl: string
  /** Every round whose seating is known, in order; the last is the round of the cards and slips. */
  rounds: PaperRound[]
  cards: TableCard[]
  slips: PersonalSlip[]
}

export interface PaperInput {
  state: CafeState
  registrations: readonly Registration[]
  /** The address people in the room reach the server on (see paper-base.ts). */
  base: string
}

const withSlash = (base: string) => (base.endsWith('/') ? base : `${base}/`)

/** The join page of a café, seating whoever joins through it at `table` (0-based). */
export function tableJoinUrl(base: string, joinCode: string, table: TableIndex): string {
  return `${withSlash(base)}join/${joinCode}?table=${table + 1}`
}

/** The join page of a café, continuing as the person whose personal code this is. */
export function personalJoinUrl(base: string, joinCode: string, code: string): string {
  return `${withSlash(base)}join/${joinCode}?code=${encodeURIComponent(code)}`
}

/** Everyone who may appear on paper: removed people never do. */
function present(state: CafeState): Person[] {
  return Object.values(state.people).filter((p) => !p.removed)
}

/** The rounds whose seating is known, each with where it comes from. */
function knownSeatings(state: CafeState): { round: number; seating: Seating; source: PaperRoundSource }[] {
  const { phase } = state
  if (phase.kind === 'lobby') return [{ round: 1, seating: state.seating, source: 'lobby' }]
  const rounds = state.history.map((seating, i): { round: number; seating: Seating; source: PaperRoundSource } => ({ round: i + 1, seating, source: 'held' }))
  // During a round people may be moved; `seating` is where they sit now, so it wins for that round.
  if (phase.kind === 'running' || phase.kind === 'paused' || phase.kind === 'ended' || phase.kind === 'rotating') {
    const current = rounds[phase.round - 1]
    if (current) current.seating = { ...current.seating, ...state.seating }
  }
  if (phase.kind === 'rotating') rounds.push({ round: phase.round + 1, seating: phase.plan, source: 'planned' })
  return rounds
}

/** Hosts first, then by name, so a plan reads the same way every time it is printed. */
function bySeatOrder(a: PaperSeat, b: PaperSeat): number {
  if (a.host !== b.host) return a.host ? -1 : 1
  return a.name.localeCompare(b.name) || (a.personId ?? a.registrationId ?? '').localeCompare(b.personId ?? b.registrationId ?? '')
}

const seatOf = (s: PersonalSlip): PaperSeat => ({ ...s, withoutDevice: false, expected: false })

/**
 * Registration entries nobody has claimed. An entry claimed by someone later removed stays
 * claimed: printing it again would bring back the name and code of a person taken out.
 */
function unclaimed(state: CafeState, registrations: readonly Registration[]): Registration[] {
  const claimedIds = new Set(Object.values(state.people).flatMap((p) => (p.registrationId ? [p.registrationId] : [])))
  return registrations.filter((r) => !claimedIds.has(r.id) && !(r.personId && Object.hasOwn(state.people, r.personId)))
}

/** A registration's pre-assigned table: the one it hosts, else its round-1 seat. */
const preassigned = (r: Registration, tables: number): TableIndex | undefined => {
  const table = r.hostOf ?? r.table
  return table !== undefined && Number.isInteger(table) && table >= 0 && table < tables ? table : undefined
}

/** Builds the paper pack: see `PaperPack`. Pure: the same café gives the same paper. */
export function paperPack({ state, registrations, base }: PaperInput): PaperPack {
  const people = present(state)
  const byId = new Map(people.map((p) => [p.id, p]))
  const tableName = (t: TableIndex) => state.tables[t]?.name ?? ''
  const question = (round: number) => state.settings.questions[round - 1] ?? ''
  const waiting = unclaimed(state, registrations)

  const rounds: PaperRound[] = knownSeatings(state).map(({ round, seating, source }) => {
    const tables: PaperTable[] = state.tables.map((t, table) => ({ table, name: t.name, people: [] }))
    for (const [personId, table] of Object.entries(seating)) {
      const person = byId.get(personId)
      if (!person || !tables[table]) continue
      tables[table].people.push({
        name: person.name,
        personId,
        ...(person.registrationId ? { registrationId: person.registrationId } : {}),
        host: person.hostOf === table,
        withoutDevice: person.withoutDevice === true,
        expected: false,
      })
    }
    // Before the café starts, the plan also shows whom the facilitator expects where.
    if (source === 'lobby') {
      for (const r of waiting) {
        const table = preassigned(r, state.tables.length)
        if (table === undefined) continue
        tables[table]!.people.push({ name: r.name, registrationId: r.id, host: r.hostOf === table, withoutDevice: false, expected: true })
      }
    }
    for (const t of tables) t.people.sort(bySeatOrder)
    return { round, question: question(round), source, tables }
  })

  const featured = rounds.at(-1)
  const cards: TableCard[] = state.tables.map((t, table) => ({
    table,
    name: t.name,
    round: featured?.round ?? 1,
    question: question(featured?.round ?? 1),
    url: tableJoinUrl(base, state.joinCode, table),
  }))

  const codeOf = new Map<string, Registration>()
  for (const r of registrations) if (r.personId) codeOf.set(r.personId, r)
  const registrationById = new Map(registrations.map((r) => [r.id, r]))
  const seatIn = (personId: string): TableIndex | undefined => {
    for (const t of featured?.tables ?? []) if (t.people.some((s) => s.personId === personId)) return t.table
    return Object.hasOwn(state.seating, personId) ? state.seating[personId] : undefined
  }
  const slip = (fields: Omit<PersonalSlip, 'tableName' | 'url'>): PersonalSlip => ({
    ...fields,
    ...(fields.table !== undefined ? { tableName: tableName(fields.table) } : {}),
    ...(fields.code ? { url: personalJoinUrl(base, state.joinCode, fields.code) } : {}),
  })
  const slips: PersonalSlip[] = [
    ...people.map((person) => {
      const registration = (person.registrationId ? registrationById.get(person.registrationId) : undefined) ?? codeOf.get(person.id)
      const table = seatIn(person.id)
      return slip({
        name: person.name,
        personId: person.id,
        ...(registration ? { registrationId: registration.id, code: registration.code } : {}),
        ...(table !== undefined ? { table } : {}),
        host: person.hostOf !== undefined && person.hostOf === table,
      })
    }),
    ...waiting.map((r) => {
      const table = preassigned(r, state.tables.length)
      return slip({ name: r.name, registrationId: r.id, code: r.code, ...(table !== undefined ? { table } : {}), host: r.hostOf !== undefined && r.hostOf === table })
    }),
  ]
  // Slips are cut and handed out table by table: sorted by table, hosts first, then by name.
  const tableOrder = (s: PersonalSlip) => s.table ?? state.tables.length
  slips.sort((a, b) => tableOrder(a) - tableOrder(b) || bySeatOrder(seatOf(a), seatOf(b)))

  return {
    cafeId: state.id,
    joinCode: state.joinCode,
    topic: state.settings.topic,
    base: withSlash(base),
    joinUrl: `${withSlash(base)}join/${state.joinCode}`,
    rounds,
    cards,
    slips,
  }
}
