/**
 * Which writing system a piece of text is in, for the downloads: Word and LibreOffice pick a
 * font per run, and "Noto Sans" has no Georgian letters, so Georgian must be set in runs of its
 * own in "Noto Sans Georgian" (otherwise each program substitutes a font of its own choosing).
 * The same reading gives the HTML page its `lang` attributes.
 */

/** The font for Latin and Cyrillic text in every download. */
export const LATIN_FONT = 'Noto Sans'
/** The font for Georgian text in every download. */
export const GEORGIAN_FONT = 'Noto Sans Georgian'

/** Georgian letters (Asomtavruli and Mkhedruli, Mtavruli, Nuskhuri) and the lari sign. */
const isGeorgian = (c: number): boolean =>
  (c >= 0x10a0 && c <= 0x10ff) || (c >= 0x1c90 && c <= 0x1cbf) || (c >= 0x2d00 && c <= 0x2d2f) || c === 0x20be
/**
 * Characters the Georgian font has besides its letters (space, no-break space, hyphens): they
 * may stay inside a Georgian run, so a Georgian sentence is one run rather than one per word.
 */
const isGeorgianFontExtra = (c: number): boolean => c === 0x20 || c === 0xa0 || c === 0x2d || c === 0x2010

/** A stretch of text set in one font. */
export interface ScriptRun {
  text: string
  georgian: boolean
}

/**
 * Splits `text` into runs of Georgian and of everything else, in order; concatenated, the runs
 * give back `text`. Spaces and hyphens between Georgian words stay in the Georgian run; any other
 * character (digits, punctuation, Latin, Cyrillic) goes to a "Noto Sans" run.
 */
export function scriptRuns(text: string): ScriptRun[] {
  if (!hasGeorgian(text) && !text.includes('\u20be')) return text === '' ? [] : [{ text, georgian: false }]
  const runs: ScriptRun[] = []
  let start = 0
  let georgian = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const here: boolean = isGeorgian(c) || (georgian && isGeorgianFontExtra(c) && nextLetterIsGeorgian(text, i))
    if (i > start && here !== georgian) {
      runs.push({ text: text.slice(start, i), georgian })
      start = i
    }
    georgian = here
  }
  if (text.length > start) runs.push({ text: text.slice(start), georgian })
  return runs
}

/** Whether the next character after `i` that is not a space or hyphen is Georgian. */
function nextLetterIsGeorgian(text: string, i: number): boolean {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j)
    if (!isGeorgianFontExtra(c)) return isGeorgian(c)
  }
  return false
}

/** Whether `text` holds any Georgian letter. */
export const hasGeorgian = (text: string): boolean => /[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]/.test(text)

const CYRILLIC = /[\u0400-\u04ff]/g
const UKRAINIAN = /[іїєґІЇЄҐ]/
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f\u0259\u018f]/g
const AZERBAIJANI = /[əƏ]/
const ROMANIAN = /[șțşţăĂȘȚŞŢ]/

/**
 * A best guess at the language of a table's text, for `lang` attributes: Georgian by its script,
 * Ukrainian and Russian by letters only Ukrainian has, Azerbaijani and Romanian by theirs.
 * Undefined when the text gives no sign (plain Latin could be English, German or a
 * keyboard without the letters), so that nothing is claimed that a screen reader would misread.
 */
export function guessLanguage(text: string): 'ka' | 'uk' | 'ru' | 'az' | 'ro' | undefined {
  const georgian = (text.match(/[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]/g) ?? []).length
  const cyrillic = (text.match(CYRILLIC) ?? []).length
  const latin = (text.match(LATIN_LETTER) ?? []).length
  if (georgian === 0 && cyrillic === 0 && latin === 0) return undefined
  if (georgian >= cyrillic && georgian >= latin) return 'ka'
  if (cyrillic >= latin) return UKRAINIAN.test(text) ? 'uk' : 'ru'
  if (AZERBAIJANI.test(text)) return 'az'
  if (ROMANIAN.test(text)) return 'ro'
  return undefined
}
