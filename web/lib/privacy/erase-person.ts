/**
 * Erasing a person from the facilitator's console: `DELETE /api/cafes/<cafeId>/people/<personId>`
 * with this device's facilitator token (never in a URL). The server answers once the name is
 * gone from the café, its documents, its harvest and the store; the café's new state follows
 * over the socket as after any command.
 */
import { loadSeat } from '$lib/session/seats.js'
import type { ErasePersonResponse } from '$shared/protocol/http.js'

export type ErasureOutcome = { ok: true; value: ErasePersonResponse } | { ok: false; code: string }

export async function erasePerson(cafeId: string, personId: string): Promise<ErasureOutcome> {
  const seat = loadSeat(cafeId, 'facilitator')
  if (!seat) return { ok: false, code: 'unauthorized' }
  let res: Response
  try {
    res = await fetch(`/api/cafes/${encodeURIComponent(cafeId)}/people/${encodeURIComponent(personId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${seat.token}` },
    })
  } catch {
    return { ok: false, code: 'network' }
  }
  const body = (await res.json().catch(() => undefined)) as unknown
  if (res.ok) return { ok: true, value: body as ErasePersonResponse }
  return { ok: false, code: (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'internal' }
}
