/**
 * Which address the join QR code and link point at. Never a loopback address: a QR code of
 * `localhost` opens the reader's own phone. In order: the address the facilitator picked (if the
 * server still has it), the server's first reachable address (`TABLECLOTH_PUBLIC_URL` when set),
 * the address this page was opened on.
 */

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|\[::\])$/i

export function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname)
  } catch {
    return true
  }
}

/** The base URL (ending in '/') that people join on, or undefined if none can be reached from other laptops. */
export function chooseJoinBase(picked: string | undefined, choices: readonly string[], pageOrigin: string): string | undefined {
  const reachable = choices.filter((url) => !isLoopback(url))
  if (picked && reachable.includes(picked)) return picked
  if (reachable[0]) return reachable[0]
  if (!isLoopback(pageOrigin)) return pageOrigin.endsWith('/') ? pageOrigin : `${pageOrigin}/`
  return undefined
}

/** The join page of a café under that base. */
export const joinUrl = (base: string, joinCode: string): string => `${base}join/${joinCode}`
