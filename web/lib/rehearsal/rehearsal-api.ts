/**
 * The rehearsal's calls to our HTTP API (docs/PROTOCOL.md, "Rehearsal"), with the facilitator's
 * token. Errors come back as values carrying the server's code.
 */
import type { ResetRehearsalResponse, StartRehearsalBody, StartRehearsalResponse } from '$shared/protocol/rehearsal.js'

export type RehearsalResult<T> = { ok: true; value: T } | { ok: false; code: string }

async function call<T>(cafeId: string, token: string, init: RequestInit): Promise<RehearsalResult<T>> {
  let res: Response
  try {
    res = await fetch(`/api/cafes/${encodeURIComponent(cafeId)}/rehearsal`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    })
  } catch {
    return { ok: false, code: 'network' }
  }
  const body = (await res.json().catch(() => undefined)) as unknown
  if (res.ok) return { ok: true, value: body as T }
  return { ok: false, code: (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'internal' }
}

export const rehearsalApi = {
  start: (cafeId: string, token: string, body: StartRehearsalBody) =>
    call<StartRehearsalResponse>(cafeId, token, { method: 'POST', body: JSON.stringify(body) }),
  reset: (cafeId: string, token: string) => call<ResetRehearsalResponse>(cafeId, token, { method: 'DELETE' }),
}
