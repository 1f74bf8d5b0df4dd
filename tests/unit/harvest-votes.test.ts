import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { HarvestResult } from '../../shared/harvest/errors.js'
import { newHarvest, type HarvestSource, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { harvestItems, itemIndex } from '../../shared/harvest/items.js'
import { mergeProposals, undoMerge } from '../../shared/harvest/merges.js'
import {
  admitVoters,
  closeVoting,
  dotsLeft,
  openVoting,
  placeDot,
  ranking,
  removeDot,
  setDotsPerVoter,
} from '../../shared/harvest/votes.js'
import { frozen } from './harvest-fixture.js'

function value<T>(result: HarvestResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.code} (${result.message})`)
  return result.value
}

/** `n` proposals, one per table, titled after their table. */
const sources = (n: number): HarvestSource[] =>
  Array.from({ length: n }, (_, table) => ({
    key: `${table}:p`,
    table,
    round: 1,
    authors: [`host-${table}`],
    proposal: { id: 'p', title: `Proposal of table ${table + 1}`, what: '', who: '', when: '' },
  }))

const PARTICIPANTS = ['ana', 'boris', 'nino', 'olena', 'rashad']

/** Voting open for the participants, `dots` each, over `n` proposals; frozen against mutation. */
const openHarvest = (n = 5, dots = 3): HarvestState =>
  frozen(value(openVoting(value(newHarvest(sources(n), dots)), PARTICIPANTS)))

const place = (state: HarvestState, ...dots: Array<[string, string]>): HarvestState =>
  frozen(dots.reduce((s, [voter, key]) => value(placeDot(s, voter, key)), state))

const dotsOn = (state: HarvestState) => Object.fromEntries(ranking(state).map((r) => [r.item.key, r.dots]))

describe('each participant places their dots, and no more', () => {
  it('three dots placed, the fourth refused and nothing changed', () => {
    const state = place(openHarvest(), ['ana', '0:p'], ['ana', '1:p'], ['ana', '1:p'])
    expect(dotsLeft(state, 'ana')).toBe(0)
    expect(placeDot(state, 'ana', '2:p')).toMatchObject({ ok: false, code: 'no_dots_left' })
    expect(dotsOn(state)).toMatchObject({ '0:p': 1, '1:p': 2, '2:p': 0 })
  })

  it('taking a dot back frees it for another item', () => {
    const state = place(openHarvest(), ['ana', '0:p'], ['ana', '1:p'], ['ana', '1:p'])
    const moved = place(value(removeDot(state, 'ana', '1:p')), ['ana', '4:p'])
    expect(dotsOn(moved)).toMatchObject({ '0:p': 1, '1:p': 1, '4:p': 1 })
    expect(removeDot(state, 'ana', '3:p')).toMatchObject({ ok: false, code: 'no_dot_there' })
    expect(removeDot(state, 'boris', '0:p')).toMatchObject({ ok: false, code: 'no_dot_there' })
  })

  it('nobody votes who is not a participant, or before voting opens', () => {
    const state = openHarvest()
    expect(placeDot(state, 'facilitator', '0:p')).toMatchObject({ ok: false, code: 'not_a_voter' })
    expect(placeDot(state, 'ana', '9:p')).toMatchObject({ ok: false, code: 'unknown_item' })
    expect(dotsLeft(state, 'stranger')).toBe(0)
    const notOpen = frozen(value(newHarvest(sources(2))))
    expect(placeDot(notOpen, 'ana', '0:p')).toMatchObject({ ok: false, code: 'voting_not_open' })
    expect(closeVoting(notOpen)).toMatchObject({ ok: false, code: 'voting_not_open' })
    expect(openVoting(state, PARTICIPANTS)).toMatchObject({ ok: false, code: 'voting_open' })
  })

  it('a participant who joins during the harvest can be let in to vote', () => {
    const state = value(admitVoters(openHarvest(), ['giorgi']))
    expect(dotsLeft(state, 'giorgi')).toBe(3)
    expect(placeDot(state, 'giorgi', '0:p').ok).toBe(true)
  })

  it('the facilitator may give more dots, but not fewer than somebody already placed', () => {
    const state = place(openHarvest(), ['ana', '0:p'], ['ana', '1:p'])
    expect(dotsLeft(value(setDotsPerVoter(state, 5)), 'ana')).toBe(3)
    expect(setDotsPerVoter(state, 1)).toMatchObject({ ok: false, code: 'dots_already_placed' })
    for (const bad of [0, 1.5, 21, Number.NaN]) expect(setDotsPerVoter(state, bad)).toMatchObject({ ok: false, code: 'bad_dot_count' })
    expect(newHarvest(sources(2), 0)).toMatchObject({ ok: false, code: 'bad_dot_count' })
  })
})

describe('closed voting refuses every change and changes nothing', () => {
  it('dots, merges, undos, new voters and dot counts are all refused', () => {
    const merged = value(mergeProposals(place(openHarvest(), ['ana', '0:p'], ['boris', '2:p']), ['2:p', '3:p'], 'm-1'))
    const closed = frozen(value(closeVoting(merged)))
    const before = structuredClone(closed)
    for (const result of [
      placeDot(closed, 'boris', '1:p'),
      removeDot(closed, 'ana', '0:p'),
      mergeProposals(closed, ['0:p', '1:p'], 'm-2'),
      undoMerge(closed, 'm-1'),
      admitVoters(closed, ['giorgi']),
      setDotsPerVoter(closed, 5),
      closeVoting(closed),
    ])
      expect(result).toMatchObject({ ok: false, code: 'voting_closed' })
    expect(closed).toStrictEqual(before)
    expect(dotsOn(closed)).toMatchObject({ '0:p': 1, 'm-1': 1 })
  })

  it('reopened, voting goes on where it stopped', () => {
    const closed = value(closeVoting(place(openHarvest(), ['ana', '0:p'])))
    const reopened = value(openVoting(closed, PARTICIPANTS))
    expect(dotsLeft(reopened, 'ana')).toBe(2)
  })
})

describe('the board ranks by dots, and equal dots always in the same order', () => {
  it.each([
    ['more dots first', [['ana', '3:p'], ['boris', '3:p'], ['nino', '1:p']], ['3:p', '1:p', '0:p', '2:p', '4:p'], [1, 2, 3, 3, 3]],
    ['equal dots: more people first', [['ana', '4:p'], ['ana', '4:p'], ['boris', '2:p'], ['nino', '2:p']], ['2:p', '4:p', '0:p', '1:p', '3:p'], [1, 1, 3, 3, 3]],
    ['equal dots and people: board order', [['ana', '4:p'], ['boris', '1:p']], ['1:p', '4:p', '0:p', '2:p', '3:p'], [1, 1, 3, 3, 3]],
    ['no dots yet: board order', [], ['0:p', '1:p', '2:p', '3:p', '4:p'], [1, 1, 1, 1, 1]],
  ] as Array<[string, Array<[string, string]>, string[], number[]]>)('%s', (_, dots, order, places) => {
    const ranked = ranking(place(openHarvest(), ...dots))
    expect(ranked.map((r) => r.item.key)).toEqual(order)
    expect(ranked.map((r) => r.place)).toEqual(places)
  })
})

describe('whatever the room does, the count stays honest', () => {
  const voter = fc.constantFrom(...PARTICIPANTS, 'stranger')
  const command = fc.oneof(
    fc.record({ type: fc.constant('place' as const), voter, item: fc.nat() }),
    fc.record({ type: fc.constant('remove' as const), voter, item: fc.nat() }),
    fc.record({ type: fc.constant('merge' as const), items: fc.array(fc.nat(), { minLength: 2, maxLength: 3 }) }),
    fc.record({ type: fc.constant('undo' as const), item: fc.nat() }),
    fc.record({ type: fc.constant('dots' as const), n: fc.integer({ min: 0, max: 6 }) }),
  )

  it('no voter holds more than their dots, and the ranking counts every dot once', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        let state = openHarvest(6, 3)
        let merges = 0
        for (const cmd of commands) {
          const items = harvestItems(state).map((item) => item.key)
          const pick = (i: number) => items[i % items.length]!
          const before = new Map(ranking(state).map((r) => [r.item.key, r.dots]))
          let result: HarvestResult<HarvestState>
          if (cmd.type === 'place') result = placeDot(state, cmd.voter, pick(cmd.item))
          else if (cmd.type === 'remove') result = removeDot(state, cmd.voter, pick(cmd.item))
          else if (cmd.type === 'merge') result = mergeProposals(state, cmd.items.map(pick), `m-${merges++}`)
          else if (cmd.type === 'undo') result = undoMerge(state, pick(cmd.item))
          else result = setDotsPerVoter(state, cmd.n)
          if (!result.ok) continue
          const next = frozen(result.value)
          const after = new Map(ranking(next).map((r) => [r.item.key, r.dots]))
          if (cmd.type === 'place' || cmd.type === 'remove') {
            const key = pick(cmd.item)
            expect(after.get(key)).toBe(before.get(key)! + (cmd.type === 'place' ? 1 : -1))
            expect(next.votes.dots.length).toBe(state.votes.dots.length + (cmd.type === 'place' ? 1 : -1))
          }
          if (cmd.type === 'merge') {
            const id = `m-${merges - 1}`
            const parts = [...new Set(cmd.items.map(pick))]
            expect(after.get(id)).toBe(parts.reduce((sum, key) => sum + before.get(key)!, 0))
            expect(next.votes.dots).toEqual(state.votes.dots)
          }
          state = next
          const index = itemIndex(state)
          const total = ranking(state).reduce((sum, r) => sum + r.dots, 0)
          expect(total).toBe(state.votes.dots.length)
          expect(state.votes.dots.every((dot) => index.has(dot.placedOn))).toBe(true)
          for (const person of PARTICIPANTS)
            expect(state.votes.dots.filter((dot) => dot.voter === person).length).toBeLessThanOrEqual(state.votes.dotsPerVoter)
          expect(state.votes.dots.some((dot) => dot.voter === 'stranger')).toBe(false)
        }
      }),
      { numRuns: 300 },
    )
  })
})
