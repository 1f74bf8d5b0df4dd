/**
 * The rotation planner's properties: in random rooms it keeps the hard rules and beats random
 * seating; in rooms small enough to check every seating it finds the best one; and where the
 * room forces a choice, priorities decide.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planRotation, randomSeating, scoreSeating, seatingBounds, seatingScorer, type RotationInput } from '../../shared/cafe/rotation.js'
import type { Seating } from '../../shared/cafe/types.js'
import { inputFor, randomRoom, type RoomShape } from './factories.js'
import { allSeatings, EPS, expectBeats, mean, mixOf, randomScores } from './seating-checks.js'

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
      { numRuns: 40, seed: Number(process.env.PROPERTY_SEED ?? 20_251_125) },
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

