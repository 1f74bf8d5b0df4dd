/**
 * What this device remembers about the cafés it joined or runs: the token, kept in
 * localStorage so that a closed lid or a dropped wifi brings the person back to the same seat
 * without typing anything. (localStorage works on plain http; nothing here needs a secure context.)
 */
import type { TokenRole } from '$shared/cafe/types.js'

export interface Seat {
  cafeId: string
  role: TokenRole
  token: string
  participantId?: string
  /** The name this person joined with, to greet them if they open the join page again. */
  name?: string
  /** The participant's personal code, shown on their page to continue on another device. */
  rejoinCode?: string
  /** Only the facilitator keeps this, to show the organiser link again. */
  organiserToken?: string
}

const key = (cafeId: string, role: TokenRole) => `tablecloth:${cafeId}:${role}`

export function saveSeat(seat: Seat): void {
  localStorage.setItem(key(seat.cafeId, seat.role), JSON.stringify(seat))
}

export function loadSeat(cafeId: string, role: TokenRole): Seat | undefined {
  try {
    const raw = localStorage.getItem(key(cafeId, role))
    if (!raw) return undefined
    const seat = JSON.parse(raw) as Seat
    return seat.cafeId === cafeId && typeof seat.token === 'string' ? seat : undefined
  } catch {
    return undefined
  }
}

/**
 * Links carry tokens in the fragment (`#token=…`), which browsers never send to the server, so
 * tokens stay out of every log. Reads it and removes it from the address bar.
 */
export function takeTokenFromFragment(): string | undefined {
  const match = location.hash.match(/token=([A-Za-z0-9_-]+)/)
  if (!match) return undefined
  history.replaceState(history.state, '', location.pathname + location.search)
  return match[1]
}
