/**
 * Every pair of proposals at least `threshold` alike, without comparing every pair. A 200-table
 * café brings about 3,000 proposals to the harvest: 4.5 million pairs, nearly all unrelated,
 * which compared one by one kept the server busy for seconds.
 *
 * Three steps, all on the café's distinct words rather than on its texts:
 *   1. Which distinct words (and joined pairs of words) match which, found through an index on
 *      `matchKeys` (similarity.ts): matching words always share a key, so none is missed.
 *   2. Which entries could reach the threshold together (a prefix filter, as in set-similarity
 *      joins). A text's score with another is (found weight of A + found weight of B) / (total
 *      of A + total of B), so a pair at the threshold t has found weight of A ≥ t · total of A,
 *      or found weight of B ≥ t · total of B. Each text's prefix is its heaviest (rarest) words,
 *      taken until the words left weigh less than t times its total: a pair reaching t therefore
 *      has a prefix word of one side found in the other. Each entry's prefix words are looked up
 *      in an index of every entry's words and joins; the common words every table wrote (the
 *      café's topic, the thesaurus' common concepts) are left out of the prefixes, so the long
 *      lists of entries holding them are never walked. With a tiny threshold the prefix is every
 *      word: each pair with a word found in the other is a candidate, as before the filter.
 *   3. The candidates are scored by the same rules as `featureSimilarity`, with the word matches
 *      looked up instead of recomputed and the weights of each text's words read once, summed
 *      in the order `weightedShare` sums them: the same pairs, with the same scores to the last bit.
 */
