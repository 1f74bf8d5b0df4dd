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
 * Two proposals from the same table are grouped only if they are very similar
 * ({@link SAME_TABLE_THRESHOLD}): a table rarely writes the same proposal twice, and two proposals
 * it wrote side by side usually differ on purpose (the municipality co-funds the centre / the
 * municipality gives it an office). The twin typed twice after a wifi drop still groups.
 *
 * The result depends only on the set of inputs, never on their order: ties are broken by keys.
 * Only pairs that share some word or letter gram are ever compared (similar-pairs.ts).
 */
import { similarPairs, type SimilarPair } from './similar-pairs.js'
import { featureSimilarity, proposalFeatures, type ProposalFeatures } from './similarity.js'

/**
 * Tuned on the hand-made fixture (tests/unit/harvest-fixture.ts): pairwise precision and recall
 * both reach 0.8 from 0.475 to 0.525, so the middle was taken rather than the best-looking edge.
 */
export const SUGGEST_THRESHOLD = 0.5
/** Two proposals of one table are suggested together only from this similarity up. */
export const SAME_TABLE_THRESHOLD = 0.8

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
  /** In (0, 1]: pairs sharing no word or letter gram (similarity 0) are never suggested. */
  threshold?: number
  /** In (0, 1], normally above `threshold`. */
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

function entryOf(input: SuggestInput): Entry {
  const texts = typeof input.text === 'string' ? [input.text] : input.text
  const tables = typeof input.table === 'number' ? [input.table] : [...input.table]
  const features = texts.map(proposalFeatures).filter((f) => f.normalised !== '')
  return { key: input.key, tables: [...new Set(tables)].sort((a, b) => a - b), features }
}

function similarityOf(a: Entry, b: Entry): number {
  let best = 0
  for (const fa of a.features) for (const fb of b.features) best = Math.max(best, featureSimilarity(fa, fb))
  return best
}

/** Mean similarity over all pairs of `inputs` (1 for fewer than two): a suggestion's score. */
export function scoreGroup(inputs: readonly SuggestInput[]): number {
  const entries = [...inputs].sort((a, b) => byString(a.key, b.key)).map(entryOf)
  if (entries.length < 2) return 1
  let sum = 0
  for (const [k, a] of entries.entries()) for (const b of entries.slice(k + 1)) sum += similarityOf(a, b)
  return sum / ((entries.length * (entries.length - 1)) / 2)
}

const shareTable = (a: Entry, b: Entry): boolean => a.tables.some((t) => b.tables.includes(t))

/**
 * Groups of likely duplicates among `proposals`, most convincing first (score descending, then
 * id). Inputs without a letter or digit are never suggested. Throws on duplicate keys, which
 * only a bug in the caller produces.
 */
export function suggestGroups(proposals: readonly SuggestInput[], options: SuggestOptions = {}): Suggestion[] {
  const threshold = options.threshold ?? SUGGEST_THRESHOLD
  const sameTableThreshold = options.sameTableThreshold ?? SAME_TABLE_THRESHOLD
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

  const apart = new Set<string>()
  for (const group of options.apart ?? [])
    for (const a of group) for (const b of group) if (a < b) apart.add(`${a}+${b}`)
  const keptApart = (i: number, j: number): boolean => apart.has(`${entries[i]!.key}+${entries[j]!.key}`)

  const scores = new Map<number, number>()
  const score = (i: number, j: number): number => {
    const [lo, hi] = i < j ? [i, j] : [j, i]
    const id = lo * n + hi
    let value = scores.get(id)
    if (value === undefined) {
      value = similarityOf(entries[lo]!, entries[hi]!)
      scores.set(id, value)
    }
    return value
  }
  const allowed = (i: number, j: number): boolean =>
    !keptApart(Math.min(i, j), Math.max(i, j)) &&
    (!shareTable(entries[i]!, entries[j]!) || score(i, j) >= sameTableThreshold)

  const edges: SimilarPair[] = []
  for (const pair of similarPairs(entries.map((e) => e.features), threshold)) {
    scores.set(pair.i * n + pair.j, pair.score)
    if (allowed(pair.i, pair.j)) edges.push(pair)
  }
  edges.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j)

  // clusterOf[i] is the index of the cluster (in `clusters`) holding entry i; members ascending.
  const clusters: number[][] = entries.map((_, i) => [i])
  const clusterOf = entries.map((_, i) => i)
  for (const { i, j } of edges) {
    const ci = clusterOf[i]!
    const cj = clusterOf[j]!
    if (ci === cj) continue
    const a = clusters[ci]!
    const b = clusters[cj]!
    let sum = 0
    let fits = true
    for (const x of a)
      for (const y of b) {
        if (!allowed(x, y)) fits = false
        sum += score(x, y)
      }
    if (!fits || sum / (a.length * b.length) < threshold) continue
    const joined = [...a, ...b].sort((x, y) => x - y)
    clusters[ci] = joined
    clusters[cj] = []
    for (const m of b) clusterOf[m] = ci
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
