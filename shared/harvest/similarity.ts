/**
 * How alike two proposals read, from their words and the field's thesaurus: no language detection,
 * no network service, so it works the same on a venue laptop without internet for Georgian,
 * Cyrillic and Latin scripts.
 *
 * A proposal is compared by its content words (normalise.ts drops function words such as "for
 * the", "для", "pentru a"). Two words count as the same word when
 *   - they start alike and differ only in their endings: at least {@link STEM_MIN} letters in
 *     common from the start, and the shorter word ends at most {@link ENDING_MAX} letters after
 *     them ("лінія/лінію", "training/trainings", "ამხანაგობების/ამხანაგობის", and the agglutinated
 *     "birlik/birliklərinin", "თავმჯდომარეების/თავმჯდომარეებისთვის"); the café's languages
 *     inflect at the end of a word;
 *   - or one typo apart, in words of {@link TYPO_MIN} letters or more: one letter wrong, missing,
 *     extra, or two neighbours swapped ("председателей/председатилей", "resource/resourse");
 *   - or one of them is two neighbouring words of the other text written together ("hot line" /
 *     "hotline", "home owners" / "homeowners", "რესურს ცენტრი" / "რესურსცენტრი").
 * The similarity is the weighted share of each text's words found in the other (a soft Dice
 * coefficient): Σ weights of matched words on both sides / Σ weights of all words on both sides.
 *
 * Weights come from the café ({@link cafeWeights}): a word written in many proposals ("homeowners
 * associations" at a café about homeowners associations) says little about which idea a
 * proposal is, a rare one ("accountants") says much. Without a café every word weighs 1.
 *
 * Before any of that, the content words are read against the field's thesaurus (lexicon.ts):
 * a word or phrase it knows ("горячая линия", "hotline", "ცხელი ხაზი") becomes its concept's
 * token, which matches only itself. Synonyms and translations are then the same token, so a
 * Georgian proposal and its Russian twin are found alike when their ideas are in the thesaurus;
 * words it does not know are compared by the rules above. Concepts weigh {@link CONCEPT_WEIGHT}
 * times their café weight.
 */
import { CONCEPT_MARK, readConcepts } from './lexicon.js'
import { contentWords, normaliseProposal } from './normalise.js'

/** Letters two words must share from their start to count as one word with other endings. */
export const STEM_MIN = 4
/** Letters the shorter of two such words may have after the shared start. */
export const ENDING_MAX = 2
/** Shortest words in which one typo is forgiven: in shorter ones a typo is another word. */
export const TYPO_MIN = 5
/**
 * How much a concept of the thesaurus (lexicon.ts) weighs against a plain word of the same café
 * weight. Tuned with the threshold on the fixture: from 2 up, a table's two different ideas
 * sharing two common concepts (the municipality co-finances the centre / gives it an office)
 * reach the threshold, and 1 keeps them apart while every language but Ukrainian clears 0.8
 * from 0.30 to 0.38. A concept's idf² already reflects that it stands for many words.
 */
export const CONCEPT_WEIGHT = 1

/** A proposal's text, prepared once for many comparisons (the harvest compares many pairs). */
export interface ProposalFeatures {
  /** The normalised text; equal texts are duplicates whatever their words. */
  readonly normalised: string
  /** Content words in the order written (none for a text without letters or digits). */
  readonly words: readonly string[]
  /** Each two neighbouring content words written as one: `joins[k]` is `words[k] + words[k + 1]`. */
  readonly joins: readonly string[]
}

/** How much a word counts in a comparison; always > 0. */
export type WordWeight = (word: string) => number

/** Every word counts the same: comparisons without a café. */
export const evenWeight: WordWeight = () => 1

/** Prepares a text for {@link featureSimilarity}. */
export function proposalFeatures(text: string): ProposalFeatures {
  const normalised = normaliseProposal(text)
  const words = normalised === '' ? [] : readConcepts(contentWords(normalised))
  return { normalised, words, joins: words.slice(1).map((word, k) => words[k] + word) }
}

// Words are compared in UTF-16 code units: every letter of the café's scripts is one unit. A
// letter outside the BMP counts as two, which only shifts the bar for scripts the café lacks.

function sharedStart(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}

/** Optimal string alignment distance ≤ 1: equal, or one substitution, insertion, deletion or swap. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false
  const start = sharedStart(a, b)
  let end = 0
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++
  const restA = a.length - start - end
  const restB = b.length - start - end
  if (restA <= 1 && restB <= 1) return true
  return restA === 2 && restB === 2 && a[start] === b[start + 1] && a[start + 1] === b[start]
}

const typoApart = (a: string, b: string): boolean =>
  Math.min(a.length, b.length) >= TYPO_MIN && oneEditApart(a, b)

/**
 * Whether a word is, or a join holds, a concept token of the thesaurus (lexicon.ts): those match
 * only themselves, never by endings, typos or joins ("ᛝroof" and "ᛝroom" are two concepts).
 */
const hasConcept = (word: string): boolean => word.includes(CONCEPT_MARK)

/** Whether two content words count as the same word (see the file's comment). Symmetric. */
export function wordsMatch(a: string, b: string): boolean {
  if (a === b) return true
  if (hasConcept(a) || hasConcept(b)) return false
  const shared = sharedStart(a, b)
  if (shared >= STEM_MIN && shared >= Math.min(a.length, b.length) - ENDING_MAX) return true
  return typoApart(a, b)
}

/**
 * Whether two neighbouring words written together (`joined`) are the word `word`: stricter than
 * {@link wordsMatch}, since the longer side may not run on ("hot line" is not "hotlines fund").
 */
