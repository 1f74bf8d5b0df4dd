/**
 * Which address the printed QR codes point at. Paper cannot be reprinted once it is on the
 * tables, so it must name an address the laptops and phones in the room reach: never a loopback
 * one (a QR code of `localhost` opens the reader's own phone) while any other is known.
 */

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|\[::\])$/i

/** True for an address only this machine can open (or for anything that is not an http(s) URL). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return !/^https?:$/.test(parsed.protocol) || LOOPBACK.test(parsed.hostname)
  } catch {
    return true
  }
}

/** A base URL (origin and path, ending in '/'), or undefined if it is not an http(s) URL. */
function baseOf(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const parsed = new URL(url)
    if (!/^https?:$/.test(parsed.protocol)) return undefined
    const path = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`
    return `${parsed.origin}${path}`
  } catch {
    return undefined
  }
}

export interface PaperBaseInput {
  /** The address the facilitator picked for the join link (the console's picker), if any. */
  picked?: string
  /** What the server reports as reachable (`GET /api/addresses`), best first. */
  reachable: readonly string[]
  /** The address the print page itself was opened on. */
  requestOrigin?: string
}

/**
 * In order: the facilitator's pick, if it is one of the server's reachable addresses or the one
 * the page was opened on; the server's first reachable non-loopback address
 * (`TABLECLOTH_PUBLIC_URL` when set); the page's own address if not loopback; and only when
 * nothing else is known, a loopback address.
 */
export function paperBase({ picked, reachable, requestOrigin }: PaperBaseInput): string {
  const known = reachable.map(baseOf).filter((u): u is string => u !== undefined)
  const page = baseOf(requestOrigin)
  const pick = baseOf(picked)
  if (pick && !isLoopbackUrl(pick) && (known.includes(pick) || pick === page)) return pick
  const lan = known.find((u) => !isLoopbackUrl(u))
  if (lan) return lan
  if (page && !isLoopbackUrl(page)) return page
  return known[0] ?? page ?? 'http://localhost/'
}
