/**
 * Finding people's names in what was written, to replace them (erasure, anonymous downloads).
 *
 * A name is matched as a whole: the full name, case-insensitively (Unicode case folding, so
 * "НИНА" is "Нина" and Georgian Mtavruli "ᲜᲘᲜᲝ" is "ნინო"), with any run of spaces between its
 * words, and only where it stands as whole words — no letter, digit or combining mark right
 * before or after it (`\p{L}`, not `\b`, which knows only ASCII letters and would find "Ana"
 * inside "Анна" or "ნინო" inside a longer Georgian word boundary it cannot see). So "Anna's"
 * and "(Anna)" are found; "Annabel" is not. Inflected forms ("Нины", "ნინოს") are other words
 * and are not found: what is written is replaced only where the name itself stands.
 *
 * All names are matched in one pass, longest first, so a replacement is never matched again
 * and "Anna Maria Schmidt" wins over "Anna Maria".
 */

/** A name and what takes its place. */
export interface NameReplacement {
  name: string
  replacement: string
}

/** One occurrence of a name in a text: UTF-16 offsets, as JavaScript strings count. */
export interface NameMatch {
  index: number
  length: number
  replacement: string
}

export interface NameMatcher {
  /** Every occurrence, in order, none overlapping. */
  matches(text: string): NameMatch[]
  /** The text with every occurrence replaced; the same string when there is none. */
  scrub(text: string): string
}

const WORD_CHAR = String.raw`[\p{L}\p{N}\p{M}]`

/** `text` with every character a regular expression gives a meaning to escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

/** The pattern of one spelling of a name: its words, any whitespace between them. */
const spellingPattern = (words: string[]): string => words.map(escapeRegExp).join(String.raw`\s+`)

/** A matcher for these names; names that are blank are ignored, a repeated name keeps its first replacement. */
export function nameMatcher(replacements: readonly NameReplacement[]): NameMatcher {
  const seen = new Set<string>()
  const alternatives: { pattern: string; size: number; replacement: string }[] = []
  for (const { name, replacement } of replacements) {
    const words = name.normalize('NFC').trim().split(/\s+/).filter((w) => w !== '')
    if (words.length === 0) continue
    const key = words.join(' ').toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    // Text typed on another system may hold the name decomposed (e + combining accent).
    const spellings = new Set([spellingPattern(words), spellingPattern(words.map((w) => w.normalize('NFD')))])
    for (const pattern of spellings) alternatives.push({ pattern, size: words.join(' ').length, replacement })
  }
  if (alternatives.length === 0) return { matches: () => [], scrub: (text) => text }
  alternatives.sort((a, b) => b.size - a.size)
  const source = `(?<!${WORD_CHAR})(?:${alternatives.map((a) => `(${a.pattern})`).join('|')})(?!${WORD_CHAR})`
  const pattern = new RegExp(source, 'giu')

  function matches(text: string): NameMatch[] {
    const found: NameMatch[] = []
    pattern.lastIndex = 0
    for (const match of text.matchAll(pattern)) {
      const which = match.slice(1).findIndex((group) => group !== undefined)
      found.push({ index: match.index, length: match[0].length, replacement: alternatives[which]!.replacement })
    }
    return found
  }

  return {
    matches,
    scrub(text) {
      const found = matches(text)
      if (found.length === 0) return text
      let out = ''
      let at = 0
      for (const m of found) {
        out += text.slice(at, m.index) + m.replacement
        at = m.index + m.length
      }
      return out + text.slice(at)
    },
  }
}
