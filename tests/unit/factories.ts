/**
 * Small factories for the unit tests: rooms for the rotation planner, cafés in any phase for the
 * state machine. Each builds plain data directly (not through applyCommand), so a bug in the
 * code under test cannot hide inside its own fixtures.
 */
import type { RotationInput, RotationPerson } from '../../shared/cafe/rotation.js'
import { createRng } from '../../shared/cafe/seeded-random.js'
import type { Actor, CafeState, Person, Phase, Seating } from '../../shared/cafe/types.js'

export const COUNTRIES = ['Azerbaijan', 'Belarus', 'Georgia', 'Moldova', 'Ukraine']

/**
 * A room with a host at every table and people from `countries` countries in equal shares,
 * dealt round-robin so hosts come from different countries too (as at the example café).
 */
export function hostedRoom(people: number, tables: number, countries = 5): RotationPerson[] {
  return Array.from({ length: people }, (_, i) => ({
    id: `p${i}`,
    country: COUNTRIES[i % countries] ?? `Country ${i % countries}`,
    ...(i < tables ? { hostOf: i } : {}),
  }))
}

/** The example café of CONTEXT.md: 40 people, 8 tables with a host each, 8 from each of 5 countries. */
export const exampleCafeRoom = (): RotationPerson[] => hostedRoom(40, 8)

/** Shape of a random room for property tests; everything else is derived from `seed`. */
export interface RoomShape {
  people: number
  tables: number
  rounds: number
  countries: number
  organisations: number
  /** Chance that each of the first `tables` people hosts the table of the same number. */
  hostShare: number
  seed: number
}

/** A café's rounds: who is present in each (late joiners arrive, some people leave). */
export interface RoomRun {
  people: RotationPerson[]
  tables: number
  presentIn: (round: number) => RotationPerson[]
}

/** Builds a random room: random countries/organisations, hosts, late joiners and leavers. */
export function randomRoom(shape: RoomShape): RoomRun {
  const rng = createRng(shape.seed)
  const people = Array.from({ length: shape.people }, (_, i): RotationPerson & { from: number; until: number } => {
    const late = rng.next() < 0.15
    const leaves = rng.next() < 0.1
    return {
      id: `p${i}`,
      ...(rng.next() < 0.9 ? { country: `country-${rng.int(shape.countries)}` } : {}),
      ...(shape.organisations > 0 && rng.next() < 0.6 ? { organisation: `org-${rng.int(shape.organisations)}` } : {}),
      ...(i < shape.tables && rng.next() < shape.hostShare ? { hostOf: i } : {}),
      from: late ? 2 + rng.int(shape.rounds - 1) : 1,
      until: leaves ? 2 + rng.int(shape.rounds) : Infinity,
    }
  })
  return {
    people,
    tables: shape.tables,
    presentIn: (round) =>
      people
        .filter((p) => p.from <= round && round < p.until)
        .map(({ id, country, organisation, hostOf }) => ({ id, country, organisation, hostOf })),
  }
}

/** The planner's input for one round. */
export function inputFor(tables: number, people: RotationPerson[], history: Seating[]): RotationInput {
  return { tableCount: tables, people, history }
}

// ── Cafés for the state machine ────────────────────────────────────────────────────────────

export const NOW = 1_750_000_000_000
export const ROUND_MINUTES = 20
export const QUESTIONS = [
  'What has the resource centre achieved that homeowners would miss if it closed?',
  'Which services could pay for themselves, and who else could fund the rest?',
  'What must change in law or in partnerships for the centres to last?',
]

/** Phases a café can be in, with the variants the rules tell apart. */
export const PHASE_VARIANTS = [
  'lobby',
  'running',
  'running-due',
  'paused',
  'ended',
  'ended-last',
  'rotating',
  'harvest',
  'closed',
] as const
export type PhaseVariant = (typeof PHASE_VARIANTS)[number]

/**
 * A café of 4 tables (Tbilisi, Kutaisi, Gori, Zugdidi), hosts h0–h3, participants p0–p7 two per
 * table, in the given phase. Rounds after the first have a history that differs from round 1.
 */
export function cafeIn(variant: PhaseVariant): CafeState {
  const people: Record<string, Person> = {}
  const seating: Seating = {}
  for (let t = 0; t < 4; t++) {
    people[`h${t}`] = { id: `h${t}`, name: `Host ${t}`, country: COUNTRIES[t], hostOf: t, joinedAt: NOW - 9e5 }
    seating[`h${t}`] = t
  }
  for (let i = 0; i < 8; i++) {
    people[`p${i}`] = { id: `p${i}`, name: `Guest ${i}`, country: COUNTRIES[i % 5], joinedAt: NOW - 6e5 }
    seating[`p${i}`] = i % 4
  }
  const round2: Seating = { ...seating }
  for (let i = 0; i < 8; i++) round2[`p${i}`] = (i + 1) % 4
  const round = variant === 'ended-last' ? 3 : 1
  const history = round === 3 ? [{ ...seating }, round2, { ...seating }] : [{ ...seating }]
  const phases: Record<PhaseVariant, Phase> = {
    lobby: { kind: 'lobby' },
    running: { kind: 'running', round: 1, endsAt: NOW + 10 * 60_000 },
    'running-due': { kind: 'running', round: 1, endsAt: NOW - 1_000 },
    paused: { kind: 'paused', round: 1, remainingMs: 7 * 60_000 },
    ended: { kind: 'ended', round: 1, endedAt: NOW - 30_000, reason: 'timer' },
    'ended-last': { kind: 'ended', round: 3, endedAt: NOW - 30_000, reason: 'facilitator' },
    rotating: { kind: 'rotating', round: 1, plan: { ...round2 } },
    harvest: { kind: 'harvest' },
    closed: { kind: 'closed' },
  }
  const inRounds = variant !== 'lobby'
  return {
    id: 'cafe-1',
    joinCode: 'KTS7QH',
    createdAt: NOW - 3_600_000,
    settings: {
      topic: 'Sustainable functioning of resource centres',
      questions: [...QUESTIONS],
      roundMinutes: ROUND_MINUTES,
      ask: { country: true, organisation: false, language: false },
    },
    tables: ['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi'].map((name) => ({ name })),
    people,
    seating,
    history: inRounds ? history : [],
    sittings: sittingsOf(inRounds ? [...history, seating] : [seating]),
    phase: phases[variant],
    version: 7,
  }
}

/** The callers the rules tell apart. */
export const ACTORS = {
  facilitator: { role: 'facilitator' },
  organiser: { role: 'organiser' },
  /** Someone holding a fresh participant token, about to join as "newbie". */
  participant: { role: 'participant', personId: 'newbie' },
  host: { role: 'participant', personId: 'h0' },
  system: { role: 'system' },
} as const satisfies Record<string, Actor>
export type ActorName = keyof typeof ACTORS

/** Freezes a value deeply, so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/** Every table each person sat at, as the café records it while seating people. */
function sittingsOf(seatings: Seating[]): Record<string, number[]> {
  const sittings: Record<string, number[]> = {}
  for (const seating of seatings) {
    for (const [id, table] of Object.entries(seating)) {
      const tables = (sittings[id] ??= [])
      if (!tables.includes(table)) tables.push(table)
    }
  }
  return sittings
}
