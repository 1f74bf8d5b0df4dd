/**
 * How alike two proposals read, from their letters and words alone: no dictionary, no language
 * detection, no network service, so it works the same on a venue laptop without internet for
 * Georgian, Cyrillic and Latin scripts.
 *
 * Two views of the normalised text (normalise.ts), each compared with the Dice coefficient
 * (2·|A∩B| / (|A|+|B|), the share of grams the two have in common):
 *   words    word stems (first {@link STEM_LENGTH} letters) and pairs of neighbouring stems.
 *            Truncating is a crude stemmer that suits the café's languages, which inflect at the
 *            end of a word: "обучение/обучения", "ტრენინგი/ტრენინგები", "birlik/birliklərin".
 *   letters  letter trigrams of each word padded with a space (" ho", "hot", … "ne "), so a typo
 *            costs only the three trigrams around it and a changed ending only the last ones.
 * The similarity is the larger of the two. Letters carry most cases (typos, endings, a split
 * compound such as "რესურს ცენტრი"); words win when short words and their order agree.
 *
 * Words and letters cannot match a proposal with its translation: a Georgian proposal and its
 * Russian twin score near 0 here. Finding those is the facilitator's job ("merge by hand").
 * Only languages that share words and script, such as Russian and Ukrainian ("консультации
 * юриста" / "консультації юриста"), are sometimes found across.
 */
import { proposalWords } from './normalise.js'

/** Letters of a word kept as its stem. */
export const STEM_LENGTH = 5
/** Letters in one letter gram. */
export const LETTER_GRAM = 3

/** A proposal's text, prepared once for many comparisons (the harvest compares every pair). */
export interface ProposalFeatures {
  /** The normalised text; equal texts are duplicates whatever their grams. */
  readonly normalised: string
  readonly wordGrams: ReadonlySet<string>
  readonly letterGrams: ReadonlySet<string>
}

/** Splits into code points, so a letter outside the BMP is one letter, not two halves. */
const lettersOf = (word: string): string[] => Array.from(word)

/** Prepares a text for {@link featureSimilarity}. */
export function proposalFeatures(text: string): ProposalFeatures {
  const words = proposalWords(text)
  const stems = words.map((word) => lettersOf(word).slice(0, STEM_LENGTH).join(''))
  const wordGrams = new Set<string>()
  // Prefixes keep a one-word stem from ever equalling a two-word pair.
  stems.forEach((stem, i) => {
    wordGrams.add(`1 ${stem}`)
    if (i > 0) wordGrams.add(`2 ${stems[i - 1]} ${stem}`)
  })
  const letterGrams = new Set<string>()
  for (const word of words) {
    const padded = lettersOf(` ${word} `)
    for (let i = 0; i + LETTER_GRAM <= padded.length; i++) letterGrams.add(padded.slice(i, i + LETTER_GRAM).join(''))
  }
  return { normalised: words.join(' '), wordGrams, letterGrams }
}

/** Dice coefficient of two sets; 0 when either is empty. */
function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  let shared = 0
  for (const gram of small) if (large.has(gram)) shared++
  return (2 * shared) / (a.size + b.size)
}

/** Similarity of two prepared texts, in [0, 1]: symmetric, 1 when their normalised texts are equal. */
export function featureSimilarity(a: ProposalFeatures, b: ProposalFeatures): number {
  if (a.normalised === b.normalised) return 1
  return Math.max(dice(a.wordGrams, b.wordGrams), dice(a.letterGrams, b.letterGrams))
}

/**
 * How alike two proposals' texts are, in [0, 1]: symmetric, 1 for texts equal after
 * normalisation (case, diacritics, Romanian cedillas, punctuation and spacing do not count),
 * 0 for texts without a letter or digit in common. Two empty texts count as equal.
 */
export function proposalSimilarity(a: string, b: string): number {
  return featureSimilarity(proposalFeatures(a), proposalFeatures(b))
}
