import { describe, expect, it } from 'vitest'
import { harvestView } from '../../server/harvest/harvests.js'
import { newHarvest, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { mergeProposals } from '../../shared/harvest/merges.js'
import { openVoting, placeDot } from '../../shared/harvest/votes.js'
import type { HarvestResult } from '../../shared/harvest/errors.js'
import { fixtureSources } from './harvest-fixture.js'

const value = <T>(result: HarvestResult<T>): T => {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`)
  return result.value
}
const view = (state: HarvestState, version = 1) => harvestView({ cafeId: 'cafe-0001', version, state })

describe('the harvest view', () => {
  it('does not look for duplicates again when only a dot changed, but does after a merge', () => {
    const begun = value(openVoting(value(newHarvest(fixtureSources())), ['p1', 'p2']))
    const before = view(begun)
    expect(before.suggestions.length).toBeGreaterThan(0)

    const dotted = value(placeDot(begun, 'p1', before.items[0]!.key))
    const after = view(dotted, 2)
    // The very same list: nothing was computed for the dot.
    expect(after.suggestions).toBe(before.suggestions)
    expect(after.ranking.find((row) => row.key === before.items[0]!.key)?.dots).toBe(1)

    const [first] = before.suggestions
    const merged = value(mergeProposals(dotted, first!.keys, 'm-test'))
    const next = view(merged, 3)
    expect(next.suggestions).not.toBe(before.suggestions)
    expect(next.suggestions.some((s) => s.id === first!.id)).toBe(false)
  })
})
