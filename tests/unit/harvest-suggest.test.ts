import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { similarPairs } from '../../shared/harvest/similar-pairs.js'
import { featureSimilarity, proposalFeatures } from '../../shared/harvest/similarity.js'
import { SAME_TABLE_THRESHOLD, SUGGEST_THRESHOLD, suggestGroups, type SuggestInput } from '../../shared/harvest/suggest.js'
import { HARVEST_FIXTURE, HARVEST_HELD_OUT, scorePairs, type FixtureLanguage } from './harvest-fixture.js'

const LANGUAGES: FixtureLanguage[] = ['en', 'ru', 'uk', 'ka', 'az', 'ro']
const groupsOf = (inputs: readonly SuggestInput[]) => suggestGroups(inputs).map((s) => s.keys)
const percent = (x: number) => `${(100 * x).toFixed(1)}%`

describe('the harvest suggests the duplicates that tables wrote in the same language', () => {
  const groups = groupsOf(HARVEST_FIXTURE)
  const within = scorePairs(groups, (a, b) => a.language === b.language)
  const across = scorePairs(groups, (a, b) => a.language !== b.language)
  const heldOut = scorePairs(groupsOf(HARVEST_HELD_OUT), (a, b) => a.language === b.language, HARVEST_HELD_OUT)

  it('finds at least 80% of the duplicate pairs, and at least 80% of its pairs are right', () => {
    const lines = [
      `within a language  precision ${percent(within.precision)}  recall ${percent(within.recall)}` +
        `  (${within.found} right of ${within.predictedPairs} suggested, ${within.truePairs} to find)`,
      ...LANGUAGES.map((language) => {
        const one = scorePairs(groups, (a, b) => a.language === language && b.language === language)
        return `  ${language}  precision ${percent(one.precision)}  recall ${percent(one.recall)}  (${one.found}/${one.predictedPairs}/${one.truePairs})`
      }),
      `across languages   recall ${percent(across.recall)} (${across.found} of ${across.truePairs})` +
        `, ${across.predictedPairs} pairs suggested: words and letters cannot see a translation`,
      `held out (never tuned on, ${HARVEST_HELD_OUT.length} proposals)  precision ${percent(heldOut.precision)}` +
        `  recall ${percent(heldOut.recall)}  (${heldOut.found}/${heldOut.predictedPairs}/${heldOut.truePairs}), not asserted`,
      `threshold ${SUGGEST_THRESHOLD}, same table ${SAME_TABLE_THRESHOLD}`,
    ]
    console.log(`harvest fixture, ${HARVEST_FIXTURE.length} proposals\n${lines.join('\n')}`)
    expect(within.precision).toBeGreaterThanOrEqual(0.8)
    expect(within.recall).toBeGreaterThanOrEqual(0.8)
  })

  it('groups a twin typed twice at one table, but not two different ideas of one table', () => {
    const byText = (text: string) => HARVEST_FIXTURE.find((p) => p.text.startsWith(text))!.key
    const fee = [byText('Associations pay a small yearly membership fee to the resource centre'), byText('Associations pay a small yearly membership fee to the resourse')]
    const municipality = [byText('The municipality should co-finance'), byText('The municipality should give')]
    expect(groups).toContainEqual(fee)
    expect(groups.some((g) => municipality.every((key) => g.includes(key)))).toBe(false)
  })
})

describe('suggestions are the same wherever the facilitator looks', () => {
  it('do not depend on the order proposals arrive in', () => {
    const expected = suggestGroups(HARVEST_FIXTURE)
    fc.assert(
      fc.property(fc.shuffledSubarray([...HARVEST_FIXTURE], { minLength: HARVEST_FIXTURE.length }), (shuffled) => {
        expect(suggestGroups(shuffled)).toEqual(expected)
      }),
      { numRuns: 30 },
    )
  })

  it('list each group by table, with an id made of its keys and a score in range', () => {
    for (const s of suggestGroups(HARVEST_FIXTURE)) {
      expect(s.id).toBe([...s.keys].sort().join('+'))
      expect(s.tables).toEqual([...new Set(s.tables)].sort((a, b) => a - b))
      expect(s.score).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD)
      expect(s.score).toBeLessThanOrEqual(1)
    }
  })
})

describe('a big café is searched quickly without missing a pair', () => {
  // Words from the fixture, so that random proposals share words and letters often.
  const vocabulary = [...new Set(HARVEST_FIXTURE.flatMap((p) => p.text.split(' ')))]
  const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '))
  const entry = fc.array(text, { minLength: 1, maxLength: 2 }).map((texts) => texts.map(proposalFeatures))

  it('the index finds exactly the pairs that comparing every pair finds, with the same scores', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), fc.constantFrom(0.3, 0.5, 0.8), (entries, threshold) => {
        const everyPair = []
        for (let i = 0; i < entries.length; i++)
          for (let j = i + 1; j < entries.length; j++) {
            const score = Math.max(...entries[i]!.flatMap((a) => entries[j]!.map((b) => featureSimilarity(a, b))))
            if (score >= threshold) everyPair.push({ i, j, score })
          }
        expect(similarPairs(entries, threshold)).toEqual(everyPair)
      }),
      { numRuns: 200 },
    )
  })
})

describe('the facilitator stays in charge of the suggestions', () => {
  const hotline = [
    { key: '0:a', table: 0, text: 'Keep the free hotline for homeowners' },
    { key: '1:b', table: 1, text: 'Keep the free hot-line for homeowners' },
    { key: '2:c', table: 2, text: 'Keep the free hotline for home owners' },
  ]

  it('a rejected group is not suggested again, not even in part', () => {
    expect(groupsOf(hotline)).toEqual([['0:a', '1:b', '2:c']])
    expect(suggestGroups(hotline, { apart: [['0:a', '1:b', '2:c']] })).toEqual([])
    expect(suggestGroups(hotline, { apart: [['0:a', '2:c']] }).map((s) => s.keys)).toEqual([['0:a', '1:b']])
  })

  it('an earlier merge is compared by its closest text and spans its tables', () => {
    const merged = { key: 'm-1', table: [0, 3], text: ['Hotline funding', 'Keep the free hotline for homeowners'] }
    const [suggestion] = suggestGroups([merged, hotline[1]!])
    expect(suggestion?.keys).toEqual(['m-1', '1:b'])
    expect(suggestion?.tables).toEqual([0, 1, 3])
    // Similar (0.75) but from table 3, which the merge already spans: held to the same-table bar.
    const sameTable = { key: '3:z', table: 3, text: 'Hotline for homeowners, free of charge' }
    expect(groupsOf([merged, sameTable])).toEqual([])
    expect(groupsOf([merged, { ...sameTable, key: '4:z', table: 4 }])).toEqual([['m-1', '4:z']])
  })

  it('proposals with nothing written are never suggested, even together', () => {
    expect(suggestGroups([{ key: '0:a', table: 0, text: ' ' }, { key: '1:b', table: 1, text: '!!' }])).toEqual([])
  })

  it('two proposals under one key are a bug in the caller, not a suggestion', () => {
    expect(() => suggestGroups([hotline[0]!, hotline[0]!])).toThrow(/duplicate key/)
  })
})
