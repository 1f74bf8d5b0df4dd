/**
 * Every pair of proposals at least `threshold` alike, without comparing every pair. A 200-table
 * café brings about 3,000 proposals to the harvest: 4.5 million pairs, nearly all unrelated,
 * which compared one by one kept the server busy for seconds.
 *
 * Two steps, both on the café's distinct words rather than on its texts:
 *   1. Which distinct words (and joined pairs of words) match which, found through an index on
 *      `matchKeys` (similarity.ts): matching words always share a key, so none is missed.
 *   2. For each entry, the earlier entries holding a word that matches one of its own; entries
 *      holding none have similarity 0 and are never visited. The others are scored by the same
 *      rules as `featureSimilarity`, with the word matches looked up instead of recomputed, and
 *      summed by the same `weightedShare`: the same pairs, with the same scores to the last bit.
 */
import {
  evenWeight,
  joinMatches,
  matchKeys,
  weightedShare,
  wordsMatch,
  type ProposalFeatures,
  type WordWeight,
} from './similarity.js'

/** Two entries (indexes into the input) and their similarity, i < j. */
export interface SimilarPair {
  i: number
  j: number
  score: number
}

/** One text, its words and joins as token ids. */
interface Text {
  features: ProposalFeatures
  normalised: number
  words: number[]
  joins: number[]
}

/** The café's distinct tokens (words, joined words, normalised texts) and how they match. */
class Tokens {
  private readonly ids = new Map<string, number>()
  readonly strings: string[] = []

  id(token: string): number {
    let id = this.ids.get(token)
    if (id === undefined) {
      id = this.strings.length
      this.ids.set(token, id)
      this.strings.push(token)
    }
    return id
  }

  /**
   * For each token, the other tokens it matches as a word (`asWord`) and as a join
   * (`asJoin`), and whether it matches itself as a join. Only tokens sharing a key are tested.
   */
  relations(used: ReadonlySet<number>): { asWord: number[][]; asJoin: number[][]; joinsItself: boolean[] } {
    const byKey = new Map<string, number[]>()
    for (const t of used)
      for (const key of matchKeys(this.strings[t]!)) {
        const list = byKey.get(key)
        if (list) list.push(t)
        else byKey.set(key, [t])
      }
    const asWord: number[][] = this.strings.map(() => [])
    const asJoin: number[][] = this.strings.map(() => [])
    const joinsItself = this.strings.map((s) => joinMatches(s, s))
    for (const t of used) {
      const s = this.strings[t]!
      const seen = new Set([t])
      for (const key of matchKeys(s))
        for (const u of byKey.get(key)!) {
          if (seen.has(u)) continue
          seen.add(u)
          if (wordsMatch(s, this.strings[u]!)) asWord[t]!.push(u)
          if (joinMatches(s, this.strings[u]!)) asJoin[t]!.push(u)
        }
    }
    return { asWord, asJoin, joinsItself }
  }
}

/**
 * Pairs of entries whose similarity (the largest over their texts, weighted by `weight`) reaches
 * `threshold` > 0. Each entry may offer several texts; pairs within one entry are not reported.
 * Sorted by i, then j. Pass a tiny threshold (`Number.MIN_VALUE`) for every pair with a word in
 * common.
 */
export function similarPairs(
  entries: readonly (readonly ProposalFeatures[])[],
  threshold: number,
  weight: WordWeight = evenWeight,
): SimilarPair[] {
  const tokens = new Tokens()
  const used = new Set<number>()
  const texts: Text[][] = entries.map((features) =>
    features.map((f) => {
      const words = f.words.map((w) => tokens.id(w))
      const joins = f.joins.map((w) => tokens.id(w))
      for (const t of [...words, ...joins]) used.add(t)
      return { features: f, normalised: tokens.id(`#${f.normalised}`), words, joins }
    }),
  )
  const { asWord, asJoin, joinsItself } = tokens.relations(used)

  // holders[t]: entries with token t as a word (or, for a text without words, as its text).
  const holders: number[][] = tokens.strings.map(() => [])
  const hold = (t: number, entry: number): void => {
    const list = holders[t]!
    if (list[list.length - 1] !== entry) list.push(entry)
  }

  // Stamps of the text being compared against: which tokens it has as words and as joins.
  const wordStamp = new Int32Array(tokens.strings.length).fill(-1)
  const joinStamp = new Int32Array(tokens.strings.length).fill(-1)
  let stamp = 0
  const stampText = (text: Text): number => {
    stamp++
    for (const t of text.words) wordStamp[t] = stamp
    for (const t of text.joins) joinStamp[t] = stamp
    return stamp
  }
  const hasWord = (t: number, s: number): boolean => wordStamp[t] === s || asWord[t]!.some((u) => wordStamp[u] === s)
  const joinedIn = (t: number, stamps: Int32Array, s: number): boolean =>
    (joinsItself[t]! && stamps[t] === s) || asJoin[t]!.some((u) => stamps[u] === s)
  /** Which words of `a` are found in the stamped text (the rules of `foundIn` in similarity.ts). */
  const found = (a: Text, s: number): boolean[] =>
    a.words.map((word, k) => {
      if (hasWord(word, s) || joinedIn(word, joinStamp, s)) return true
      const before = k > 0 ? a.joins[k - 1] : undefined
      const after = a.joins[k]
      return (before !== undefined && joinedIn(before, wordStamp, s)) || (after !== undefined && joinedIn(after, wordStamp, s))
    })
  const similarity = (a: Text, b: Text): number => {
    if (a.normalised === b.normalised) return 1
    const foundA = found(a, stampText(b))
    const foundB = found(b, stampText(a))
    return weightedShare(a.features, foundA, b.features, foundB, weight)
  }

  const seenBy = new Int32Array(entries.length).fill(-1)
  const pairs: SimilarPair[] = []
  for (const [j, own] of texts.entries()) {
    // Only earlier entries hold tokens yet, so each pair is met once, from its later entry.
    const earlier: number[] = []
    const visit = (t: number): void => {
      for (const i of holders[t]!) {
        if (seenBy[i] === j) continue
        seenBy[i] = j
        earlier.push(i)
      }
    }
    for (const text of own) {
      if (text.words.length === 0) visit(text.normalised)
      // A word of this entry is found in an earlier one through a matching word or join there;
      // a join of this entry, through a matching word there. Joins are held by their words.
      for (const t of text.words) {
        visit(t)
        for (const u of asWord[t]!) visit(u)
        for (const u of asJoin[t]!) visit(u)
        if (joinsItself[t]) visit(t)
      }
      for (const t of text.joins) {
        for (const u of asJoin[t]!) visit(u)
        if (joinsItself[t]) visit(t)
      }
    }
    earlier.sort((a, b) => a - b)
    for (const i of earlier) {
      let score = 0
      for (const a of texts[i]!) for (const b of own) score = Math.max(score, similarity(a, b))
      if (score >= threshold) pairs.push({ i, j, score })
    }
    for (const text of own) {
      if (text.words.length === 0) hold(text.normalised, j)
      for (const t of text.words) hold(t, j)
      // An earlier entry's join is visited through the words a later word matches against.
      for (const t of text.joins) hold(t, j)
    }
  }
  return pairs.sort((a, b) => a.i - b.i || a.j - b.j)
}
