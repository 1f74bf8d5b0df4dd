/**
 * Every pair of proposals at least `threshold` alike, without comparing every pair. A 200-table
 * café brings about 3,000 proposals to the harvest: 4.5 million pairs, nearly all unrelated,
 * which compared one by one kept the server busy for seconds.
 *
 * An inverted index (gram → the texts holding it) counts, for each text, the grams it shares with
 * each earlier text; texts sharing no gram are never visited and have similarity 0 anyway. The
 * counts give exactly the Dice values of similarity.ts (same integers, same formula), so this
 * finds the same pairs as comparing every pair, only faster.
 */
import type { ProposalFeatures } from './similarity.js'

/** Two entries (indexes into the input) and their similarity, i < j. */
export interface SimilarPair {
  i: number
  j: number
  score: number
}

/** Interned grams of one text, with the entry it belongs to. */
interface Text {
  entry: number
  normalised: string
  letters: number[]
  words: number[]
}

function interner(): (gram: string) => number {
  const ids = new Map<string, number>()
  return (gram) => {
    let id = ids.get(gram)
    if (id === undefined) {
      id = ids.size
      ids.set(gram, id)
    }
    return id
  }
}

/**
 * Pairs of entries whose similarity (the largest over their texts, as similarity.ts computes it
 * for one text each) reaches `threshold` > 0. Each entry may offer several texts; pairs within
 * one entry are not reported. Sorted by i, then j.
 */
export function similarPairs(entries: readonly (readonly ProposalFeatures[])[], threshold: number): SimilarPair[] {
  const letterId = interner()
  const wordId = interner()
  const texts: Text[] = entries.flatMap((features, entry) =>
    features.map((f) => ({
      entry,
      normalised: f.normalised,
      letters: [...f.letterGrams].map(letterId),
      words: [...f.wordGrams].map(wordId),
    })),
  )
  const letterPostings: number[][] = []
  const wordPostings: number[][] = []
  const sharedLetters = new Int32Array(texts.length)
  const sharedWords = new Int32Array(texts.length)
  const best = new Map<number, number>()

  for (const [t, text] of texts.entries()) {
    // Only earlier texts are in the postings yet, so each pair is counted once.
    const touched: number[] = []
    const count = (postings: number[][], grams: number[], shared: Int32Array) => {
      for (const gram of grams)
        for (const other of postings[gram] ?? []) {
          if (sharedLetters[other] === 0 && sharedWords[other] === 0) touched.push(other)
          shared[other]!++
        }
    }
    count(letterPostings, text.letters, sharedLetters)
    count(wordPostings, text.words, sharedWords)
    for (const other of touched) {
      const them = texts[other]!
      const score =
        text.normalised === them.normalised
          ? 1
          : Math.max(
              (2 * sharedWords[other]!) / (text.words.length + them.words.length),
              (2 * sharedLetters[other]!) / (text.letters.length + them.letters.length),
            )
      sharedLetters[other] = 0
      sharedWords[other] = 0
      if (score < threshold || them.entry === text.entry) continue
      const [i, j] = them.entry < text.entry ? [them.entry, text.entry] : [text.entry, them.entry]
      const key = i * entries.length + j
      best.set(key, Math.max(best.get(key) ?? 0, score))
    }
    for (const gram of text.letters) (letterPostings[gram] ??= []).push(t)
    for (const gram of text.words) (wordPostings[gram] ??= []).push(t)
  }

  return [...best]
    .map(([key, score]) => ({ i: Math.floor(key / entries.length), j: key % entries.length, score }))
    .sort((a, b) => a.i - b.i || a.j - b.j)
}
