/**
 * The rotation planner, as people at the café would notice it: hosts stay, tables stay even,
 * nobody meets the same person twice where the room allows it, tables mix countries.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  planRotation,
  randomSeating,
  scoreSeating,
  seatingBounds,
  seatingScorer,
  type RotationInput,
  type RotationPerson,
  type SeatingScore,
} from '../../shared/cafe/rotation.js'
import type { Seating } from '../../shared/cafe/types.js'
import { exampleCafeRoom, hostedRoom, inputFor, randomRoom, type RoomShape } from './factories.js'

const EPS = 1e-9
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const mixOf = (s: SeatingScore) => s.meanCountriesPerTable + s.meanOrganisationsPerTable

/** Scores of `count` random seatings of the same room (hosts kept, sizes balanced). */
function randomScores(input: RotationInput, count: number, seed: number): SeatingScore[] {
  const score = seatingScorer(input)
  return Array.from({ length: count }, (_, k) => score(randomSeating(input, seed * 1000 + k)))
}

/**
 * "Beats the random mean": no worse than the mean, and strictly better unless every random
 * seating scored the same (then the room fixes the value, e.g. a single table, and a tie is
 * the best anyone can do).
 */
function expectBeats(label: string, value: number, samples: number[], better: 'lower' | 'higher') {
  const m = mean(samples)
  const allEqual = samples.every((s) => s === samples[0])
  const sign = better === 'lower' ? 1 : -1
  expect(sign * (value - m), `${label}: planner ${value} vs random mean ${m}`).toBeLessThanOrEqual(EPS)
  if (!allEqual) expect(sign * (value - m), `${label}: planner ${value} ties random mean ${m}`).toBeLessThan(-EPS)
}

/** Distinct countries at each table of a seating. */
function countriesPerTable(people: RotationPerson[], seating: Seating): number[] {
  const byTable = new Map<number, Set<string>>()
  for (const p of people) {
    const t = seating[p.id]!
    if (!byTable.has(t)) byTable.set(t, new Set())
    if (p.country) byTable.get(t)!.add(p.country)
  }
  return [...byTable.values()].map((s) => s.size)
}

/** Runs a café: round 1 as people sat down (random), then each later round planned. */
function runCafe(people: RotationPerson[], tables: number, rounds: number, seed: number) {
  const history: Seating[] = [randomSeating(inputFor(tables, people, []), seed)]
  const planned: { input: RotationInput; plan: Seating }[] = []
  for (let r = 2; r <= rounds; r++) {
    const input = inputFor(tables, people, [...history])
    const plan = planRotation(input, seed + r)
    planned.push({ input, plan })
    history.push(plan)
  }
  return planned
}