export function joinMatches(joined: string, word: string): boolean {
  if (hasConcept(joined) || hasConcept(word)) return joined === word
  const shared = sharedStart(joined, word)
  if (shared >= STEM_MIN && shared >= Math.max(joined.length, word.length) - ENDING_MAX) return true
  return typoApart(joined, word)
}

/**
 * Index keys of a word (or of two words joined): any two words that {@link wordsMatch} or
 * {@link joinMatches} share at least one key, so an index on keys never misses a pair. Words
 * shorter than {@link STEM_MIN} only match themselves and are their own key. Longer ones take
 * their first five letters with each one left out in turn (their first four if they have only
 * four): matching words share their first four letters, or differ by one edit, which leaving
 * out the edited letter (or the fifth) undoes.
 */
export function matchKeys(word: string): string[] {
  if (word.length < STEM_MIN || hasConcept(word)) return [`=${word}`]
  if (word.length === STEM_MIN) return [word]
  const head = word.slice(0, STEM_MIN + 1)
  const keys = new Set<string>()
  for (let i = 0; i < head.length; i++) keys.add(head.slice(0, i) + head.slice(i + 1))
  return [...keys]
}

/** Whether word `k` of `a` is found in `b`: as a word, inside a join of `b`, or joined with a neighbour. */
function foundIn(a: ProposalFeatures, k: number, b: ProposalFeatures): boolean {
  const word = a.words[k]!
  for (const other of b.words) if (wordsMatch(word, other)) return true
  for (const joined of b.joins) if (joinMatches(joined, word)) return true
  const before = k > 0 ? a.joins[k - 1] : undefined
  const after = a.joins[k]
  for (const other of b.words) {
    if (before !== undefined && joinMatches(before, other)) return true
    if (after !== undefined && joinMatches(after, other)) return true
  }
  return false
}

/**
 * The soft Dice coefficient from which words of each side are found in the other. Shared by
 * {@link featureSimilarity} and the index in similar-pairs.ts, so both give the same number to
 * the last bit: the same weights, added in the same order.
 */
export function weightedShare(
  a: ProposalFeatures,
  foundA: readonly boolean[],
  b: ProposalFeatures,
  foundB: readonly boolean[],
  weight: WordWeight,
): number {
  let foundWeight = 0
  let totalA = 0
  let totalB = 0
  let foundWeightB = 0
  a.words.forEach((word, k) => {
    const w = weight(word)
    totalA += w
    if (foundA[k]) foundWeight += w
  })
  b.words.forEach((word, k) => {
    const w = weight(word)
    totalB += w
    if (foundB[k]) foundWeightB += w
  })
  const total = totalA + totalB
  return total === 0 ? 0 : (foundWeight + foundWeightB) / total
}

/**
 * Similarity of two prepared texts, in [0, 1]: symmetric, 1 when their normalised texts are equal,
 * 0 when no word of one is found in the other. `weight` defaults to every word counting the same.
 */
export function featureSimilarity(a: ProposalFeatures, b: ProposalFeatures, weight: WordWeight = evenWeight): number {
  if (a.normalised === b.normalised) return 1
  const foundA = a.words.map((_, k) => foundIn(a, k, b))
  const foundB = b.words.map((_, k) => foundIn(b, k, a))
  return weightedShare(a, foundA, b, foundB, weight)
}

/**
 * How alike two proposals' texts are, in [0, 1], every word counting the same: symmetric, 1 for
 * texts equal after normalisation (case, diacritics, Romanian cedillas, punctuation and spacing
 * do not count), 0 for texts without a word in common. Two empty texts count as equal.
 */
export function proposalSimilarity(a: string, b: string): number {
  return featureSimilarity(proposalFeatures(a), proposalFeatures(b))
}

/**
 * The café's weights: a word weighs idf², where idf = ln(1 + N / df), N the number of entries
 * (proposals, or merges) and df how many of them have the word or a word matching it. Squared as
 * in the cosine of tf-idf vectors, where a shared word counts once from each side: the contrast
 * between a word every table wrote and a word one table wrote is what tells two ideas apart.
 * Computed from the café's own proposals, so it knows the café's topic without being told.
 * A word the café does not have weighs as a word written once.
 */
export function cafeWeights(entries: readonly (readonly ProposalFeatures[])[]): WordWeight {
  const entriesOf = new Map<string, Set<number>>()
  entries.forEach((texts, entry) => {
    for (const text of texts)
      for (const word of text.words) {
        let holders = entriesOf.get(word)
        if (!holders) entriesOf.set(word, (holders = new Set()))
        holders.add(entry)
      }
  })
  const wordsByKey = new Map<string, string[]>()
  for (const word of entriesOf.keys())
    for (const key of matchKeys(word)) {
      const list = wordsByKey.get(key)
      if (list) list.push(word)
      else wordsByKey.set(key, [word])
    }
  const n = entries.length
  const weights = new Map<string, number>()
  for (const [word, own] of entriesOf) {
    const holders = new Set(own)
    const seen = new Set([word])
    for (const key of matchKeys(word))
      for (const other of wordsByKey.get(key)!) {
        if (seen.has(other)) continue
        seen.add(other)
        if (wordsMatch(word, other)) for (const entry of entriesOf.get(other)!) holders.add(entry)
      }
    weights.set(word, Math.log(1 + n / holders.size) ** 2 * (hasConcept(word) ? CONCEPT_WEIGHT : 1))
  }
  const unseen = Math.log(1 + Math.max(n, 1)) ** 2
  return (word) => weights.get(word) ?? unseen * (hasConcept(word) ? CONCEPT_WEIGHT : 1)
}
