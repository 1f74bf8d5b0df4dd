/**
 * Proposal text brought to one comparable form before the harvest looks for duplicates. The
 * café writes in Georgian (Mkhedruli), Russian, Ukrainian, Azerbaijani, Romanian, English and
 * German, on whatever keyboard a laptop happens to have: the same proposal arrives with and
 * without its diacritics, with Romanian cedillas or commas, with a Latin "i" typed into a
 * Ukrainian word. Normalising folds those differences away and nothing else.
 *
 * Steps, in order (each one's reason is beside it in the code):
 *   1. apostrophes dropped (a word stays one word)     5. a few letters folded (ə→e, ı→i, ґ→г, ß→ss…)
 *   2. Unicode NFKC                                     6. Latin look-alikes in a Cyrillic word → Cyrillic
 *   3. lower case, locale-free                          7. everything but letters and digits → space
 *   4. diacritics stripped from Latin/Cyrillic/Greek    8. spaces collapsed, ends trimmed
 * Georgian passes through unchanged apart from punctuation and spacing: Mkhedruli has no case
 * and no combining marks, and its letters are already distinct from every other script's.
 */

/**
 * Apostrophe-likes, removed rather than turned into spaces: the Ukrainian "об'єднання"
 * (association) is one word, often typed without the apostrophe or with any of these.
 * Done before NFKC, which turns the acute accent U+00B4 into a space and a combining mark, and
 * again after it, which turns "ŉ" into "ʼn".
 */
const APOSTROPHES = /['\u2019\u2018\u02BC\u02BB\u0060\u00B4\u2032]/gu

/**
 * Combining marks on a Latin, Cyrillic or Greek letter, after canonical decomposition. Only
 * these scripts: for them a bare letter is how people type a word when the keyboard lacks the
 * accented one (Romanian "dupa" for "după", Azerbaijani "ucun" for "üçün"). Romanian ș (comma
 * below) and ş (cedilla) both lose their mark here, which also unifies the two spellings that
 * old Romanian keyboards still produce. Marks in other scripts are part of the letter and stay.
 */
const MARKS_ON_LETTER = /([\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}])\p{M}+/gu

/**
 * Letters that are "a letter with something" without being decomposable, folded to what people
 * type when the key is missing. Dotless ı becomes i, as do I, İ and i (see {@link caseFold}).
 */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ə: 'e', // Azerbaijani schwa, typed "e" on a Turkish or English keyboard
  ǝ: 'e', // turned e, a frequent mistyped schwa
  ı: 'i', // Azerbaijani/Turkish dotless i
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  æ: 'ae',
  œ: 'oe',
  ґ: 'г', // Ukrainian ґ is often typed as г, the letter it was split from
}
const FOLDABLE = new RegExp(`[${Object.keys(FOLDED_LETTERS).join('')}]`, 'gu')

/** Latin letters that look exactly like Cyrillic ones, mapped to them. */
const CYRILLIC_TWIN: Readonly<Record<string, string>> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
}
const WORD = /[\p{L}\p{M}\p{N}]+/gu
const CYRILLIC = /\p{Script=Cyrillic}/u
const LATIN = /\p{Script=Latin}/gu

/**
 * Lower case without a locale. `toLocaleLowerCase('az')` would turn I into ı while the English
 * rule turns it into i, and İ becomes "i" plus a combining dot: which one a laptop applies
 * depends on its settings. Here I, İ, ı and i all end as plain i (the dot is stripped as a mark,
 * ı is folded), so "İŞ", "iş", "IS" and "is" compare equal on every machine. Georgian Mtavruli
 * capitals become the Mkhedruli letters people normally write.
 */
function caseFold(text: string): string {
  return text.toLowerCase()
}

/**
 * Within a word that has Cyrillic letters, Latin look-alikes are taken as Cyrillic: a Ukrainian
 * typing on a Russian layout writes "лiнiя" with a Latin i. A word mixing Cyrillic with any other
 * Latin letter (a name, a code) is left as it is.
 */
function cyrillicLookAlikes(word: string): string {
  if (!CYRILLIC.test(word)) return word
  const latin = word.match(LATIN)
  if (!latin || !latin.every((letter) => letter in CYRILLIC_TWIN)) return word
  return word.replace(LATIN, (letter) => CYRILLIC_TWIN[letter] ?? letter)
}

/**
 * The comparable form of a proposal's text: lower case, no diacritics on Latin, Cyrillic or
 * Greek letters, Romanian cedilla and comma letters unified, no punctuation, single spaces.
 * Georgian letters are kept as they are. Idempotent: normalising twice changes nothing more.
 */
export function normaliseProposal(text: string): string {
  const folded = caseFold(text.replace(APOSTROPHES, '').normalize('NFKC').replace(APOSTROPHES, ''))
    .normalize('NFD')
    .replace(MARKS_ON_LETTER, '$1')
    .normalize('NFC')
    .replace(FOLDABLE, (letter) => FOLDED_LETTERS[letter] ?? letter)
  const words = folded.match(WORD) ?? []
  return words.map(cyrillicLookAlikes).join(' ')
}

/** The words of a proposal's normalised text (none for an empty or punctuation-only text). */
export function proposalWords(text: string): string[] {
  const normalised = normaliseProposal(text)
  return normalised === '' ? [] : normalised.split(' ')
}