describe('the rotation planner in random rooms', () => {
  const shapes: fc.Arbitrary<RoomShape> = fc.record({
    people: fc.integer({ min: 0, max: 500 }),
    tables: fc.integer({ min: 1, max: 100 }),
    rounds: fc.integer({ min: 2, max: 6 }),
    countries: fc.integer({ min: 1, max: 8 }),
    organisations: fc.integer({ min: 0, max: 30 }),
    hostShare: fc.double({ min: 0, max: 1, noNaN: true }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })

  it('keeps every host at their table, tables within one of each other, and beats random seating on repeats — and on mixing and returns wherever the room allows no repeat', () => {
    let rounds = 0
    let roundsWithoutRepeats = 0
    fc.assert(
      fc.property(shapes, (shape) => {
        const room = randomRoom(shape)
        const history: Seating[] = [randomSeating(inputFor(room.tables, room.presentIn(1), []), shape.seed)]
        for (let r = 2; r <= shape.rounds; r++) {
          const present = room.presentIn(r)
          const input = inputFor(room.tables, present, [...history])
          const plan = planRotation(input, shape.seed + r)
          const score = scoreSeating(input, plan)
          expect(Object.keys(plan).sort()).toEqual(present.map((p) => p.id).sort())
          expect(score.hostsMoved, 'objective 1: hosts stay').toBe(0)
          expect(score.unseated).toBe(0)
          expect(score.maxSizeDiff, 'objective 4: sizes within one').toBeLessThanOrEqual(1)
          const bounds = seatingBounds(input)
          expect(score.meanCountriesPerTable).toBeLessThanOrEqual(bounds.meanCountriesAtMost + EPS)
          expect(score.meanOrganisationsPerTable).toBeLessThanOrEqual(bounds.meanOrganisationsAtMost + EPS)
          expect(score.revisits).toBeGreaterThanOrEqual(bounds.revisitsAtLeast)

          const randoms = randomScores(input, 100, shape.seed + r)
          expectBeats('repeated pairs', score.repeatedPairs, randoms.map((s) => s.repeatedPairs), 'lower')
          // In priority order, no random seating is better than the plan: fewer repeats, or as
          // few and more mixed.
          for (const s of randoms) {
            const better = s.repeatedPairs < score.repeatedPairs ||
              (s.repeatedPairs === score.repeatedPairs && mixOf(s) > mixOf(score) + EPS)
            expect(better, `a random seating beats the plan: ${JSON.stringify(s)} vs ${JSON.stringify(score)}`).toBe(false)
          }
          // Mixing (3) and returns (5) rank below repeats (2). Where the plan reached the bound of
          // zero repeats, nothing above them is at stake and they must beat random too. Where the
          // room forces repeats, the planner may rightly give up some mixing or a return to
          // avoid one: see "when the room forces a choice" below, which proves that beating
          // random on all three at once is impossible in some rooms.
          rounds++
          if (score.repeatedPairs === 0) {
            roundsWithoutRepeats++
            expectBeats('countries per table', score.meanCountriesPerTable, randoms.map((s) => s.meanCountriesPerTable), 'higher')
            expectBeats('organisations per table', score.meanOrganisationsPerTable, randoms.map((s) => s.meanOrganisationsPerTable), 'higher')
            expectBeats('revisits', score.revisits, randoms.map((s) => s.revisits), 'lower')
          }
          history.push(plan)
        }
      }),
      { numRuns: 30, seed: Number(process.env.PROPERTY_SEED ?? 20_251_125) },
    )
    // The conditional checks above must really have run, in a good share of the rounds.
    expect(roundsWithoutRepeats).toBeGreaterThan(rounds / 3)
  })

  it('random seatings, the baseline, also keep hosts and balanced tables', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const room = randomRoom(shape)
        const input = inputFor(room.tables, room.presentIn(1), [])
        const score = scoreSeating(input, randomSeating(input, shape.seed))
        expect(score).toMatchObject({ hostsMoved: 0, unseated: 0 })
        expect(score.maxSizeDiff).toBeLessThanOrEqual(1)
      }),
      { numRuns: 100, seed: 7 },
    )
  })
})

/** Every seating of a small room that keeps hosts and balanced sizes (T^n assignments, filtered). */
function allSeatings(input: RotationInput): Seating[] {
  const ids = input.people.map((p) => p.id)
  const out: Seating[] = []
  const at = new Array<number>(ids.length).fill(0)
  const total = input.tableCount ** ids.length
  for (let code = 0; code < total; code++) {
    let rest = code
    for (let i = 0; i < ids.length; i++) {
      at[i] = rest % input.tableCount
      rest = Math.floor(rest / input.tableCount)
    }
    const seating = Object.fromEntries(ids.map((id, i) => [id, at[i]!]))
    const s = scoreSeating(input, seating)
    if (s.hostsMoved === 0 && s.maxSizeDiff <= 1) out.push(seating)
  }
  return out
}

describe('the rotation planner against every possible seating', () => {
  it('finds the fewest repeats the room allows, and the best mixing among those, in rooms small enough to check every seating', () => {
    const tiny = fc.record({
      tables: fc.integer({ min: 2, max: 3 }),
      people: fc.integer({ min: 2, max: 11 }),
      rounds: fc.integer({ min: 2, max: 4 }),
      countries: fc.integer({ min: 1, max: 4 }),
      organisations: fc.integer({ min: 0, max: 4 }),
      hostShare: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    }).filter((s) => s.tables ** s.people <= 20_000)
    fc.assert(
      fc.property(tiny, (shape) => {
        const room = randomRoom(shape)
        const history: Seating[] = []
        for (let r = 1; r < shape.rounds; r++) history.push(randomSeating(inputFor(room.tables, room.presentIn(r), []), shape.seed + r))
        const input = inputFor(room.tables, room.presentIn(shape.rounds), history)
        const score = seatingScorer(input)
        const plan = score(planRotation(input, shape.seed))
        const all = allSeatings(input).map(score)
        const fewest = Math.min(...all.map((s) => s.repeatedPairs))
        const bestMix = Math.max(...all.filter((s) => s.repeatedPairs === fewest).map(mixOf))
        expect(plan.repeatedPairs).toBe(fewest)
        expect(mixOf(plan)).toBeCloseTo(bestMix, 9)
      }),
      { numRuns: 150, seed: Number(process.env.PROPERTY_SEED ?? 11) },
    )
  })
})

