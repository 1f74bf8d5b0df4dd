/**
 * The café on paper: what is printed must be exactly what the café would seat. Table-driven cases
 * for each phase of the example café, then properties over random cafés: every seated person
 * appears exactly once per round at the table the seating gives, every slip's code is that
 * person's own, and nobody removed appears anywhere.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { paperPack, personalJoinUrl, tableJoinUrl, type PaperPack } from '../../shared/paper/paper-pack.js'
import { paperBase } from '../../shared/paper/paper-base.js'
import type { CafeState, Person, Phase, Seating } from '../../shared/cafe/types.js'
import type { Registration } from '../../shared/prep/registration.js'
import { cafeIn, deepFreeze, NOW, QUESTIONS, type PhaseVariant } from './factories.js'

const BASE = 'http://192.168.1.20:3000/'

const seatsOf = (pack: PaperPack, round: number) =>
  pack.rounds.find((r) => r.round === round)!.tables.flatMap((t) => t.people.map((p) => ({ ...p, table: t.table })))

describe('which rounds a café prints, phase by phase', () => {
  const cases: [PhaseVariant, number[], string[]][] = [
    ['lobby', [1], ['lobby']],
    ['running', [1], ['held']],
    ['paused', [1], ['held']],
    ['ended', [1], ['held']],
    ['rotating', [1, 2], ['held', 'planned']],
    ['ended-last', [1, 2, 3], ['held', 'held', 'held']],
  ]
  it.each(cases)('%s: rounds %j', (variant, rounds, sources) => {
    const pack = paperPack({ state: deepFreeze(cafeIn(variant)), registrations: [], base: BASE })
    expect(pack.rounds.map((r) => r.round)).toEqual(rounds)
    expect(pack.rounds.map((r) => r.source)).toEqual(sources)
    expect(pack.rounds.map((r) => r.question)).toEqual(rounds.map((r) => QUESTIONS[r - 1]))
  })

  it('while a rotation is previewed, the cards and slips are for the next round, at the planned tables', () => {
    const state = cafeIn('rotating')
    const pack = paperPack({ state, registrations: [], base: BASE })
    expect(pack.cards.map((c) => c.round)).toEqual([2, 2, 2, 2])
    expect(pack.cards[0]!.question).toBe(QUESTIONS[1])
    const plan = (state.phase as Extract<Phase, { kind: 'rotating' }>).plan
    for (const slip of pack.slips) expect(slip.table).toBe(plan[slip.personId!])
  })

  it("the table cards lead to each table's join page (1-based), under the given address", () => {
    const pack = paperPack({ state: cafeIn('running'), registrations: [], base: 'http://192.168.1.20:3000' })
    expect(pack.cards.map((c) => c.url)).toEqual([1, 2, 3, 4].map((n) => `http://192.168.1.20:3000/join/KTS7QH?table=${n}`))
    expect(pack.cards.map((c) => c.name)).toEqual(['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi'])
    expect(pack.joinUrl).toBe('http://192.168.1.20:3000/join/KTS7QH')
  })

  it('hosts are marked and listed first at their table; people without a device are on the plan too', () => {
    const state = cafeIn('running')
    state.people.p0 = { ...state.people.p0!, withoutDevice: true }
    const table0 = paperPack({ state, registrations: [], base: BASE }).rounds[0]!.tables[0]!
    expect(table0.people.map((p) => p.name)).toEqual(['Host 0', 'Guest 0', 'Guest 4'])
    expect(table0.people.map((p) => p.host)).toEqual([true, false, false])
    expect(table0.people.find((p) => p.personId === 'p0')!.withoutDevice).toBe(true)
  })

  it('in the lobby the plan shows the registrations pre-assigned to a table, and slips for those not claimed yet', () => {
    const state = cafeIn('lobby')
    state.people.p0 = { ...state.people.p0!, registrationId: 'r-1' }
    const registrations: Registration[] = [
      { id: 'r-1', name: 'Guest 0', code: 'AAAA-CCCC', personId: 'p0' },
      { id: 'r-2', name: 'Nino Beridze', code: 'DDDD-EEEE', hostOf: 2 },
      { id: 'r-3', name: 'Олена Коваль', code: 'FFFF-GGGG', table: 1 },
      { id: 'r-4', name: 'Aysel Mammadova', code: 'HHHH-JJJJ' },
    ]
    const pack = paperPack({ state, registrations, base: BASE })
    const expected = seatsOf(pack, 1).filter((s) => s.expected)
    expect(expected.map((s) => [s.name, s.table, s.host])).toEqual([
      ['Олена Коваль', 1, false],
      ['Nino Beridze', 2, true],
    ])
    const slip = (name: string) => pack.slips.find((s) => s.name === name)!
    expect(slip('Guest 0')).toMatchObject({ code: 'AAAA-CCCC', table: 0, url: personalJoinUrl(BASE, 'KTS7QH', 'AAAA-CCCC') })
    expect(slip('Nino Beridze')).toMatchObject({ code: 'DDDD-EEEE', table: 2, tableName: 'Gori', host: true })
    expect(slip('Aysel Mammadova').table).toBeUndefined()
    // Somebody with no registration entry gets a slip with their table, but no code to print.
    expect(slip('Guest 1')).toMatchObject({ table: 1 })
    expect(slip('Guest 1').code).toBeUndefined()
    // Cut and handed out table by table; those without a table last.
    const order = pack.slips.map((s) => s.table ?? 99)
    expect(order).toEqual([...order].sort((a, b) => a - b))
  })
})

describe('the address on the QR codes', () => {
  const cases: [string, Parameters<typeof paperBase>[0], string][] = [
    ['the LAN address, not localhost', { reachable: ['http://192.168.1.20:3000/', 'http://localhost:3000/'], requestOrigin: 'http://localhost:3000/' }, 'http://192.168.1.20:3000/'],
    ['the pick, when the server knows it', { picked: 'http://10.0.0.5:3000/', reachable: ['http://192.168.1.20:3000/', 'http://10.0.0.5:3000/'] }, 'http://10.0.0.5:3000/'],
    ['not a pick the server does not know', { picked: 'http://evil.example/', reachable: ['http://192.168.1.20:3000/'] }, 'http://192.168.1.20:3000/'],
    ['not a loopback pick', { picked: 'http://localhost:3000/', reachable: ['http://localhost:3000/'], requestOrigin: 'http://cafe.lan:3000' }, 'http://cafe.lan:3000/'],
    ['the public address behind a proxy', { reachable: ['https://cafe.example.org/'], requestOrigin: 'http://127.0.0.1:3000/' }, 'https://cafe.example.org/'],
    ['the page’s own address when only loopback is reported', { reachable: ['http://localhost:3000/'], requestOrigin: 'http://tablecloth.test:4000' }, 'http://tablecloth.test:4000/'],
    ['localhost only when nothing else is known', { reachable: ['http://localhost:3000/'], requestOrigin: 'http://127.0.0.1:3000/' }, 'http://localhost:3000/'],
  ]
  it.each(cases)('%s', (_name, input, expected) => expect(paperBase(input)).toBe(expected))
})

// ── Random cafés ────────────────────────────────────────────────────────────────────────────

const NAMES = ['Nino', 'Olena', 'Giorgi', 'Aysel', 'Ion', 'Tamar', 'Оксана', 'ნინო', 'Vusal', 'Anna']
const KINDS = ['lobby', 'running', 'paused', 'ended', 'rotating', 'harvest', 'closed'] as const

/** A random café: tables, people with flags, rounds of seating, a phase, and a registration list. */
const arbitraryCafe = fc
  .record({
    tables: fc.integer({ min: 1, max: 6 }),
    people: fc.array(
      fc.record({ name: fc.constantFrom(...NAMES), removed: fc.boolean(), withoutDevice: fc.boolean(), hosts: fc.boolean(), registered: fc.nat(3) }),
      { maxLength: 20 },
    ),
    rounds: fc.integer({ min: 1, max: 3 }),
    kind: fc.constantFrom(...KINDS),
    seats: fc.array(fc.nat(50), { minLength: 80, maxLength: 80 }),
    waiting: fc.array(fc.record({ name: fc.constantFrom(...NAMES), table: fc.option(fc.nat(7)), hosts: fc.boolean() }), { maxLength: 5 }),
  })
  .map(({ tables, people, rounds, kind, seats, waiting }) => {
    const persons: Record<string, Person> = {}
    const registrations: Registration[] = []
    people.forEach((p, i) => {
      const id = `p${i}`
      const hostOf = p.hosts && i < tables ? i : undefined
      // 0: no entry; 1: linked both ways; 2: only the entry names the person; 3: only the person names the entry.
      const link = p.registered
      persons[id] = {
        id,
        name: p.name,
        joinedAt: NOW,
        ...(hostOf !== undefined ? { hostOf } : {}),
        ...(p.removed ? { removed: true } : {}),
        ...(p.withoutDevice ? { withoutDevice: true } : {}),
        ...(link === 1 || link === 3 ? { registrationId: `r-${i}` } : {}),
      }
      if (link > 0) registrations.push({ id: `r-${i}`, name: p.name, code: `C${String(i).padStart(3, '0')}-CODE`, ...(link !== 3 ? { personId: id } : {}) })
    })
    waiting.forEach((w, i) =>
      registrations.push({
        id: `w-${i}`,
        name: w.name,
        code: `W${String(i).padStart(3, '0')}-CODE`,
        ...(w.table !== null ? (w.hosts ? { hostOf: w.table } : { table: w.table }) : {}),
      }),
    )
    const ids = Object.keys(persons)
    const seatingFor = (round: number): Seating =>
      Object.fromEntries(ids.map((id, i) => [id, persons[id]!.hostOf ?? (seats[(round * 20 + i) % seats.length]! % tables)]))
    const history = kind === 'lobby' ? [] : Array.from({ length: rounds }, (_, r) => seatingFor(r))
    const phases: Record<(typeof KINDS)[number], Phase> = {
      lobby: { kind: 'lobby' },
      running: { kind: 'running', round: rounds, endsAt: NOW },
      paused: { kind: 'paused', round: rounds, remainingMs: 1000 },
      ended: { kind: 'ended', round: rounds, endedAt: NOW, reason: 'timer' },
      rotating: { kind: 'rotating', round: rounds, plan: seatingFor(rounds) },
      harvest: { kind: 'harvest' },
      closed: { kind: 'closed' },
    }
    const state: CafeState = {
      id: 'cafe-x',
      joinCode: 'KTS7QH',
      createdAt: NOW,
      settings: { topic: 'Topic', questions: ['Q1', 'Q2', 'Q3', 'Q4'], roundMinutes: 20, ask: { country: false, organisation: false, language: false } },
      tables: Array.from({ length: tables }, (_, t) => ({ name: t % 2 ? `T${t}` : '' })),
      people: persons,
      seating: history.at(-1) ?? seatingFor(0),
      history,
      sittings: {},
      phase: phases[kind],
      version: 1,
    }
    return { state: deepFreeze(state), registrations: deepFreeze(registrations) }
  })

