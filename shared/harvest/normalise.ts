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

/**
 * Function words of the café's languages: articles, pronouns, prepositions and postpositions,
 * conjunctions, auxiliaries and the modal verbs every proposal carries ("should", "должна",
 * "უნდა"). They say how a proposal is phrased, not what it proposes, and two tables phrase the
 * same idea differently: left in, "for the" and "pentru a" made unrelated proposals look alike.
 * Written as people type them; they are normalised like proposals below. One list for all
 * languages, since proposals are not labelled with theirs: where a word is a function word in
 * one language and a content word in another (none known yet), the content word loses.
 * Negations (not, не, არ, nu, yox…) are deliberately absent: they change what is proposed.
 */
const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  en:
    'a an the this that these those it its they them their we our you your he she his her i me my ' +
    'of for to in on at by with from into onto about over under between through during after before ' +
    'and or but so as if than then when while until also too very each every all any some such ' +
    'is are was were be been being am do does did has have had ' +
    'can could should would must will shall may might',
  ru:
    'и а но или да же ли бы то это этот эта эти этого этой тот та те того ' +
    'в во на с со к ко о об обо от из до за у по при для про через над под перед после между ' +
    'что чтобы как когда если также тоже ещё еще уже все всё весь вся всех каждый каждая каждое ' +
    'он она оно они его её ее их мы наш наша наши вы ваш ' +
    'был была было были быть будет будут есть является ' +
    'должен должна должно должны нужно надо можно может могут следует',
  uk:
    'і й та а але або чи ж же б би це цей ця ці цього цієї той та те того ' +
    'в у на з із зі к до від по при для про через над під перед після між ' +
    'що щоб як коли якщо також теж ще вже все всі весь вся кожен кожна кожне ' +
    'він вона воно вони його її їх ми наш наша наші ви ваш ' +
    'був була було були бути буде будуть є ' +
    'має мають повинен повинна повинно повинні треба потрібно можна може можуть',
  ka:
    'და ან მაგრამ თუ რომ კი ეს ის ეგ ისინი ესენი მისი მათი ჩვენი თქვენი ' +
    'არის იყოს იქნება უნდა შეიძლება ასევე ყველა ყოველი ' +
    'შესახებ შემდეგ მიერ მიმართ შორის გარდა მერე',
  az:
    'və ilə amma lakin ya yaxud da də ki bu o bunlar onlar onun onların bizim sizin hər bütün ' +
    'üçün görə üzrə kimi qədər sonra əvvəl arasında haqqında ' +
    'isə olan olaraq olsun olmalıdır edilməlidir lazımdır gərək həm daha ən',
  ro:
    'a al ale o un una unei unui unor și si sau ori dar iar ca că ce care cel cea cei cele ' +
    'de la în pe cu din prin pentru spre fără între după înainte despre privind către lângă sub ' +
    'să se își lui lor ei el ea noi voi acest această acești aceste fiecare toate toți ' +
    'este sunt fi fie va vor trebuie poate pot mai',
  de:
    'der die das den dem des ein eine einen einem einer und oder aber als wenn dass ' +
    'für mit von zu zum zur im in am an auf aus bei nach über unter vor durch ' +
    'ist sind sein wird werden soll sollte sollen muss müssen kann können auch jede jeder jedes alle',
}

const FUNCTION_WORD_SET: ReadonlySet<string> = new Set(
  Object.values(FUNCTION_WORDS).flatMap((list) => list.split(' ').filter((w) => w !== '').flatMap(proposalWords)),
)

/**
 * Georgian attaches "also, even" to a word as -ც / -აც ("შემდეგაც", "after too"): a function
 * word with it is still a function word.
 */
const GEORGIAN_ALSO = /(?:ა)?ც$/u

/** Whether a normalised word is a function word of one of the café's languages. */
export function isFunctionWord(word: string): boolean {
  if (FUNCTION_WORD_SET.has(word)) return true
  const bare = word.replace(GEORGIAN_ALSO, '')
  return bare !== word && FUNCTION_WORD_SET.has(bare)
}

/**
 * The words that say what a proposal is about: its normalised words without function words.
 * A text of function words only ("to be or not") keeps them all, so it is still comparable.
 */
export function contentWords(text: string): string[] {
  const words = proposalWords(text)
  const content = words.filter((word) => !isFunctionWord(word))
  return content.length > 0 ? content : words
}
