/**
 * Which token opens a café's summary on this device: a link's `#token=` (the organisers' area
 * opens a café that way), else the facilitator's or an organiser's token kept from earlier. A
 * link's token is kept once the server says whose it is, so a reload finds it again.
 */
import type { MeResponse } from '$shared/protocol/http.js'
import { loadSeat, saveSeat, takeTokenFromFragment } from '$lib/session/seats.js'

export function staffToken(cafeId: string): { token: string | undefined; fromLink: boolean } {
  const fromLink = takeTokenFromFragment()
  if (fromLink) return { token: fromLink, fromLink: true }
  return { token: loadSeat(cafeId, 'facilitator')?.token ?? loadSeat(cafeId, 'organiser')?.token, fromLink: false }
}

/** Asks the server whose token it is; keeps a link's staff token on this device. */
export async function checkStaffToken(cafeId: string, token: string, fromLink: boolean): Promise<'staff' | 'refused' | 'offline'> {
  let res: Response
  try {
    res = await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } })
  } catch {
    return 'offline'
  }
  if (res.status === 401) return 'refused'
  if (!res.ok) return 'offline'
  const me = (await res.json()) as MeResponse
  if (me.cafeId !== cafeId || me.role === 'participant') return 'refused'
  if (fromLink) saveSeat({ ...loadSeat(cafeId, me.role), cafeId, role: me.role, token })
  return 'staff'
}