/** The seating each printed round was built from, as the café holds it. */
function seatingOf(state: CafeState, round: number): Seating {
  if (state.phase.kind === 'lobby') return state.seating
  if (state.phase.kind === 'rotating' && round === state.phase.round + 1) return state.phase.plan
  return state.history[round - 1]!
}

describe('paper for any café', () => {
  it('every seated person appears exactly once per round, at the table the seating gives; nobody else but expected registrations', () => {
    fc.assert(
      fc.property(arbitraryCafe, ({ state, registrations }) => {
        const pack = paperPack({ state, registrations, base: BASE })
        for (const round of pack.rounds) {
          const seating = seatingOf(state, round.round)
          const printed = round.tables.flatMap((t) => t.people.filter((p) => p.personId).map((p) => [p.personId!, t.table] as const))
          const expected = Object.entries(seating).filter(([id]) => !state.people[id]!.removed)
          expect(new Map(printed)).toEqual(new Map(expected))
          expect(printed.length).toBe(expected.length)
          for (const t of round.tables) for (const p of t.people) if (!p.personId) expect(p.expected && round.source === 'lobby').toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it("every slip's code and link are that person's own; every person and every unclaimed entry has one slip", () => {
    fc.assert(
      fc.property(arbitraryCafe, ({ state, registrations }) => {
        const pack = paperPack({ state, registrations, base: BASE })
        for (const slip of pack.slips) {
          if (slip.code === undefined) {
            expect(slip.url).toBeUndefined()
            continue
          }
          const entry = registrations.find((r) => r.code === slip.code)!
          expect(entry.id).toBe(slip.registrationId)
          if (slip.personId) expect(entry.personId === slip.personId || state.people[slip.personId]!.registrationId === entry.id).toBe(true)
          else expect(entry.personId === undefined || !(entry.personId in state.people)).toBe(true)
          expect(slip.url).toBe(personalJoinUrl(BASE, 'KTS7QH', slip.code))
        }
        const present = Object.values(state.people).filter((p) => !p.removed)
        expect(pack.slips.filter((s) => s.personId).map((s) => s.personId).sort()).toEqual(present.map((p) => p.id).sort())
        const claimed = new Set([...Object.values(state.people).map((p) => p.registrationId), ...registrations.filter((r) => r.personId).map((r) => r.id)])
        const waiting = registrations.filter((r) => !claimed.has(r.id))
        expect(pack.slips.filter((s) => !s.personId).map((s) => s.registrationId).sort()).toEqual(waiting.map((r) => r.id).sort())
      }),
      { numRuns: 300 },
    )
  })

  it('no removed person appears anywhere: not on a plan, a slip, nor by their code', () => {
    fc.assert(
      fc.property(arbitraryCafe, ({ state, registrations }) => {
        const pack = paperPack({ state, registrations, base: BASE })
        const removed = new Set(Object.values(state.people).filter((p) => p.removed).map((p) => p.id))
        // An entry is a removed person's when either side names the other.
        const theirs = (r: Registration) => (r.personId !== undefined && removed.has(r.personId)) || [...removed].some((id) => state.people[id]!.registrationId === r.id)
        const removedCodes = new Set(registrations.filter(theirs).map((r) => r.code))
        const ids = [...pack.rounds.flatMap((r) => r.tables.flatMap((t) => t.people.map((p) => p.personId))), ...pack.slips.map((s) => s.personId)]
        expect(ids.filter((id) => id && removed.has(id))).toEqual([])
        expect(pack.slips.filter((s) => s.code && removedCodes.has(s.code))).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('one card per table, each leading to its own table; cards and slips are for the last printed round', () => {
    fc.assert(
      fc.property(arbitraryCafe, ({ state, registrations }) => {
        const pack = paperPack({ state, registrations, base: BASE })
        expect(pack.cards.map((c) => c.url)).toEqual(state.tables.map((_, t) => tableJoinUrl(BASE, 'KTS7QH', t)))
        const last = pack.rounds.at(-1)!
        for (const card of pack.cards) expect(card.round).toBe(last.round)
        for (const slip of pack.slips.filter((s) => s.personId)) {
          const at = last.tables.find((t) => t.people.some((p) => p.personId === slip.personId))
          expect(slip.table).toBe(at?.table ?? state.seating[slip.personId!])
        }
      }),
      { numRuns: 200 },
    )
  })
})
