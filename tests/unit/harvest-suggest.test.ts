import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { similarityIndex, similarPairs } from '../../shared/harvest/similar-pairs.js'
import { cafeWeights, evenWeight, featureSimilarity, proposalFeatures } from '../../shared/harvest/similarity.js'
import {
  SAME_TABLE_THRESHOLD,
  SUGGEST_THRESHOLD,
  scoreGroup,
  suggestGroups,
  type SuggestInput,
  type SuggestOptions,
  type Suggestion,
} from '../../shared/harvest/suggest.js'
import {
  HARVEST_FIXTURE,
  HARVEST_HELD_OUT,
  HARVEST_HELD_OUT_2,
  scorePairs,
  type FixtureLanguage,
  type PairScore,
} from './harvest-fixture.js'

const LANGUAGES: FixtureLanguage[] = ['en', 'ru', 'uk', 'ka', 'az', 'ro']
const groupsOf = (inputs: readonly SuggestInput[]) => suggestGroups(inputs).map((s) => s.keys)
const percent = (x: number) => `${(100 * x).toFixed(1)}%`
const counted = (s: PairScore) => `(${s.found}/${s.predictedPairs}/${s.truePairs})`

/**
 * Languages whose duplicates words alone cannot sort out on this fixture, and why. Their test is
 * expected to fail (`it.fails`): the bar stays at 0.8, and the day the matcher clears it the
 * test fails until the language is taken off this list.
 */

describe('the harvest suggests the duplicates that tables wrote in the same language', () => {
  const groups = groupsOf(HARVEST_FIXTURE)
  const within = scorePairs(groups, (a, b) => a.language === b.language)
  const across = scorePairs(groups, (a, b) => a.language !== b.language)
  const heldOut = scorePairs(groupsOf(HARVEST_HELD_OUT), (a, b) => a.language === b.language, HARVEST_HELD_OUT)
  const heldOut2Groups = groupsOf(HARVEST_HELD_OUT_2)
  const heldOut2 = scorePairs(heldOut2Groups, (a, b) => a.language === b.language, HARVEST_HELD_OUT_2)
  const heldOut2Across = scorePairs(heldOut2Groups, (a, b) => a.language !== b.language, HARVEST_HELD_OUT_2)
  const heldOut2ByLanguage = LANGUAGES.map((language) => {
    const one = scorePairs(heldOut2Groups, (a, b) => a.language === language && b.language === language, HARVEST_HELD_OUT_2)
    return `${language} ${percent(one.precision)}/${percent(one.recall)}`
  })
  const byLanguage = new Map(
    LANGUAGES.map((language) => [language, scorePairs(groups, (a, b) => a.language === language && b.language === language)]),
  )

  it('finds at least 80% of the duplicate pairs, and at least 80% of its pairs are right', () => {
    const lines = [
      `within a language  precision ${percent(within.precision)}  recall ${percent(within.recall)}` +
        `  (${within.found} right of ${within.predictedPairs} suggested, ${within.truePairs} to find)`,
      ...LANGUAGES.map((language) => {
        const one = byLanguage.get(language)!
        const mark = one.precision >= 0.8 && one.recall >= 0.8 ? '' : '  below 0.8'
        return `  ${language}  precision ${percent(one.precision)}  recall ${percent(one.recall)}  (${one.found}/${one.predictedPairs}/${one.truePairs})${mark}`
      }),
      `across languages   recall ${percent(across.recall)} (${across.found} of ${across.truePairs})` +
        ` precision ${percent(across.precision)} (${across.predictedPairs} pairs suggested), through the thesaurus; not asserted`,
      `held out (never tuned on, ${HARVEST_HELD_OUT.length} proposals)  precision ${percent(heldOut.precision)}` +
        `  recall ${percent(heldOut.recall)}  (${heldOut.found}/${heldOut.predictedPairs}/${heldOut.truePairs}), not asserted`,
      `held out 2 (written before the thesaurus, ${HARVEST_HELD_OUT_2.length} proposals)  precision ${percent(heldOut2.precision)}` +
        `  recall ${percent(heldOut2.recall)}  ${counted(heldOut2)}, not asserted`,
      `  per language precision/recall: ${heldOut2ByLanguage.join(', ')}`,
      `  across languages  precision ${percent(heldOut2Across.precision)}  recall ${percent(heldOut2Across.recall)}  ${counted(heldOut2Across)}, not asserted`,
      `threshold ${SUGGEST_THRESHOLD}, same table ${SAME_TABLE_THRESHOLD}`,
    ]
    console.log(`harvest fixture, ${HARVEST_FIXTURE.length} proposals\n${lines.join('\n')}`)
    expect(within.precision).toBeGreaterThanOrEqual(0.8)
    expect(within.recall).toBeGreaterThanOrEqual(0.8)
  })

  for (const language of LANGUAGES) {
    // English and Romanian passed only once the thesaurus (lexicon.ts) saw their synonyms
    // (cursuri / formare / instruiri); Ukrainian once it read "й надалі" as "keep going".
    it(`in ${language}: precision and recall each at least 80%`, () => {
      const one = byLanguage.get(language)!
      expect(one.precision).toBeGreaterThanOrEqual(0.8)
      expect(one.recall).toBeGreaterThanOrEqual(0.8)
    })
  }

  it('groups a twin typed twice at one table, but not two different ideas of one table', () => {
    const byText = (text: string) => HARVEST_FIXTURE.find((p) => p.text.startsWith(text))!.key
    const fee = [byText('Associations pay a small yearly membership fee to the resource centre'), byText('Associations pay a small yearly membership fee to the resourse')]
    const municipality = [byText('The municipality should co-finance'), byText('The municipality should give')]
    // The twins may be grouped with their Azerbaijani translation too (the thesaurus sees it).
    expect(groups.some((g) => fee.every((key) => g.includes(key)))).toBe(true)
    expect(groups.some((g) => municipality.every((key) => g.includes(key)))).toBe(false)
  })
})

