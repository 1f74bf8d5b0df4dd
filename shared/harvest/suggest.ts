/**
 * Suggested groups of likely duplicates for the harvest: the facilitator sees each group with a
 * score and accepts, edits or rejects it (merges.ts). Suggestions only ever propose; nothing is
 * merged until the facilitator says so.
 *
 * Grouping is average-linkage clustering over the pairs whose similarity reaches the threshold:
 * the most similar pair first, then each next pair joins its two groups only if the groups are
 * alike on average (every member against every other, not just the closest two). A chain of
 * near neighbours (hotline → paid hotline → paid consultations) therefore does not pull unrelated
 * proposals into one group, which single linkage would do.
 *
 * Two proposals from the same table are grouped only if they are themselves alike enough to be
 * suggested ({@link SAME_TABLE_THRESHOLD}), not merely alike on average with a group: two proposals
 * a table wrote side by side usually differ on purpose (the municipality co-funds the centre / the
 * municipality gives it an office). The twin typed twice after a wifi drop still groups, and so
 * does a table's own translation of a proposal for a mixed-language group.
 *
 * Words are read against the field's thesaurus (lexicon.ts), so that synonyms and translations
 * are one concept, and weighed by the café's own proposals (`cafeWeights` in similarity.ts): what
 * every table wrote about counts less than what sets one proposal apart.
 *
 * The result depends only on the set of inputs, never on their order: ties are broken by keys.
 * Only pairs that can reach the threshold are scored up front (similar-pairs.ts skips the rest
 * from the weights of their words); the clustering scores any other pair it needs when it needs
 * it, and adds the sums in the order a full table of links would, so the groups and scores are
 * those of comparing every pair, to the last bit. A 200-table café (1,000 proposals) is grouped
 * in well under 150 ms.
 */
import { PairTable, similarityIndex } from './similar-pairs.js'
import {
  cafeWeights,
  evenWeight,
  featureSimilarity,
  proposalFeatures,
  type ProposalFeatures,
  type WordWeight,
} from './similarity.js'

/**
 * Tuned on the hand-made fixture (tests/unit/harvest-fixture.ts) once the thesaurus (lexicon.ts)
 * was written, with café weights and CONCEPT_WEIGHT (similarity.ts): English, Russian, Georgian,
 * Azerbaijani and Romanian reach 0.8 pairwise precision and recall from 0.30 to 0.38, so the
 * middle was taken. Ukrainian does not at any threshold that keeps English precise (see the test).
 */
export const SUGGEST_THRESHOLD = 0.34
/**
 * Two proposals of one table are suggested together only if they are themselves this alike,
 * not just alike on average with the rest of a group. It was 0.8 while words alone were compared
 * and a table's two proposals shared its vocabulary; with the thesaurus a table's two different
 * ideas score far apart (the municipality co-finances the centre / gives it an office: 0.28),
 * while a table's translation of its own proposal for a mixed-language group, which words could
 * not see, is now a duplicate like any other. So the bar is the threshold itself.
 */
export const SAME_TABLE_THRESHOLD = SUGGEST_THRESHOLD

/** Something the harvest may suggest merging: a table's proposal, or an earlier merge. */
export interface SuggestInput {
  /** Unique among the inputs: `${table}:${proposalId}`, or a merged proposal's id. */
  key: string
  /** The table it was written at; an earlier merge spans several. */
  table: number | readonly number[]
  /** Its text; an earlier merge offers each of its texts, and its closest one counts. */
  text: string | readonly string[]
}

/** Knobs of {@link suggestGroups}; the defaults are the tuned ones. */
export interface SuggestOptions {
  /** In (0, 1]: pairs sharing no word (similarity 0) are never suggested. */
  threshold?: number
  /** In (0, 1]; defaults to `threshold` (see {@link SAME_TABLE_THRESHOLD}). */
  sameTableThreshold?: number
  /**
   * Groups of keys the facilitator said are not duplicates (rejected suggestions): no two keys
   * of one such group are suggested together again. Unknown keys are ignored.
   */
  apart?: readonly (readonly string[])[]
}

/** A group of likely duplicates, for the facilitator to accept, edit or reject. */
export interface Suggestion {
  /** The members' keys sorted as strings and joined by "+": the same group always has the same id. */
  id: string
  /** The members, by table and then key. */
  keys: string[]
  /** The tables the members come from, ascending. */
  tables: number[]
  /** Mean similarity over all pairs of members, in [0, 1]. */
  score: number
}

interface Entry {
  key: string
  tables: number[]
  features: ProposalFeatures[]
}