describe('rooms where a plan without repeats is known to exist', () => {
  /** Checks the targets of the issue for every planned round. */
  function expectNoRepeatsAndMixedTables(people: RotationPerson[], tables: number, rounds: number, seed: number) {
    const planned = runCafe(people, tables, rounds, seed)
    expect(planned).toHaveLength(rounds - 1)
    for (const { input, plan } of planned) {
      const score = scoreSeating(input, plan)
      expect(score).toMatchObject({ repeatedPairs: 0, hostsMoved: 0, unseated: 0 })
      expect(score.maxSizeDiff).toBe(0)
      for (const countries of countriesPerTable(people, plan)) expect(countries).toBeGreaterThanOrEqual(3)
    }
    return planned
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'nobody sits with the same person twice at the example café, and every table mixes at least 3 countries (seed %i)',
    (seed) => {
      const planned = expectNoRepeatsAndMixedTables(exampleCafeRoom(), 8, 3, seed)
      // Beyond the target: with 8 of each country and tables of 5, every table can hold all
      // five countries, and the planner finds such a seating.
      for (const { plan } of planned) expect(countriesPerTable(exampleCafeRoom(), plan)).toEqual(new Array(8).fill(5))
    },
  )

  it.each([1, 2, 3, 4, 5])(
    'nobody sits with the same person twice in 100 people at 20 tables over 4 rounds (seed %i)',
    (seed) => void expectNoRepeatsAndMixedTables(hostedRoom(100, 20), 20, 4, seed),
  )

  it('a hall of 1,000 at 200 tables still meets only new people in round 5', () => {
    const planned = expectNoRepeatsAndMixedTables(hostedRoom(1000, 200), 200, 5, 42)
    expect(scoreSeating(planned[3]!.input, planned[3]!.plan).revisits).toBe(0)
  })
})

describe('when the room forces a choice', () => {
  // Found by the random-room property: 14 people (one hosts table 1), 2 tables, round 3. With
  // two tables, everyone has already sat with about half the room, so repeats cannot be avoided.
  const input: RotationInput = {
    tableCount: 2,
    people: [
      { id: 'p0', country: 'c1', organisation: 'o2' },
      { id: 'p1', country: 'c0', hostOf: 1 },
      { id: 'p2', country: 'c0', organisation: 'o4' },
      { id: 'p3', country: 'c1', organisation: 'o0' },
      { id: 'p4', country: 'c1' },
      { id: 'p5', country: 'c1', organisation: 'o5' },
      { id: 'p6', country: 'c1' },
      { id: 'p7', country: 'c0' },
      { id: 'p8', country: 'c1' },
      { id: 'p9', country: 'c1' },
      { id: 'p10', country: 'c1' },
      { id: 'p11', country: 'c1' },
      { id: 'p12', country: 'c0', organisation: 'o0' },
      { id: 'p13', country: 'c1', organisation: 'o5' },
    ],
    history: [
      { p1: 1, p2: 0, p3: 1, p4: 0, p5: 1, p6: 1, p7: 1, p8: 1, p10: 0, p11: 0, p12: 0, p13: 0 },
      { p0: 1, p1: 1, p2: 0, p3: 1, p4: 1, p5: 0, p6: 0, p7: 1, p8: 0, p9: 0, p10: 1, p11: 0, p12: 0, p13: 1 },
    ],
  }

  it('fewer repeats win over mixing and returns — beating random on all three is impossible here', () => {
    const score = seatingScorer(input)
    const all = allSeatings(input).map(score)
    const fewest = Math.min(...all.map((s) => s.repeatedPairs))
    const withFewest = all.filter((s) => s.repeatedPairs === fewest)
    // The average over every balanced seating is exactly what random seating gives on average.
    const averageRevisits = mean(all.map((s) => s.revisits))
    const averageOrganisations = mean(all.map((s) => s.meanOrganisationsPerTable))
    expect(fewest).toBeLessThan(mean(all.map((s) => s.repeatedPairs)))
    for (const s of withFewest) {
      expect(s.revisits).toBeGreaterThan(averageRevisits)
      expect(s.meanOrganisationsPerTable).toBeLessThan(averageOrganisations)
    }
    expect(score(planRotation(input, 3)).repeatedPairs).toBe(fewest)
  })
})

