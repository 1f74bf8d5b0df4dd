import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { HarvestResult } from '../../shared/harvest/errors.js'
import { newHarvest, proposalKeyOf, type HarvestSource, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { harvestItems, itemIndex } from '../../shared/harvest/items.js'
import { editMerged, mergeProposals, rejectSuggestion } from '../../shared/harvest/merges.js'
import { openVoting, placeDot, ranking } from '../../shared/harvest/votes.js'
import { refreshSources } from '../../shared/harvest/sources.js'
import { frozen } from './harvest-fixture.js'

function value<T>(result: HarvestResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.code} (${result.message})`)
  return result.value
}

/** A proposal of `table` as a cloth holds it, written by `authors` in `round`. */
const source = (table: number, id: string, title: string, authors = [`host-${table}`], round = 1): HarvestSource => ({
  key: proposalKeyOf(table, id),
  table,
  round,
  authors,
  proposal: { id, title, what: `what ${title}`, who: '', when: '' },
})

const VOTERS = ['ana', 'boris', 'nino']

/** The harvest as it began: these proposals, voting open. */
const harvestOf = (sources: HarvestSource[]): HarvestState => frozen(value(openVoting(value(newHarvest(sources, 3)), VOTERS)))

const keysOf = (state: HarvestState) => state.proposals.map((s) => s.key)

/** Dots per item key on the list, as the board counts them. */
const dotsOf = (state: HarvestState) => new Map(ranking(state).map((row) => [row.item.key, row.dots]))

describe('what a table writes after the harvest began reaches it', () => {
  const begun = harvestOf([source(0, 'a', 'Hotline'), source(0, 'b', 'Training'), source(1, 'c', 'Co-funding'), source(2, 'd', 'Law')])

  it('a proposal written at table 1 during the harvest joins the list after the one it follows there', () => {
    const next = refreshSources(begun, [source(0, 'a', 'Hotline'), source(0, 'n', 'New'), source(0, 'b', 'Training')])
    expect(keysOf(next)).toEqual(['0:a', '0:n', '0:b', '1:c', '2:d'])
  })

  it('a proposal first on its cloth goes before that table’s others, after the tables before it', () => {
    expect(keysOf(refreshSources(begun, [source(1, 'n', 'New'), source(1, 'c', 'Co-funding')]))).toEqual(['0:a', '0:b', '1:n', '1:c', '2:d'])
    expect(keysOf(refreshSources(begun, [source(3, 'n', 'New')]))).toEqual(['0:a', '0:b', '1:c', '2:d', '3:n'])
    // Table 2 deleted its only proposal and wrote a new one: the deleted one stays, the new one follows it.
    expect(keysOf(refreshSources(begun, [source(1, 'n', 'New')]))).toEqual(['0:a', '0:b', '1:c', '1:n', '2:d'])
    const empty = harvestOf([])
    expect(keysOf(refreshSources(empty, [source(2, 'x', 'X'), source(0, 'y', 'Y'), source(0, 'z', 'Z')].sort((p, q) => p.table - q.table)))).toEqual(['0:y', '0:z', '2:x'])
  })

  it('a retyped proposal inside a merge shows its new text among the sources; the merge keeps its own title', () => {
    const merged = value(editMerged(value(mergeProposals(begun, ['0:a', '1:c'], 'm-1')), 'm-1', { title: 'Hotline, co-funded' }))
    const next = refreshSources(merged, [source(1, 'c', 'Co-funding by the city', ['host-1', 'olena'], 2)])
    const item = harvestItems(next).find((i) => i.key === 'm-1')!
    expect(item.title).toBe('Hotline, co-funded')
    expect(item.sources[1]).toMatchObject({ key: '1:c', round: 2, authors: ['host-1', 'olena'], proposal: { title: 'Co-funding by the city' } })
    expect(next.merged).toBe(merged.merged)
  })

  it('a proposal deleted from its cloth stays on the list, with its dot', () => {
    const voted = frozen(value(placeDot(begun, 'ana', '0:b')))
    const next = refreshSources(voted, [source(0, 'a', 'Hotline')])
    expect(next).toBe(voted)
    expect(dotsOf(next).get('0:b')).toBe(1)
  })

  it('nothing changed on the cloths: the very same state, nothing to store or announce', () => {
    expect(refreshSources(begun, structuredClone(begun.proposals))).toBe(begun)
    expect(refreshSources(begun, [])).toBe(begun)
  })
})

// ---- properties over random boards, merges and dots ----

const TITLES = ['Hotline', 'Training', 'Co-funding', 'Law', '']
/** A cloth: distinct proposal ids in the table's order, each with a title and its authors. */
const cloth = fc.uniqueArray(
  fc.record({ id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'), title: fc.constantFrom(...TITLES), authors: fc.subarray(['x', 'y', 'z'], { minLength: 1 }) }),
  { selector: (p) => p.id, maxLength: 5 },
)
/** Every table's proposals in board order. */
const board = fc.array(cloth, { minLength: 1, maxLength: 4 }).map((tables) =>
  tables.flatMap((proposals, table) => proposals.map((p) => source(table, p.id, p.title, p.authors))),
)

/** A harvest begun from a board, with some merges (maybe nested), a rejection and dots placed. */
const harvest = fc
  .record({
    sources: board,
    merges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
    reject: fc.option(fc.tuple(fc.nat(), fc.nat())),
    dots: fc.array(fc.tuple(fc.constantFrom(...VOTERS), fc.nat()), { maxLength: 9 }),
  })
  .map(({ sources, merges, reject, dots }) => {
    let state = value(openVoting(value(newHarvest(sources, 3)), VOTERS))
    const pick = (n: number) => {
      const items = harvestItems(state)
      return items[n % Math.max(1, items.length)]?.key
    }
    merges.forEach(([i, j], n) => {
      const a = pick(i)
      const b = pick(j)
      if (a && b && a !== b) state = value(mergeProposals(state, [a, b], `m-${n}`))
    })
    if (reject) {
      const a = pick(reject[0])
      const b = pick(reject[1])
      if (a && b && a !== b) state = value(rejectSuggestion(state, { id: `s-${a}`, keys: [a, b] }))
    }
    for (const [voter, n] of dots) {
      const key = pick(n)
      const placed = key ? placeDot(state, voter, key) : undefined
      if (placed?.ok) state = placed.value
    }
    return frozen(state)
  })

describe('refreshing from the cloths, whatever they hold now', () => {
  it('refreshing twice is refreshing once', () => {
    fc.assert(
      fc.property(harvest, board, (state, latest) => {
        const once = refreshSources(state, latest)
        expect(refreshSources(once, latest)).toBe(once)
      }),
      { numRuns: 300 },
    )
  })

  it('never drops a proposal, never touches merges, decisions or votes', () => {
    fc.assert(
      fc.property(harvest, board, (state, latest) => {
        const next = refreshSources(state, latest)
        const keys = new Set(keysOf(next))
        for (const key of keysOf(state)) expect(keys.has(key)).toBe(true)
        expect(keys.size).toBe(next.proposals.length)
        expect(next.merged).toBe(state.merged)
        expect(next.decisions).toBe(state.decisions)
        expect(next.votes).toBe(state.votes)
      }),
      { numRuns: 300 },
    )
  })

  it('every proposal on the cloths is on the list with its text and provenance as they are now', () => {
    fc.assert(
      fc.property(harvest, board, (state, latest) => {
        const items = harvestItems(refreshSources(state, latest))
        for (const wanted of latest) {
          const item = items.find((i) => i.sources.some((s) => s.key === wanted.key))
          expect(item?.sources.find((s) => s.key === wanted.key)).toEqual(wanted)
          if (item?.kind === 'proposal') expect(item).toMatchObject({ title: wanted.proposal.title, what: wanted.proposal.what })
        }
      }),
      { numRuns: 300 },
    )
  })

  it('keeps board order: tables in turn, the proposals already there in their order, new ones as their cloth has them', () => {
    fc.assert(
      fc.property(harvest, board, (state, latest) => {
        const next = refreshSources(state, latest)
        const tables = next.proposals.map((s) => s.table)
        expect(tables).toEqual([...tables].sort((a, b) => a - b))
        const before = new Set(keysOf(state))
        expect(keysOf(next).filter((key) => before.has(key))).toEqual(keysOf(state))
        // Unless the cloth reordered what the harvest had (which the harvest does not follow).
        const kept = latest.filter((s) => before.has(s.key)).map((s) => s.key)
        if (kept.join() !== keysOf(state).filter((key) => kept.includes(key)).join()) return
        const added = latest.filter((s) => !before.has(s.key)).map((s) => s.key)
        expect(keysOf(next).filter((key) => !before.has(key))).toEqual(added)
      }),
      { numRuns: 300 },
    )
  })

  it('no dot moves: every item keeps its count and its place relative to the others, new ones have none', () => {
    fc.assert(
      fc.property(harvest, board, (state, latest) => {
        const next = refreshSources(state, latest)
        const dots = dotsOf(next)
        for (const [key, count] of dotsOf(state)) expect(dots.get(key)).toBe(count)
        const old = new Set(ranking(state).map((row) => row.item.key))
        expect(ranking(next).map((row) => row.item.key).filter((key) => old.has(key))).toEqual(ranking(state).map((row) => row.item.key))
        for (const [key, count] of dots) if (!old.has(key)) expect(count).toBe(0)
        // Every key a dot or a merge names is still known.
        const index = itemIndex(next)
        for (const dot of next.votes.dots) expect(index.has(dot.placedOn)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('returns the very same state when the cloths hold what the harvest holds (or part of it)', () => {
    fc.assert(
      fc.property(harvest, fc.nat(), (state, table) => {
        expect(refreshSources(state, structuredClone(state.proposals))).toBe(state)
        expect(refreshSources(state, state.proposals.filter((s) => s.table === table % 4))).toBe(state)
      }),
      { numRuns: 200 },
    )
  })

  it('a change of text gives a new proposals list, so the suggestions are looked for again', () => {
    fc.assert(
      fc.property(harvest, board, (state, latest) => {
        const next = refreshSources(state, latest)
        if (next !== state) expect(next.proposals).not.toBe(state.proposals)
        else expect(next.proposals).toBe(state.proposals)
      }),
      { numRuns: 200 },
    )
  })
})
