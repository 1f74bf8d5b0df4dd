import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { HarvestResult } from '../../shared/harvest/errors.js'
import { newHarvest, type HarvestSource, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { harvestItems, itemIndex } from '../../shared/harvest/items.js'
import {
  acceptSuggestion,
  editMerged,
  editSuggestion,
  harvestSuggestions,
  mergeProposals,
  rejectSuggestion,
  undoMerge,
} from '../../shared/harvest/merges.js'
import { closeVoting, openVoting, placeDot, ranking } from '../../shared/harvest/votes.js'
import { fixtureSources, frozen } from './harvest-fixture.js'

function value<T>(result: HarvestResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.code} (${result.message})`)
  return result.value
}

/** A harvest frozen solid: any operation that mutated its input would throw. */
const harvestOf = (sources: HarvestSource[]): HarvestState => frozen(value(newHarvest(sources)))

/** Six proposals from four tables: two hotline twins, two training twins, two on their own. */
const small = (): HarvestSource[] =>
  [
    [0, 'a', 'Keep the free hotline for homeowners'],
    [0, 'b', 'Municipality gives the centre an office'],
    [1, 'c', 'Keep the free hot-line for home owners'],
    [2, 'd', 'Regular training for association chairs'],
    [3, 'e', 'Regular trainings for chairs of associations'],
    [3, 'f', 'Apply for EU grants'],
  ].map(([table, id, title], i) => ({
    key: `${table}:${id}`,
    table: table as number,
    round: 1 + (i % 3),
    authors: [`person-${i}`],
    proposal: { id: id as string, title: title as string, what: `why ${id}`, who: '', when: '' },
  }))

const keysOf = (state: HarvestState) => harvestItems(state).map((item) => item.key)

describe('the facilitator merges what the tables wrote twice', () => {
  it('accepting a suggestion merges it and keeps every source with its table, round and authors', () => {
    const state = harvestOf(fixtureSources())
    // Groups span languages now (the thesaurus), so take the first with three or more members.
    const suggestion = harvestSuggestions(state).find((s) => s.keys.length >= 3)!
    const merged = value(acceptSuggestion(state, suggestion, 'm-1'))
    const item = harvestItems(merged).find((i) => i.key === 'm-1')!
    expect(item.sources.map((s) => s.key).sort()).toEqual([...suggestion.keys].sort())
    for (const source of item.sources) expect(state.proposals).toContainEqual(source)
    expect(merged.merged[0]?.suggestion).toBe(suggestion.id)
    expect(harvestItems(merged)).toHaveLength(harvestItems(state).length - (suggestion.keys.length - 1))
    expect(harvestSuggestions(merged).some((s) => s.id === suggestion.id)).toBe(false)
  })

  it('the first proposal of a merge lends it its title, which the facilitator can then rewrite', () => {
    const state = value(mergeProposals(harvestOf(small()), ['1:c', '0:a'], 'm-1'))
    expect(harvestItems(state)[0]).toMatchObject({ key: 'm-1', title: 'Keep the free hotline for homeowners', what: 'why a' })
    const edited = value(editMerged(frozen(state), 'm-1', { title: 'Free hotline after the project' }))
    expect(harvestItems(edited)[0]?.title).toBe('Free hotline after the project')
  })

  it('a suggestion edited before accepting merges what the facilitator kept', () => {
    const state = harvestOf(small())
    const suggestion = { id: 'x', keys: ['0:a', '1:c'], tables: [0, 1], score: 0.9 }
    const edited = value(editSuggestion(state, suggestion, { add: ['3:f'], remove: ['1:c'] }))
    expect(edited).toMatchObject({ id: 'x', keys: ['0:a', '3:f'], tables: [0, 3] })
    expect(edited.score).toBeLessThan(0.5)
    const merged = value(acceptSuggestion(state, edited, 'm-1'))
    expect(keysOf(merged)).toEqual(['m-1', '0:b', '1:c', '2:d', '3:e'])
    expect(editSuggestion(state, suggestion, { remove: ['0:a'] })).toMatchObject({ ok: false, code: 'too_few_to_merge' })
  })

  it('a suggestion edited back to what it was keeps its score: weighed by the same café as the others', () => {
    // The fixture's café: its suggestions hold paraphrases, whose score depends on the weights.
    const state = harvestOf(fixtureSources())
    const suggestions = harvestSuggestions(state)
    expect(suggestions.some((s) => s.score < 0.99)).toBe(true)
    for (const suggestion of suggestions) {
      const edited = value(editSuggestion(state, suggestion, {}))
      expect(edited.score).toBeCloseTo(suggestion.score, 12)
    }
  })

  it('a rejected suggestion does not come back, even once one of its proposals is merged elsewhere', () => {
    const state = harvestOf(small())
    const hotline = harvestSuggestions(state).find((s) => s.keys.includes('0:a'))!
    const rejected = value(rejectSuggestion(state, hotline))
    expect(harvestSuggestions(rejected).some((s) => s.keys.includes('0:a') && s.keys.includes('1:c'))).toBe(false)
    const later = value(mergeProposals(frozen(rejected), ['0:a', '0:b'], 'm-1'))
    expect(harvestSuggestions(later).some((s) => s.keys.includes('m-1') && s.keys.includes('1:c'))).toBe(false)
    expect(rejectSuggestion(frozen(rejected), hotline)).toMatchObject({ ok: false, code: 'already_decided' })
    expect(acceptSuggestion(frozen(rejected), hotline, 'm-2')).toMatchObject({ ok: false, code: 'already_decided' })
  })

  it('a merge can swallow an earlier merge, and undo gives it back with its own title', () => {
    const first = value(editMerged(value(mergeProposals(harvestOf(small()), ['0:a', '1:c'], 'm-1')), 'm-1', { title: 'Hotline' }))
    const second = value(mergeProposals(frozen(first), ['m-1', '3:f'], 'm-2'))
    expect(keysOf(second)).toEqual(['m-2', '0:b', '2:d', '3:e'])
    expect(itemIndex(second).get('m-1')).toBe('m-2')
    expect(value(undoMerge(frozen(second), 'm-2'))).toEqual(first)
  })

  it('refuses what makes no sense, and changes nothing when it does', () => {
    const state = value(mergeProposals(harvestOf(small()), ['0:a', '1:c'], 'm-1'))
    frozen(state)
    const refusals: Array<[HarvestResult<unknown>, string]> = [
      [mergeProposals(state, ['0:a', '2:d'], 'm-2'), 'unknown_item'], // 0:a is inside m-1 now
      [mergeProposals(state, ['2:d', 'nobody'], 'm-2'), 'unknown_item'],
      [mergeProposals(state, ['2:d', '2:d'], 'm-2'), 'too_few_to_merge'],
      [mergeProposals(state, ['2:d', '3:e'], 'm-1'), 'bad_id'],
      [mergeProposals(state, ['2:d', '3:e'], '9:x'), 'bad_id'],
      [mergeProposals(state, ['2:d', '3:e'], ''), 'bad_id'],
      [editMerged(state, '2:d', { title: 'x' }), 'not_merged'],
      [editMerged(state, 'm-1', { title: '  ' }), 'empty_title'],
      [undoMerge(state, '2:d'), 'not_merged'],
      [undoMerge(state, 'm-9'), 'not_merged'],
      [rejectSuggestion(state, { id: 'q', keys: ['nobody', '2:d'] }), 'unknown_item'],
      [newHarvest([...small(), small()[0]!]), 'duplicate_proposal'],
    ]
    for (const [result, code] of refusals) expect(result).toMatchObject({ ok: false, code })
  })
})

describe('dots follow a proposal into a merge and out of it again', () => {
  const voting = () => frozen(value(openVoting(harvestOf(small()), ['ana', 'boris', 'nino'])))
  const dotsOn = (state: HarvestState) => new Map(ranking(state).map((r) => [r.item.key, r.dots]))

  it('merging after votes keeps every dot: the merge counts its sources’ dots', () => {
    let state = voting()
    for (const [voter, key] of [['ana', '0:a'], ['boris', '0:a'], ['nino', '1:c'], ['ana', '2:d']] as const)
      state = value(placeDot(state, voter, key))
    const merged = value(mergeProposals(frozen(state), ['0:a', '1:c'], 'm-1'))
    expect(dotsOn(merged).get('m-1')).toBe(3)
    expect(ranking(merged)[0]).toMatchObject({ item: { key: 'm-1' }, dots: 3, voters: 3, place: 1 })
    expect(value(undoMerge(frozen(merged), 'm-1'))).toEqual(state)
  })

  it('undo gives each source back its own dots; dots placed on the merge go back to their voters', () => {
    let state = value(placeDot(voting(), 'ana', '0:a'))
    state = value(mergeProposals(frozen(state), ['0:a', '1:c'], 'm-1'))
    state = value(placeDot(frozen(state), 'boris', 'm-1'))
    state = value(placeDot(frozen(state), 'nino', '1:c')) // a screen still showing 1:c on its own
    expect(dotsOn(state).get('m-1')).toBe(3)
    const undone = value(undoMerge(frozen(state), 'm-1'))
    expect(dotsOn(undone).get('0:a')).toBe(1)
    expect(dotsOn(undone).get('1:c')).toBe(1)
    expect(undone.votes.dots.some((d) => d.voter === 'boris')).toBe(false)
  })

  it('once voting is closed, merges and undos are refused and nothing changes', () => {
    const merged = value(mergeProposals(voting(), ['0:a', '1:c'], 'm-1'))
    const closed = frozen(value(closeVoting(merged)))
    expect(mergeProposals(closed, ['2:d', '3:e'], 'm-2')).toMatchObject({ ok: false, code: 'voting_closed' })
    expect(undoMerge(closed, 'm-1')).toMatchObject({ ok: false, code: 'voting_closed' })
    expect(closed.merged).toEqual(merged.merged)
  })
})

describe('any merges, undone in reverse, leave the harvest exactly as it was', () => {
  const voters = ['ana', 'boris', 'nino', 'olena']
  const pick = fc.array(fc.nat(), { minLength: 2, maxLength: 4 })
  const step = fc.record({ pick, dots: fc.array(fc.nat(3), { maxLength: 3 }) })

  it('dots, titles and nested merges included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.nat()), { maxLength: 10 }),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        (initialDots, steps) => {
          // Twelve proposals, so that later merges often swallow earlier ones; two merges exist already.
          let initial = value(openVoting(value(newHarvest(fixtureSources().slice(0, 12), 4)), voters))
          const [, b1, b2, , , , , , b8, b9] = keysOf(initial)
          initial = value(mergeProposals(initial, [b8!, b9!], 'm-before-2'))
          initial = value(mergeProposals(initial, [b1!, b2!], 'm-before-1'))
          initial = value(editMerged(initial, 'm-before-1', { title: 'merged before', what: 'kept as it was' }))
          for (const [voter, item] of initialDots) {
            const items = keysOf(initial)
            const placed = placeDot(initial, voters[voter]!, items[item % items.length]!)
            if (placed.ok) initial = placed.value
          }
          frozen(initial)
          let state = initial
          // Each merge with the state just before it: its undo must give back exactly that state.
          const made: Array<[string, HarvestState]> = []
          for (const [n, { pick: chosen, dots }] of steps.entries()) {
            const items = keysOf(state)
            const id = `m-${n}`
            const merged = mergeProposals(state, chosen.map((i) => items[i % items.length]!), id)
            if (!merged.ok) continue
            made.push([id, state])
            state = value(editMerged(frozen(merged.value), id, { title: `merge ${n}` }))
            for (const voter of dots) {
              const placed = placeDot(frozen(state), voters[voter]!, id)
              if (placed.ok) state = placed.value
            }
          }
          for (const [id, before] of made.reverse()) {
            state = value(undoMerge(frozen(state), id))
            expect(state).toStrictEqual(before)
          }
          expect(state).toStrictEqual(initial)
        },
      ),
      { numRuns: 200 },
    )
  })
})