describe('people coming and going', () => {
  const history: Seating[] = [{ h0: 0, h1: 1, a: 0, b: 0, c: 1, d: 1, gone: 0 }]

  it('a late joiner with no history is seated like anyone else', () => {
    const people = [{ id: 'h0', hostOf: 0 }, { id: 'h1', hostOf: 1 }, { id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }, { id: 'late' }]
    const plan = planRotation(inputFor(2, people, history), 1)
    expect(Object.keys(plan).sort()).toEqual(people.map((p) => p.id).sort())
    expect(scoreSeating(inputFor(2, people, history), plan)).toMatchObject({ hostsMoved: 0, maxSizeDiff: 1, unseated: 0 })
  })

  it('someone who left is not given a seat, and their old table-mates are free to meet others', () => {
    const people = [{ id: 'h0', hostOf: 0 }, { id: 'h1', hostOf: 1 }, { id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]
    const input = inputFor(2, people, history)
    const plan = planRotation(input, 1)
    expect(plan).not.toHaveProperty('gone')
    // a and b sat together, as did c and d: the only plan without repeats splits both pairs.
    expect(scoreSeating(input, plan)).toMatchObject({ repeatedPairs: 0, hostsMoved: 0, maxSizeDiff: 0 })
    expect(plan.a).not.toBe(plan.b)
  })

  it('a table without a host is filled like the others', () => {
    const people = [{ id: 'h0', hostOf: 0 }, ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => ({ id }))]
    const plan = planRotation(inputFor(3, people, []), 5)
    expect(plan.h0).toBe(0)
    expect([0, 1, 2].map((t) => Object.values(plan).filter((x) => x === t).length)).toEqual([3, 3, 3])
  })

  it('with more tables than people, nobody shares a table and hosts keep theirs', () => {
    const people = [{ id: 'h5', hostOf: 5 }, { id: 'a' }, { id: 'b' }]
    const plan = planRotation(inputFor(10, people, []), 9)
    expect(plan.h5).toBe(5)
    expect(new Set(Object.values(plan)).size).toBe(3)
    expect(scoreSeating(inputFor(10, people, []), plan).maxSizeDiff).toBe(1)
  })

  it('with one table everyone sits at it', () => {
    const people = [{ id: 'h0', hostOf: 0 }, { id: 'a' }, { id: 'b' }]
    expect(planRotation(inputFor(1, people, [{ h0: 0, a: 0, b: 0 }]), 3)).toEqual({ h0: 0, a: 0, b: 0 })
  })

  it('a room with no tables or no people gets an empty plan', () => {
    expect(planRotation(inputFor(0, [{ id: 'a' }], []), 1)).toEqual({})
    expect(planRotation(inputFor(4, [], []), 1)).toEqual({})
  })

  it('two people claiming one table: the first keeps it, the second is seated as a guest', () => {
    const people = [{ id: 'x', hostOf: 0 }, { id: 'y', hostOf: 0 }, { id: 'a' }, { id: 'b' }]
    const plan = planRotation(inputFor(2, people, []), 1)
    expect(plan.x).toBe(0)
    expect([0, 1].map((t) => Object.values(plan).filter((x) => x === t).length)).toEqual([2, 2])
  })
})

describe('the same seed, the same plan', () => {
  it('plans identically for the same room and seed, also after the room went through JSON (a restart)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 120 }), (seed, n) => {
        const people = hostedRoom(n, Math.ceil(n / 5))
        const tables = Math.ceil(n / 5)
        const history = [randomSeating(inputFor(tables, people, []), seed)]
        const input = inputFor(tables, people, history)
        const again = JSON.parse(JSON.stringify(input)) as RotationInput
        expect(planRotation(again, seed)).toEqual(planRotation(input, seed))
      }),
      { numRuns: 50, seed: 3 },
    )
  })
})

describe('the score itself', () => {
  it('counts repeats, returns and countries as a person would', () => {
    const people = [
      { id: 'a', country: 'GE' },
      { id: 'b', country: 'GE' },
      { id: 'c', country: 'UA' },
      { id: 'd', country: 'UA' },
      { id: 'e', country: 'UA' },
      { id: 'f', country: 'MD' },
    ]
    const input = inputFor(2, people, [{ a: 0, b: 0, c: 0, d: 1, e: 1, f: 1 }])
    expect(scoreSeating(input, { a: 0, b: 0, d: 0, c: 1, e: 1, f: 1 })).toEqual({
      repeatedPairs: 2, // a–b again, e–f again
      meanCountriesPerTable: 2, // GE+UA, UA+MD
      meanOrganisationsPerTable: 0,
      revisits: 4, // a, b back at 0; e, f back at 1
      maxSizeDiff: 0,
      hostsMoved: 0,
      unseated: 0,
    })
  })

  it('bounds: a table cannot hold more countries than people or than the room has', () => {
    expect(seatingBounds(inputFor(8, exampleCafeRoom(), []))).toEqual({
      repeatedPairsAtLeast: 0,
      meanCountriesAtMost: 5,
      meanOrganisationsAtMost: 0,
      revisitsAtLeast: 0,
    })
    const twoCountries = hostedRoom(12, 3, 2)
    expect(seatingBounds(inputFor(3, twoCountries, [])).meanCountriesAtMost).toBe(2)
  })
})