describe('what the whole café writes about does not make two proposals duplicates', () => {
  const trainings = [
    { key: '0:a', table: 0, text: 'Regular training for chairs of homeowners associations' },
    { key: '1:b', table: 1, text: 'Training for accountants of homeowners associations' },
  ]
  const cafe = [
    ...trainings,
    { key: '2:c', table: 2, text: 'Homeowners associations pay a yearly membership fee' },
    { key: '3:d', table: 3, text: 'A website for homeowners associations' },
    { key: '4:e', table: 4, text: 'Homeowners associations take loans for repairs' },
  ]

  it('two trainings alone look alike; in a café where every table wrote "homeowners associations", they do not', () => {
    expect(groupsOf(trainings)).toEqual([['0:a', '1:b']])
    expect(groupsOf(cafe)).toEqual([])
    expect(scoreGroup(trainings, cafe)).toBeLessThan(SUGGEST_THRESHOLD)
    expect(scoreGroup(trainings)).toBeGreaterThan(scoreGroup(trainings, cafe))
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
      fc.property(fc.array(entry, { maxLength: 25 }), fc.constantFrom(Number.MIN_VALUE, 0.3, 0.5, 0.8), fc.boolean(), (entries, threshold, weighed) => {
        const weight = weighed ? cafeWeights(entries) : evenWeight
        const everyPair = []
        for (let i = 0; i < entries.length; i++)
          for (let j = i + 1; j < entries.length; j++) {
            const score = Math.max(...entries[i]!.flatMap((a) => entries[j]!.map((b) => featureSimilarity(a, b, weight))))
            if (score >= threshold) everyPair.push({ i, j, score })
          }
        expect(similarPairs(entries, threshold, weight)).toEqual(everyPair)
      }),
      { numRuns: 200 },
    )
  })

  it('even when words differ only by a typo, an ending or a space, which the index must still bring together', () => {
    // Words made to match in every way the matcher allows, so the index is tested on each.
    const variants = (word: string): string[] => {
      const w = Array.from(word)
      return [word, `${word}s`, w.slice(0, -1).join(''), [w[1], w[0], ...w.slice(2)].join(''), `x${w.slice(1).join('')}`, `${w.slice(0, 3).join('')} ${w.slice(3).join('')}`]
    }
    const base = fc.constantFrom(...vocabulary.filter((w) => Array.from(w).length >= 6))
    const text = fc.array(base.chain((w) => fc.constantFrom(...variants(w))), { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '))
    fc.assert(
      fc.property(fc.array(text.map((t) => [proposalFeatures(t)]), { maxLength: 20 }), (entries) => {
        const everyPair = []
        for (let i = 0; i < entries.length; i++)
          for (let j = i + 1; j < entries.length; j++) {
            const score = featureSimilarity(entries[i]![0]!, entries[j]![0]!)
            if (score > 0) everyPair.push({ i, j, score })
          }
        expect(similarPairs(entries, Number.MIN_VALUE)).toEqual(everyPair)
      }),
      { numRuns: 200 },
    )
  })
})

describe('skipping pairs that cannot reach the threshold changes nothing', () => {
  const vocabulary = [...new Set(HARVEST_FIXTURE.flatMap((p) => p.text.split(' ')))]
  const text = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '))
  const entry = fc.array(text, { minLength: 1, maxLength: 2 }).map((texts) => texts.map(proposalFeatures))
  const bestOf = (a: readonly ReturnType<typeof proposalFeatures>[], b: typeof a, weight: typeof evenWeight) =>
    Math.max(...a.flatMap((x) => b.map((y) => featureSimilarity(x, y, weight))))

  it('the index scores any pair like featureSimilarity, and finds every pair at exactly the threshold', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 2, maxLength: 25 }), fc.boolean(), fc.nat(), (entries, weighed, pick) => {
        const weight = weighed ? cafeWeights(entries) : evenWeight
        const index = similarityIndex(entries, weight)
        const every = []
        for (let i = 0; i < entries.length; i++)
          for (let j = i + 1; j < entries.length; j++) {
            const score = bestOf(entries[i]!, entries[j]!, weight)
            expect(index.score(i, j)).toBe(score)
            if (score > 0) every.push({ i, j, score })
          }
        // Thresholds equal to a pair's score, where a filter rounding the wrong way would lose it.
        const scores = [...new Set(every.map((p) => p.score))].sort((a, b) => a - b)
        const thresholds = [Number.MIN_VALUE, SUGGEST_THRESHOLD, ...(scores.length ? [scores[pick % scores.length]!, scores.at(-1)!] : [])]
        for (const threshold of thresholds) expect(index.pairs(threshold)).toEqual(every.filter((p) => p.score >= threshold))
      }),
      { numRuns: 150 },
    )
  })

  /**
   * suggestGroups as it was before pairs were skipped: every pair scored by featureSimilarity,
   * average linkage over a table of links between clusters. The reference for the test below.
   */
  function everyPairGroups(proposals: readonly SuggestInput[], options: SuggestOptions = {}): Suggestion[] {
    const threshold = options.threshold ?? SUGGEST_THRESHOLD
    const sameTableThreshold = options.sameTableThreshold ?? threshold
    const entries = proposals
      .map((p) => ({
        key: p.key,
        tables: [...new Set(typeof p.table === 'number' ? [p.table] : p.table)].sort((a, b) => a - b),
        features: (typeof p.text === 'string' ? [p.text] : p.text).map(proposalFeatures).filter((f) => f.normalised !== ''),
      }))
      .filter((e) => e.features.length > 0)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const n = entries.length
    const weight = cafeWeights(entries.map((e) => e.features))
    const pairId = (i: number, j: number) => (i < j ? i * n + j : j * n + i)
    const pairs = []
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const score = bestOf(entries[i]!.features, entries[j]!.features, weight)
        if (score > 0) pairs.push({ i, j, score })
      }
    const scores = new Map(pairs.map((p) => [pairId(p.i, p.j), p.score]))
    const score = (i: number, j: number) => scores.get(pairId(i, j)) ?? 0
    const forbidden = new Set<number>()
    const indexOf = new Map(entries.map((e, i) => [e.key, i]))
    for (const group of options.apart ?? []) {
      const members = [...new Set(group.flatMap((key) => indexOf.get(key) ?? []))]
      for (const a of members) for (const b of members) if (a < b) forbidden.add(pairId(a, b))
    }
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++)
        if (entries[a]!.tables.some((t) => entries[b]!.tables.includes(t)) && score(a, b) < sameTableThreshold) forbidden.add(pairId(a, b))
    const links = entries.map(() => new Map<number, number>())
    const link = (a: number, b: number, sum: number) => {
      links[a]!.set(b, (links[a]!.get(b) ?? 0) + sum)
      links[b]!.set(a, (links[b]!.get(a) ?? 0) + sum)
    }
    for (const { i, j, score: s } of pairs) link(i, j, s)
    for (const id of forbidden) link(Math.floor(id / n), id % n, -Infinity)
    const edges = pairs.filter((p) => p.score >= threshold && !forbidden.has(pairId(p.i, p.j)))
    edges.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j)
    const clusters: number[][] = entries.map((_, i) => [i])
    const clusterOf = entries.map((_, i) => i)
    for (const { i, j } of edges) {
      const keep = Math.min(clusterOf[i]!, clusterOf[j]!)
      const gone = Math.max(clusterOf[i]!, clusterOf[j]!)
      if (keep === gone) continue
      if (links[keep]!.get(gone)! / (clusters[keep]!.length * clusters[gone]!.length) < threshold) continue
      links[keep]!.delete(gone)
      links[gone]!.delete(keep)
      for (const [other, sum] of links[gone]!) {
        links[other]!.delete(gone)
        link(keep, other, sum)
      }
      clusters[keep] = [...clusters[keep]!, ...clusters[gone]!].sort((x, y) => x - y)
      clusters[gone] = []
      for (const m of clusters[keep]!) clusterOf[m] = keep
    }
    return clusters
      .filter((members) => members.length > 1)
      .map((members) => {
        let sum = 0
        for (const [k, x] of members.entries()) for (const y of members.slice(k + 1)) sum += score(x, y)
        const group = members.map((m) => entries[m]!)
        group.sort((x, y) => x.tables[0]! - y.tables[0]! || (x.key < y.key ? -1 : 1))
        const keys = group.map((e) => e.key)
        return {
          id: [...keys].sort().join('+'),
          keys,
          tables: [...new Set(group.flatMap((e) => e.tables))].sort((x, y) => x - y),
          score: sum / ((members.length * (members.length - 1)) / 2),
        }
      })
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  }

  it('suggests the same groups with the same scores as comparing every pair', () => {
    // Fixture proposals, some retyped, so that groups form, grow and are refused.
    const pool = [...HARVEST_FIXTURE, ...HARVEST_HELD_OUT].map((p) => p.text)
    const proposal = fc.oneof(
      fc.constantFrom(...pool),
      fc.constantFrom(...pool).map((t) => t.split(' ').slice(1).join(' ')),
      text,
    )
    const input = fc.record({ table: fc.nat(6), texts: fc.array(proposal, { minLength: 1, maxLength: 2 }) })
    fc.assert(
      fc.property(
        fc.array(input, { maxLength: 40 }),
        fc.constantFrom(undefined, 0.2, 0.34, 0.5),
        fc.constantFrom(undefined, 0.25, 0.6),
        fc.nat(),
        (raw, threshold, sameTableThreshold, apart) => {
          const proposals = raw.map((p, k) => ({ key: `${p.table}:${k}`, table: p.table, text: p.texts.length === 1 ? p.texts[0]! : p.texts }))
          const options = {
            ...(threshold !== undefined ? { threshold } : {}),
            ...(sameTableThreshold !== undefined ? { sameTableThreshold } : {}),
            apart: proposals.length > 2 ? [[proposals[apart % proposals.length]!.key, proposals[(apart + 1) % proposals.length]!.key]] : [],
          }
          expect(suggestGroups(proposals, options)).toEqual(everyPairGroups(proposals, options))
        },
      ),
      { numRuns: 150 },
    )
  })

  it('on the fixture and the held-out sets too', () => {
    for (const set of [HARVEST_FIXTURE, HARVEST_HELD_OUT, HARVEST_HELD_OUT_2]) expect(suggestGroups(set)).toEqual(everyPairGroups(set))
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
    // From table 3, which the merge already spans: held to the same-table bar, which it passes
    // by itself; another idea of table 3 does not.
    const sameTable = { key: '3:z', table: 3, text: 'Hotline for homeowners, free of charge' }
    expect(groupsOf([merged, sameTable])).toEqual([['m-1', '3:z']])
    expect(groupsOf([merged, { ...sameTable, key: '4:z', table: 4 }])).toEqual([['m-1', '4:z']])
    expect(groupsOf([merged, { key: '3:y', table: 3, text: 'The municipality gives the centre an office' }])).toEqual([])
  })

  it('proposals with nothing written are never suggested, even together', () => {
    expect(suggestGroups([{ key: '0:a', table: 0, text: ' ' }, { key: '1:b', table: 1, text: '!!' }])).toEqual([])
  })

  it('two proposals under one key are a bug in the caller, not a suggestion', () => {
    expect(() => suggestGroups([hotline[0]!, hotline[0]!])).toThrow(/duplicate key/)
  })
})
