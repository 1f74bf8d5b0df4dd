import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createRng, type Rng } from '../../shared/cafe/seeded-random.js'
import type { CafeState, Person } from '../../shared/cafe/types.js'
import { newHarvest, type HarvestSource, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { harvestItems } from '../../shared/harvest/items.js'
import { mergeProposals, undoMerge } from '../../shared/harvest/merges.js'
import { closeVoting, openVoting, placeDot, removeDot } from '../../shared/harvest/votes.js'
import { buildSummary, countRows, roundsReached } from '../../shared/summary/build.js'
import {
  noteKey,
  proposalItemKey,
  proposalTitleKey,
  proposalWhatKey,
  type SummaryEdits,
  type SummaryInput,
} from '../../shared/summary/summary.js'
import { deepFreeze, QUESTIONS } from './factories.js'
import { fixtureCafe, fixtureInput, fixtureSummary, TEXT } from './summary-fixture.js'

describe('the summary of the Tbilisi café', () => {
  const s = fixtureSummary()

  it('is titled after the topic and dated on the café\'s UTC day', () => {
    expect(s.title).toBe(TEXT.topic)
    expect(s.topic).toBe(TEXT.topic)
    // Created at 23:30 Tbilisi time, 19:30 UTC: the 15th, not the 16th.
    expect(s.date).toBe('2025-06-15')
    expect(s.questions).toEqual(QUESTIONS)
    expect(s.introduction).toBe('Notes from the café.\n\nTranslations by the organisers.')
  })

  it('counts the people still in the café, merging spellings of one country', () => {
    expect(s.participants.count).toBe(9)
    expect(s.participants.countries).toEqual([
      { name: 'Georgia', count: 3 },
      { name: 'Azerbaijan', count: 1 },
      { name: 'Belarus', count: 1 },
      { name: 'germany', count: 1 },
      { name: 'Moldova', count: 1 },
      // The Ukrainian who was removed is not counted.
      { name: 'Ukraine', count: 1 },
    ])
    expect(s.participants.withoutCountry).toBe(1)
    expect(s.participants.organisations).toEqual([
      { name: 'Tbilisi resource centre', count: 2 },
      { name: 'IWO', count: 1 },
      { name: 'MAMA-86-Odessa', count: 1 },
    ])
    expect(s.participants.withoutOrganisation).toBe(5)
  })

  it('shows every table with its host and its notes for each of the three rounds', () => {
    expect(s.tables.map((t) => [t.name, t.host, t.rounds.map((r) => r.round)])).toEqual([
      ['Tbilisi', 'ნინო ბერიძე', [1, 2, 3]],
      ['Kutaisi', 'Олена Коваль', [1, 2, 3]],
      ['Gori', 'Rashad Aliyev', [1, 2, 3]],
      ['Zugdidi', 'Anna Schmidt', [1, 2, 3]],
    ])
    const first = s.tables[0]!.rounds[0]!
    expect(first.question).toBe(QUESTIONS[0])
    expect(first.blocks[1]).toEqual({ kind: 'paragraph', text: TEXT.georgianNote })
    expect(first.key).toBe(noteKey(0, 1))
    expect(first.translation).toBe(TEXT.noteTranslation)
    expect(s.tables[0]!.rounds[1]!.translation).toBeUndefined()
    expect(s.tables[3]!.rounds.every((r) => r.blocks.length === 0)).toBe(true)
  })

  it('ranks the merged hotline first, with the dot placed on a source before the merge', () => {
    expect(s.proposals.map((p) => [p.place, p.itemKey, p.dots, p.voters, p.merged])).toEqual([
      [1, 'hotline', 4, 3, true],
      [2, '3:d', 2, 2, false],
      [3, '0:e', 0, 0, false],
    ])
    expect(s.harvested).toBe(true)
    expect(s.votingStatus).toBe('closed')
    expect(s.dotsPerVoter).toBe(3)
    expect(s.dotsCast).toBe(6)
  })

  it('keeps each original with its table, round and authors named', () => {
    const hotline = s.proposals[0]!
    expect(hotline.key).toBe(proposalItemKey('hotline'))
    expect(hotline.title).toEqual({ text: TEXT.mergedTitle, translation: TEXT.titleTranslation, key: proposalTitleKey('hotline') })
    expect(hotline.what).toEqual({ text: TEXT.hostile, translation: TEXT.whatTranslation, key: proposalWhatKey('hotline') })
    expect(hotline.sources.map((p) => [p.proposalKey, p.tableName, p.round, p.authors, p.title])).toEqual([
      ['0:a', 'Tbilisi', 1, ['ნინო ბერიძე', 'Giorgi'], TEXT.georgianProposal],
      // An author the café does not know is left out rather than shown as an id.
      ['1:b', 'Kutaisi', 2, ['Олена Коваль'], TEXT.russianProposal],
      ['2:c', 'Gori', 1, ['Rashad Aliyev'], TEXT.englishProposal],
    ])
    expect(hotline.sources[0]!.titleTranslation).toBe(TEXT.sourceTranslation)
    expect(hotline.sources[1]!.titleTranslation).toBeUndefined()
    // Someone the facilitator removed still wrote what they wrote.
    expect(s.proposals[2]!.sources[0]!.authors).toEqual(['Left Early'])
  })

  it('ignores a translation that is only spaces', () => {
    expect(s.proposals[1]!.title.translation).toBeUndefined()
    expect(s.proposals[1]!.sources[0]!.titleTranslation).toBeUndefined()
  })
})

describe('what the organisers change and what the café has reached', () => {
  it('an organiser\'s title replaces the topic; a blank one does not', () => {
    const edited = (title: string) => buildSummary(fixtureInput({ edits: { title, translations: {} } }))
    expect(edited('  Report to the donor ').title).toBe('Report to the donor')
    expect(edited('   ').title).toBe(TEXT.topic)
    expect(edited('Report').topic).toBe(TEXT.topic)
  })

  it('before the harvest there are no proposals, and the summary says voting has not happened', () => {
    const { harvest: _, ...input } = fixtureInput()
    const s = buildSummary(input)
    expect(s.proposals).toEqual([])
    expect(s.harvested).toBe(false)
    expect(s.votingStatus).toBe('not-open')
    expect([s.dotsCast, s.dotsPerVoter]).toEqual([0, 0])
  })

  it('a café in its second round shows rounds 1 and 2, and a later round only where a table wrote in it', () => {
    const cafe: CafeState = { ...fixtureCafe(), phase: { kind: 'running', round: 2, endsAt: 0 }, history: [fixtureCafe().seating] }
    expect(roundsReached(cafe)).toBe(2)
    const notes = [[[], [], [{ kind: 'paragraph' as const, text: 'written ahead' }]]]
    const s = buildSummary(fixtureInput({ cafe, notes }))
    expect(s.tables[0]!.rounds.map((r) => r.round)).toEqual([1, 2, 3])
    expect(s.tables[1]!.rounds.map((r) => r.round)).toEqual([1, 2])
  })

  it('in the lobby no round is reached yet', () => {
    const cafe: CafeState = { ...fixtureCafe(), phase: { kind: 'lobby' }, history: [] }
    expect(roundsReached(cafe)).toBe(0)
    expect(buildSummary(fixtureInput({ cafe, notes: [] })).tables.every((t) => t.rounds.length === 0)).toBe(true)
  })

  it('a removed host gives way to the table\'s other host; a table without one has none', () => {
    const cafe = fixtureCafe()
    cafe.people.h0 = { ...cafe.people.h0!, removed: true }
    cafe.people.p0 = { ...cafe.people.p0!, hostOf: 0 }
    delete cafe.people.h3
    const s = buildSummary(fixtureInput({ cafe }))
    expect(s.tables[0]!.host).toBe('Giorgi')
    expect(s.tables[3]!.host).toBeUndefined()
  })

  it('does not change its input and gives the same summary twice', () => {
    const input = deepFreeze(fixtureInput())
    expect(buildSummary(input)).toEqual(buildSummary(input))
  })
})

describe('counting countries and organisations', () => {
  it.each([
    [['Georgia', 'georgia', 'GEORGIA'], [{ name: 'Georgia', count: 3 }], 0],
    [['  Ukraine ', 'Ukraine', undefined, '', ' '], [{ name: 'Ukraine', count: 2 }], 3],
    [['Moldova', 'Belarus', 'Belarus'], [{ name: 'Belarus', count: 2 }, { name: 'Moldova', count: 1 }], 0],
    [['saqartvelo', 'საქართველო', 'Україна', 'україна'], [{ name: 'Україна', count: 2 }, { name: 'saqartvelo', count: 1 }, { name: 'საქართველო', count: 1 }], 0],
    [['tbilisi  resource centre', 'Tbilisi resource centre'], [{ name: 'Tbilisi resource centre', count: 2 }], 0],
  ])('%j → %j, %i not given', (values, rows, missing) => {
    expect(countRows(values)).toEqual({ rows, missing })
  })
})

// ── Properties over random cafés and harvests ────────────────────────────────────────────────

const COUNTRY_SPELLINGS = ['Georgia', 'georgia', ' GEORGIA ', 'Ukraine', 'Україна', 'україна ', 'Moldova', undefined, '', '  ']
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!

interface Scene {
  input: SummaryInput
  harvest: HarvestState
}

/** A random café at the harvest: people, proposals, merges and undos, dots placed and taken back. */
function scene(seed: number, tables: number, people: number, proposals: number, steps: number, close: boolean): Scene {
  const rng = createRng(seed)
  const persons: Person[] = Array.from({ length: people }, (_, i) => ({
    id: `p${i}`,
    name: `Person ${i}`,
    joinedAt: 0,
    ...(rng.next() < 0.9 ? { country: pick(rng, COUNTRY_SPELLINGS) } : {}),
    ...(rng.next() < 0.5 ? { organisation: pick(rng, ['IWO', 'iwo', 'MAMA-86', undefined]) } : {}),
    ...(i < tables && rng.next() < 0.7 ? { hostOf: i } : {}),
    ...(rng.next() < 0.1 ? { removed: true } : {}),
  }))
  const ids = persons.map((p) => p.id)
  const sources: HarvestSource[] = Array.from({ length: proposals }, (_, j) => ({ table: rng.int(tables), j }))
    .sort((a, b) => a.table - b.table || a.j - b.j)
    .map(({ table, j }) => ({
      key: `${table}:q${j}`,
      table,
      round: rng.int(4),
      authors: [...(ids.length > 0 ? [pick(rng, ids)] : []), ...(rng.next() < 0.2 ? ['ghost'] : [])],
      proposal: { id: `q${j}`, title: `Title ${j}`, what: `What ${j}`, who: '', when: '' },
    }))
  let harvest = unwrap(newHarvest(sources, 1 + rng.int(5)))
  let merges = 0
  const attempt = (result: { ok: true; value: HarvestState } | { ok: false }) => {
    if (result.ok) harvest = result.value
  }
  for (let step = 0; step < steps; step++) {
    const items = harvestItems(harvest).map((item) => item.key)
    const known = [...items, ...harvest.proposals.map((p) => p.key)]
    const roll = rng.next()
    if (roll < 0.2 && items.length >= 2) attempt(mergeProposals(harvest, [pick(rng, items), pick(rng, items), pick(rng, items)], `m${merges++}`))
    else if (roll < 0.27 && harvest.merged.length > 0) attempt(undoMerge(harvest, pick(rng, harvest.merged).id))
    else if (roll < 0.32) attempt(openVoting(harvest, ids.filter(() => rng.next() < 0.8)))
    else if (roll < 0.85 && known.length > 0 && ids.length > 0) attempt(placeDot(harvest, pick(rng, ids), pick(rng, known)))
    else if (known.length > 0 && ids.length > 0) attempt(removeDot(harvest, pick(rng, ids), pick(rng, known)))
  }
  if (close) attempt(closeVoting(harvest))

  const translations: SummaryEdits['translations'] = {}
  const maybe = (key: string, chance: number) => {
    if (rng.next() < chance) translations[key] = rng.next() < 0.2 ? '   ' : ` tr ${key} `
  }
  for (let t = 0; t < tables; t++) for (let r = 1; r <= 3; r++) maybe(noteKey(t, r), 0.4)
  for (const item of harvestItems(harvest)) {
    maybe(proposalTitleKey(item.key), 0.3)
    maybe(proposalWhatKey(item.key), 0.3)
  }
  for (const source of sources) maybe(proposalTitleKey(source.key), 0.3)

  const seating = Object.fromEntries(persons.map((p, i) => [p.id, i % tables]))
  const cafe: CafeState = {
    id: 'cafe',
    joinCode: 'ABCDEF',
    createdAt: seed * 1000,
    settings: { topic: 'Topic', questions: [...QUESTIONS], roundMinutes: 20, ask: { country: true, organisation: true, language: false } },
    tables: Array.from({ length: tables }, (_, t) => ({ name: `T${t}` })),
    people: Object.fromEntries(persons.map((p) => [p.id, p])),
    seating,
    history: [seating, seating, seating],
    sittings: {},
    phase: { kind: 'harvest' },
    version: 1,
  }
  const notes = Array.from({ length: tables }, () => [[{ kind: 'paragraph' as const, text: 'note' }]])
  return { input: { cafe, notes, harvest, edits: { translations }, generatedAt: 0 }, harvest }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; code: string }): T {
  if (!result.ok) throw new Error(result.code)
  return result.value
}

