/**
 * The rotation planner in the rooms people will meet: the example café, larger halls, people
 * arriving late or leaving, odd numbers of tables — and the score it is judged by.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planRotation, randomSeating, scoreSeating, seatingBounds, type RotationInput, type RotationPerson } from '../../shared/cafe/rotation.js'
import type { Seating } from '../../shared/cafe/types.js'
import { exampleCafeRoom, hostedRoom, inputFor } from './factories.js'
import { countriesPerTable, runCafe } from './seating-checks.js'

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
