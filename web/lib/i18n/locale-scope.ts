/**
 * Whose language a page is in. One laptop is often both the facilitator's console and, in a
 * second window on the projector, the board: the facilitator may read German while the hall reads
 * Georgian. So the board keeps a choice of its own on this device; every other page (join, table,
 * console, summary, organisers) follows the person's choice, kept in paraglide's cookie.
 */
export type LocaleScope = 'person' | 'board'

/** Where the board's own choice is kept (this device's localStorage; the board is not server-rendered). */
export const BOARD_LOCALE_KEY = 'tablecloth:board-locale'

export function localeScope(pathname: string): LocaleScope {
  return /^\/board(\/|$)/.test(pathname) ? 'board' : 'person'
}