import {
  evenWeight,
  joinMatches,
  matchKeys,
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

/**
 * Numbers kept for pairs of small non-negative integers (i, j), in typed arrays: the harvest
 * looks up hundreds of thousands of pairs per call, which a Map of numbers made slow.
 */
export class PairTable {
  private first: Int32Array
  private second: Int32Array
  private values: Float64Array
  private count = 0

  /** `expected`: about how many pairs it will keep (it grows as needed). */
  constructor(expected = 0) {
    let size = 64
    while (size < 2 * expected) size *= 2
    this.first = new Int32Array(size).fill(-1)
    this.second = new Int32Array(size)
    this.values = new Float64Array(size)
  }

  private slot(i: number, j: number): number {
    const mask = this.first.length - 1
    let at = (Math.imul(i, 0x9e3779b1) ^ Math.imul(j, 0x85ebca77)) & mask
    while (this.first[at] !== -1 && (this.first[at] !== i || this.second[at] !== j)) at = (at + 1) & mask
    return at
  }

  /** The number kept for (i, j), or undefined. */
  get(i: number, j: number): number | undefined {
    const at = this.slot(i, j)
    return this.first[at] === -1 ? undefined : this.values[at]
  }

  has(i: number, j: number): boolean {
    return this.first[this.slot(i, j)] !== -1
  }

  set(i: number, j: number, value: number): void {
    let at = this.slot(i, j)
    if (this.first[at] === -1) {
      if (2 * (this.count + 1) > this.first.length) {
        this.grow()
        at = this.slot(i, j)
      }
      this.first[at] = i
      this.second[at] = j
      this.count++
    }
    this.values[at] = value
  }

  private grow(): void {
    const [first, second, values] = [this.first, this.second, this.values]
    this.first = new Int32Array(first.length * 2).fill(-1)
    this.second = new Int32Array(first.length * 2)
    this.values = new Float64Array(first.length * 2)
    for (let at = 0; at < first.length; at++)
      if (first[at] !== -1) {
        const to = this.slot(first[at]!, second[at]!)
        this.first[to] = first[at]!
        this.second[to] = second[at]!
        this.values[to] = values[at]!
      }
  }
}

/** One text, its words and joins as token ids, and its words' weights. */
interface Text {
  normalised: number
  words: number[]
  joins: number[]
  /** `weights[k]`: the weight of word k. */
  weights: Float64Array
  /** The weights added from the first word to the last, as `weightedShare` adds them. */
  total: number
  /** Word positions, heaviest first (ties by position): the order prefixes are taken in. */
  heaviest: number[]
  /** `rest[r]`: the weight of the words after the r heaviest. */
  rest: Float64Array
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
 * A café's entries prepared for comparison: the pairs reaching a threshold ({@link pairs}) and
 * the similarity of any pair ({@link score}), equal to the largest `featureSimilarity` over the
 * two entries' texts.
 */
export interface SimilarityIndex {
  /** Pairs reaching `threshold` > 0, sorted by i, then j (see {@link similarPairs}). */
  pairs(threshold: number): SimilarPair[]
  /** The similarity of entries i and j (i ≠ j): 0 when no word of one is found in the other. */
  score(i: number, j: number): number
}

/**
 * Prefix weights are compared with the threshold lowered by this share, so that the rounding
 * of sums (far below it) never leaves out a pair at the threshold.
 */
const SLACK = 1e-9

/** Prepares `entries` (each offering one or more texts) for {@link SimilarityIndex}. */
export function similarityIndex(
  entries: readonly (readonly ProposalFeatures[])[],
  weight: WordWeight = evenWeight,
): SimilarityIndex {
  const tokens = new Tokens()
  const used = new Set<number>()
  const texts: Text[][] = entries.map((features) =>
    features.map((f) => {
      const words = f.words.map((w) => tokens.id(w))
      const joins = f.joins.map((w) => tokens.id(w))
      for (const t of words) used.add(t)
      for (const t of joins) used.add(t)
      const weights = new Float64Array(f.words.map((w) => weight(w)))
      let total = 0
      for (const w of weights) total += w
      const heaviest = words.map((_, k) => k).sort((x, y) => weights[y]! - weights[x]! || x - y)
      const rest = new Float64Array(words.length + 1)
      for (let r = words.length - 1; r >= 0; r--) rest[r] = rest[r + 1]! + weights[heaviest[r]!]!
      return { normalised: tokens.id(`#${f.normalised}`), words, joins, weights, total, heaviest, rest }
    }),
  )
  const { asWord, asJoin, joinsItself } = tokens.relations(used)
  const size = tokens.strings.length

  // The two texts being compared, each stamped on its own arrays: which tokens it has as words
  // and as joins. A text compared with many others is stamped once.
  interface Stamped {
    words: Int32Array
    joins: Int32Array
    now: number
  }
  const stamped = (): Stamped => ({ words: new Int32Array(size).fill(-1), joins: new Int32Array(size).fill(-1), now: 0 })
  const left = stamped()
  const right = stamped()
  const stamp = (text: Text, into: Stamped): void => {
    const now = ++into.now
    for (const t of text.words) into.words[t] = now
    for (const t of text.joins) into.joins[t] = now
  }
  const hasWord = (t: number, into: Stamped): boolean => {
    const { words, now } = into
    if (words[t] === now) return true
    for (const u of asWord[t]!) if (words[u] === now) return true
    return false
  }
  const joinedIn = (t: number, stamps: Int32Array, now: number): boolean => {
    if (joinsItself[t]! && stamps[t] === now) return true
    for (const u of asJoin[t]!) if (stamps[u] === now) return true
    return false
  }
  /** Whether word k of `a` is found in the stamped text (the rules of `foundIn` in similarity.ts). */
  const found = (a: Text, k: number, into: Stamped): boolean => {
    const word = a.words[k]!
    if (hasWord(word, into) || joinedIn(word, into.joins, into.now)) return true
    if (k > 0 && joinedIn(a.joins[k - 1]!, into.words, into.now)) return true
    return k < a.joins.length && joinedIn(a.joins[k]!, into.words, into.now)
  }
  /** The weight of the words of `a` found in the stamped text, added first word to last. */
  const foundWeight = (a: Text, into: Stamped): number => {
    let sum = 0
    for (let k = 0; k < a.words.length; k++) if (found(a, k, into)) sum += a.weights[k]!
    return sum
  }
  /** `weightedShare` in similarity.ts on weights read once, for `a` stamped left and `b` right. */
  const compare = (a: Text, b: Text): number => {
    if (a.normalised === b.normalised) return 1
    const foundA = foundWeight(a, right)
    const foundB = foundWeight(b, left)
    const total = a.total + b.total
    return total === 0 ? 0 : (foundA + foundB) / total
  }
  const score = (i: number, j: number): number => {
    let best = 0
    for (const a of texts[i]!) {
      stamp(a, left)
      for (const b of texts[j]!) {
        stamp(b, right)
        best = Math.max(best, compare(a, b))
      }
    }
    return best
  }

  // Entries holding each token: as a word (or, for a text without words, as its text), as a join.
  let wordHolders: number[][] | undefined
  let joinHolders: number[][] | undefined
  const index = (): void => {
    wordHolders = tokens.strings.map(() => [])
    joinHolders = tokens.strings.map(() => [])
    const hold = (holders: number[][], t: number, entry: number): void => {
      const list = holders[t]!
      if (list[list.length - 1] !== entry) list.push(entry)
    }
    texts.forEach((own, entry) => {
      for (const text of own) {
        if (text.words.length === 0) hold(wordHolders!, text.normalised, entry)
        for (const t of text.words) hold(wordHolders!, t, entry)
        for (const t of text.joins) hold(joinHolders!, t, entry)
      }
    })
  }

  const pairs = (threshold: number): SimilarPair[] => {
    if (!wordHolders) index()
    const words = wordHolders!
    const joins = joinHolders!
    // later[i]: candidate entries after i, met from either side's prefix.
    const later: number[][] = texts.map(() => [])
    const seenBy = new Int32Array(texts.length).fill(-1)
    const bar = threshold * (1 - SLACK)
    for (const [x, own] of texts.entries()) {
      const visit = (holders: readonly number[]): void => {
        for (const y of holders) {
          if (seenBy[y] === x || y === x) continue
          seenBy[y] = x
          if (x < y) later[x]!.push(y)
          else later[y]!.push(x)
        }
      }
      const visitJoin = (t: number): void => {
        // Entries with a word this join matches.
        if (joinsItself[t]) visit(words[t]!)
        for (const u of asJoin[t]!) visit(words[u]!)
      }
      for (const text of own) {
        if (text.words.length === 0) visit(words[text.normalised]!)
        const bound = bar * text.total
        // The heaviest words until those left weigh less than the threshold's share.
        for (let r = 0; r < text.words.length && !(text.rest[r]! < bound); r++) {
          const k = text.heaviest[r]!
          const t = text.words[k]!
          // Word k is found through a matching word there, a matching join there, or
          // joined with a neighbour here into a word there.
          visit(words[t]!)
          for (const u of asWord[t]!) visit(words[u]!)
          if (joinsItself[t]) visit(joins[t]!)
          for (const u of asJoin[t]!) visit(joins[u]!)
          if (k > 0) visitJoin(text.joins[k - 1]!)
          if (k < text.joins.length) visitJoin(text.joins[k]!)
        }
      }
    }
    const result: SimilarPair[] = []
    let best = new Float64Array(64)
    for (const [i, candidates] of later.entries()) {
      if (candidates.length === 0) continue
      // A pair met from both sides is listed twice; sorted, the twin is skipped.
      candidates.sort((a, b) => a - b)
      let distinct = 0
      for (const j of candidates) if (distinct === 0 || candidates[distinct - 1] !== j) candidates[distinct++] = j
      candidates.length = distinct
      if (best.length < distinct) best = new Float64Array(2 * distinct)
      best.fill(0, 0, distinct)
      // Each text of entry i is stamped once for all its candidates.
      for (const a of texts[i]!) {
        stamp(a, left)
        for (let c = 0; c < distinct; c++)
          for (const b of texts[candidates[c]!]!) {
            stamp(b, right)
            best[c] = Math.max(best[c]!, compare(a, b))
          }
      }
      for (let c = 0; c < distinct; c++) if (best[c]! >= threshold) result.push({ i, j: candidates[c]!, score: best[c]! })
    }
    return result
  }

  return { pairs, score }
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
  return similarityIndex(entries, weight).pairs(threshold)
}
