import { page } from '$app/state'
import { baseLocale, getLocale, isLocale, overwriteGetLocale, setLocale, type Locale } from '$lib/paraglide/runtime.js'
import { BOARD_LOCALE_KEY, localeScope, type LocaleScope } from './locale-scope.js'

// Paraglide's own resolution — the cookie, then the browser's languages, then English — taken
// before `getLocale` is replaced below (the import is a live binding and would then be ours).
const fromStrategies = getLocale
const rememberForPerson = setLocale

/**
 * The language of the page, chosen in the browser without a reload. Every message function asks
 * paraglide's `getLocale()`, which reads this rune once `startLocaleChoice` ran: a change
 * re-renders each string in place, so a half-typed name stays in the join form and the cloth's
 * connection stays open.
 */
class LocaleChoice {
  person = $state<Locale>(baseLocale)
  /** The board's own choice on this device; until one is made the board reads as the console does. */
  board = $state<Locale | undefined>()

  get scope(): LocaleScope {
    return localeScope(page.url.pathname)
  }

  get current(): Locale {
    return this.scope === 'board' ? (this.board ?? this.person) : this.person
  }
}

const choice = new LocaleChoice()
let started = false

/**
 * Takes over `getLocale()` in the browser. Call once, from the root layout, before anything
 * renders. Never on the server: there each request's locale comes from paraglideMiddleware.
 */
export function startLocaleChoice(): void {
  if (started) return
  started = true
  choice.person = fromStrategies()
  const stored = localStorage.getItem(BOARD_LOCALE_KEY)
  choice.board = isLocale(stored) ? stored : undefined
  overwriteGetLocale(() => choice.current)
}

/** Whose choice the picker on this page changes. */
export function currentScope(): LocaleScope {
  return choice.scope
}

/**
 * Applies a language at once and remembers it on this device: the person's in paraglide's
 * cookie (the server renders their next page in it), the board's in its own localStorage key.
 */
export function chooseLocale(locale: Locale): void {
  if (choice.scope === 'board') {
    choice.board = locale
    localStorage.setItem(BOARD_LOCALE_KEY, locale)
    return
  }
  choice.person = locale
  void rememberForPerson(locale, { reload: false })
}
