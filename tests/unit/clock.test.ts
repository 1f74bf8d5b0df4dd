import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { estimateOffset, formatClock } from '../../shared/cafe/clock.js'

describe("a laptop whose clock is wrong still shows the hall's time", () => {
  it('recovers any clock offset to within half the fastest round trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3_600_000, max: 3_600_000 }),
        fc.array(fc.tuple(fc.nat(2000), fc.nat(2000)), { minLength: 1, maxLength: 5 }),
        (trueOffset, delays) => {
          let device = 1_800_000_000_000
          const samples = delays.map(([up, down]) => {
            const sent = device
            const serverTime = sent + up + trueOffset
            const received = sent + up + down
            device = received + 10
            return { sent, serverTime, received }
          })
          const fastest = Math.min(...delays.map(([u, d]) => u + d))
          expect(Math.abs(estimateOffset(samples)! - trueOffset)).toBeLessThanOrEqual(fastest / 2)
        },
      ),
    )
  })

  it('has no estimate without a sample', () => {
    expect(estimateOffset([])).toBeUndefined()
  })

  it.each([
    [20 * 60_000, '20:00'],
    [19 * 60_000 + 59_001, '20:00'],
    [59_999, '1:00'],
    [1, '0:01'],
    [0, '0:00'],
    [-5, '0:00'],
  ])('shows %i ms as %s, reaching 0:00 only when time is up', (ms, shown) => {
    expect(formatClock(ms)).toBe(shown)
  })
})