const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** The id a suggestion of these keys gets (see {@link Suggestion.id}). */
export const suggestionIdOf = (keys: readonly string[]): string => [...keys].sort(byString).join('+')

/**
 * Texts already prepared, by text: the server suggests again after every merge, undo and
 * rejection, for nearly the same texts each time, and reading a text against the thesaurus
 * costs more than comparing it. Emptied when it grows past {@link FEATURES_KEPT} texts.
 */
const featuresOfText = new Map<string, ProposalFeatures>()
const FEATURES_KEPT = 20_000

function featuresOf(text: string): ProposalFeatures {
  let features = featuresOfText.get(text)
  if (features === undefined) {
    if (featuresOfText.size >= FEATURES_KEPT) featuresOfText.clear()
    featuresOfText.set(text, (features = proposalFeatures(text)))
  }
  return features
}

function entryOf(input: SuggestInput): Entry {
  const texts = typeof input.text === 'string' ? [input.text] : input.text
  const tables = typeof input.table === 'number' ? [input.table] : [...input.table]
  const features = texts.map(featuresOf).filter((f) => f.normalised !== '')
  return { key: input.key, tables: [...new Set(tables)].sort((a, b) => a - b), features }
}

/** The café's word weights, from the entries that have something written. */
const weightsOf = (entries: readonly Entry[]): WordWeight => cafeWeights(entries.map((e) => e.features))

function similarityOf(a: Entry, b: Entry, weight: WordWeight): number {
  let best = 0
  for (const fa of a.features) for (const fb of b.features) best = Math.max(best, featureSimilarity(fa, fb, weight))
  return best
}

/**
 * Mean similarity over all pairs of `inputs` (1 for fewer than two): a suggestion's score. Words
 * are weighed by `cafe`, the harvest's items, when given (as {@link suggestGroups} does), so an
 * edited suggestion is scored like the suggestions around it; without it every word counts the same.
 */
export function scoreGroup(inputs: readonly SuggestInput[], cafe?: readonly SuggestInput[]): number {
  const entries = [...inputs].sort((a, b) => byString(a.key, b.key)).map(entryOf)
  if (entries.length < 2) return 1
  const weight = cafe ? weightsOf(cafe.map(entryOf).filter((e) => e.features.length > 0)) : evenWeight
  let sum = 0
  for (const [k, a] of entries.entries()) for (const b of entries.slice(k + 1)) sum += similarityOf(a, b, weight)
  return sum / ((entries.length * (entries.length - 1)) / 2)
}

/**
 * Groups of likely duplicates among `proposals`, most convincing first (score descending, then
 * id). Inputs without a letter or digit are never suggested. Throws on duplicate keys, which
 * only a bug in the caller produces.
 */
