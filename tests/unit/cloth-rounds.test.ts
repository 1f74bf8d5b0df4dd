import { describe, expect, it } from 'vitest'
import { clothRoundNow, earlierRounds, earlierTables } from '../../shared/cloth/rounds.js'
import { PHASE_VARIANTS, cafeIn } from './factories.js'

describe("which round's notes a table writes now", () => {
  it.each([
    ['lobby', 1],
    ['running', 1],
    ['running-due', 1],
    ['paused', 1],
    ['ended', 1],
    ['ended-last', 3],
    ['rotating', 1],
    ['harvest', 3],
    ['closed', 3],
  ] as const)('%s → round %i', (variant, round) => {
    const cafe = cafeIn(variant)
    expect(clothRoundNow(cafe.phase, cafe.settings.questions.length)).toBe(round)
  })

  it('covers every phase the café can be in', () => {
    for (const variant of PHASE_VARIANTS) {
      const cafe = cafeIn(variant)
      const round = clothRoundNow(cafe.phase, cafe.settings.questions.length)
      expect(round).toBeGreaterThanOrEqual(1)
      expect(round).toBeLessThanOrEqual(cafe.settings.questions.length)
    }
  })

  it('never opens a round the café does not have', () => {
    expect(clothRoundNow({ kind: 'running', round: 9, endsAt: 0 }, 3)).toBe(3)
    expect(clothRoundNow({ kind: 'harvest' }, 0)).toBe(1)
  })

  it('lists the earlier rounds most recent first', () => {
    expect(earlierRounds(1)).toEqual([])
    expect(earlierRounds(3)).toEqual([2, 1])
  })
})

describe('the cloths a device may still hold offline edits for', () => {
  it('are the tables a person sat at before, not the one they sit at now', () => {
    const cafe = cafeIn('ended-last')
    // p0 sat at table 0, then 1, then 0 again (now).
    expect(earlierTables(cafe, 'p0')).toEqual([1])
    cafe.seating.p0 = 2
    expect(earlierTables(cafe, 'p0')).toEqual([0, 1])
    // A host never moves.
    expect(earlierTables(cafe, 'h1')).toEqual([])
    expect(earlierTables(cafe, 'newcomer')).toEqual([])
  })
})