const scenes = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    tables: fc.integer({ min: 1, max: 6 }),
    people: fc.integer({ min: 0, max: 30 }),
    proposals: fc.integer({ min: 0, max: 24 }),
    steps: fc.integer({ min: 0, max: 60 }),
    close: fc.boolean(),
  })
  .map(({ seed, tables, people, proposals, steps, close }) => scene(seed, tables, people, proposals, steps, close))

const expectedTranslation = (edits: SummaryEdits, key: string): string | undefined => {
  const value = edits.translations[key]?.trim()
  return value ? value : undefined
}

describe('whatever happened at the harvest', () => {
  it('every table proposal appears exactly once on the ranked list', () => {
    fc.assert(
      fc.property(scenes, ({ input, harvest }) => {
        const listed = buildSummary(input).proposals.flatMap((p) => p.sources.map((source) => source.proposalKey))
        expect([...listed].sort()).toEqual(harvest.proposals.map((p) => p.key).sort())
      }),
    )
  })

  it('the dots on the list add up to the dots cast', () => {
    fc.assert(
      fc.property(scenes, ({ input, harvest }) => {
        const s = buildSummary(input)
        expect(s.proposals.reduce((sum, p) => sum + p.dots, 0)).toBe(harvest.votes.dots.length)
        expect(s.dotsCast).toBe(harvest.votes.dots.length)
        for (const p of s.proposals) expect(p.voters).toBeLessThanOrEqual(p.dots)
      }),
    )
  })

  it('places never go down the list, equal dots share a place, and undotted proposals keep board order', () => {
    fc.assert(
      fc.property(scenes, ({ input, harvest }) => {
        const list = buildSummary(input).proposals
        const board = new Map(harvest.proposals.map((p, i) => [p.key, i]))
        list.forEach((p, i) => {
          expect(p.place).toBe(1 + list.filter((q) => q.dots > p.dots).length)
          if (i === 0) return
          const before = list[i - 1]!
          expect(p.place).toBeGreaterThanOrEqual(before.place)
          expect(p.dots).toBeLessThanOrEqual(before.dots)
          if (p.dots === 0 && before.dots === 0) {
            expect(board.get(p.sources[0]!.proposalKey)!).toBeGreaterThan(board.get(before.sources[0]!.proposalKey)!)
          }
        })
      }),
    )
  })

  it('each translation sits on the text it was typed for', () => {
    fc.assert(
      fc.property(scenes, ({ input }) => {
        const s = buildSummary(input)
        const { edits } = input
        for (const table of s.tables) {
          for (const round of table.rounds) {
            expect(round.key).toBe(noteKey(table.table, round.round))
            expect(round.translation).toBe(expectedTranslation(edits, round.key))
          }
        }
        for (const p of s.proposals) {
          expect([p.key, p.title.key, p.what.key]).toEqual([proposalItemKey(p.itemKey), proposalTitleKey(p.itemKey), proposalWhatKey(p.itemKey)])
          expect(p.title.translation).toBe(expectedTranslation(edits, p.title.key))
          expect(p.what.translation).toBe(expectedTranslation(edits, p.what.key))
          for (const source of p.sources) {
            expect(source.titleTranslation).toBe(expectedTranslation(edits, proposalTitleKey(source.proposalKey)))
          }
        }
      }),
    )
  })

  it('countries and organisations add up to the people counted', () => {
    fc.assert(
      fc.property(scenes, ({ input }) => {
        const { participants } = buildSummary(input)
        const present = Object.values(input.cafe.people).filter((p) => !p.removed).length
        expect(participants.count).toBe(present)
        for (const [rows, missing] of [
          [participants.countries, participants.withoutCountry],
          [participants.organisations, participants.withoutOrganisation],
        ] as const) {
          expect(rows.reduce((sum, row) => sum + row.count, 0) + missing).toBe(present)
          const names = rows.map((row) => row.name.toLowerCase())
          expect(new Set(names).size).toBe(names.length)
          rows.forEach((row, i) => i > 0 && expect(row.count).toBeLessThanOrEqual(rows[i - 1]!.count))
        }
      }),
    )
  })
})