export function suggestGroups(proposals: readonly SuggestInput[], options: SuggestOptions = {}): Suggestion[] {
  const threshold = options.threshold ?? SUGGEST_THRESHOLD
  const sameTableThreshold = options.sameTableThreshold ?? threshold
  const keys = new Set<string>()
  for (const p of proposals) {
    if (keys.has(p.key)) throw new Error(`suggestGroups: duplicate key ${p.key}`)
    keys.add(p.key)
  }
  // Sorting by key first makes every later loop, tie and sum independent of the input's order.
  const entries = proposals
    .map(entryOf)
    .filter((e) => e.features.length > 0)
    .sort((a, b) => byString(a.key, b.key))
  const n = entries.length

  // Every pair that may reach a threshold is scored once (similar-pairs.ts skips pairs that
  // cannot); any other pair is scored when the grouping needs it, by the same rules. Pairs
  // are kept as (lower index, higher index).
  const index = similarityIndex(
    entries.map((e) => e.features),
    weightsOf(entries),
  )
  const pairs = index.pairs(Math.min(threshold, sameTableThreshold))
  const scores = new PairTable(2 * pairs.length)
  for (const { i, j, score } of pairs) scores.set(i, j, score)
  const score = (i: number, j: number): number => {
    const [x, y] = i < j ? [i, j] : [j, i]
    let s = scores.get(x, y)
    if (s === undefined) scores.set(x, y, (s = index.score(x, y)))
    return s
  }

  // Pairs that may never share a group: kept apart by the facilitator, or one table's two
  // different ideas (a pair not listed is below both thresholds). A group holding one such
  // pair is never formed.
  const forbidden = new PairTable()
  const indexOf = new Map(entries.map((e, i) => [e.key, i]))
  for (const group of options.apart ?? []) {
    const members = [...new Set(group.flatMap((key) => indexOf.get(key) ?? []))]
    for (const a of members) for (const b of members) if (a < b) forbidden.set(a, b, 1)
  }
  const byTable = new Map<number, number[]>()
  entries.forEach((e, i) => {
    for (const table of e.tables) byTable.set(table, [...(byTable.get(table) ?? []), i])
  })
  for (const members of byTable.values())
    for (const a of members)
      for (const b of members) if (a < b && !((scores.get(a, b) ?? 0) >= sameTableThreshold)) forbidden.set(a, b, 1)

  // Average linkage. Two clusters join when the summed similarity of their pairs, over their
  // number, reaches the threshold; a forbidden pair counts -Infinity, which no sum undoes.
  // The sums are added in the order a table of links between clusters would add them: each
  // pair's score (0 when no word is shared), and when a cluster is formed from `keep` and
  // `gone`, its sum with another cluster is its sum with `keep` plus its sum with `gone`.
  // Floating-point addition depends on that order, so the same order gives the same groups to
  // the last bit, while only the pairs the grouping meets are ever scored.
  // Nodes 0..n-1 are the entries; each merge makes the next node, n, n + 1, ...
  const keepOf: number[] = []
  const goneOf: number[] = []
  const sums = new PairTable(n)
  /** The sum of two nodes if known without adding: a pair of entries, or a sum added before. */
  const known = (early: number, late: number): number | undefined =>
    late < n ? (forbidden.has(early, late) ? -Infinity : score(early, late)) : sums.get(early, late)
  /**
   * The summed similarity of two nodes that were clusters side by side, `early` formed first:
   * `late` was formed from two clusters that stood beside `early`, so the sum is early's sum
   * with `keep` plus its sum with `gone`. Added with a stack of its own rather than by
   * recursion, which a café of thousands of copies of one text would take too deep.
   */
  const sum = (early: number, late: number): number => {
    const done = known(early, late)
    if (done !== undefined) return done
    const stack = [early, late]
    while (stack.length > 0) {
      const [e, l] = [stack[stack.length - 2]!, stack[stack.length - 1]!]
      const [keep, gone] = [keepOf[l - n]!, goneOf[l - n]!]
      const [e1, l1] = keep < e ? [keep, e] : [e, keep]
      const [e2, l2] = gone < e ? [gone, e] : [e, gone]
      const withKeep = known(e1, l1)
      if (withKeep === undefined) {
        stack.push(e1, l1)
        continue
      }
      const withGone = known(e2, l2)
      if (withGone === undefined) {
        stack.push(e2, l2)
        continue
      }
      sums.set(e, l, withKeep + withGone)
      stack.length -= 2
    }
    return sums.get(early, late)!
  }

  const edges = pairs.filter((p) => p.score >= threshold && !forbidden.has(p.i, p.j))
  edges.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j)

  // clusterOf[i] is the cluster holding entry i, named by its first member; members ascending.
  // nodeOf[c] is the node cluster c is now.
  const clusters: number[][] = entries.map((_, i) => [i])
  const clusterOf = entries.map((_, i) => i)
  const nodeOf = entries.map((_, i) => i)
  for (const { i, j } of edges) {
    const keep = Math.min(clusterOf[i]!, clusterOf[j]!)
    const gone = Math.max(clusterOf[i]!, clusterOf[j]!)
    if (keep === gone) continue
    const a = clusters[keep]!
    const b = clusters[gone]!
    const [x, y] = [nodeOf[keep]!, nodeOf[gone]!]
    if ((x < y ? sum(x, y) : sum(y, x)) / (a.length * b.length) < threshold) continue
    keepOf.push(x)
    goneOf.push(y)
    nodeOf[keep] = n + keepOf.length - 1
    clusters[keep] = [...a, ...b].sort((p, q) => p - q)
    clusters[gone] = []
    for (const m of b) clusterOf[m] = keep
  }

  const suggestions: Suggestion[] = []
  for (const members of clusters) {
    if (members.length < 2) continue
    let sum = 0
    for (const [k, x] of members.entries()) for (const y of members.slice(k + 1)) sum += score(x, y)
    const group = members.map((m) => entries[m]!)
    group.sort((x, y) => x.tables[0]! - y.tables[0]! || byString(x.key, y.key))
    const groupKeys = group.map((e) => e.key)
    suggestions.push({
      id: suggestionIdOf(groupKeys),
      keys: groupKeys,
      tables: [...new Set(group.flatMap((e) => e.tables))].sort((x, y) => x - y),
      score: sum / ((members.length * (members.length - 1)) / 2),
    })
  }
  return suggestions.sort((x, y) => y.score - x.score || byString(x.id, y.id))
}
