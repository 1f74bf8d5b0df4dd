/**
 * The organisers' calls to the HTTP API, each with the server's organiser key as the bearer
 * token (docs/PROTOCOL.md, "Organisers"). Errors come back as values with the server's code.
 */
import type { CreateCafeResponse, DeletionResponse, OrganiserCafesResponse, OrganiserLinkResponse } from '$shared/protocol/http.js'

export type OrganiserResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string }

async function call<T>(key: string, path: string, init: RequestInit = {}): Promise<OrganiserResult<T>> {
  let res: Response
  try {
    res = await fetch(path, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } })
  } catch {
    return { ok: false, status: 0, code: 'network' }
  }
  const body = res.status === 204 ? undefined : ((await res.json().catch(() => undefined)) as unknown)
  if (res.ok) return { ok: true, value: body as T }
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'internal'
  return { ok: false, status: res.status, code }
}

const cafePath = (cafeId: string) => `/api/cafes/${encodeURIComponent(cafeId)}`

export const organiserApi = {
  /** Every café on the server, newest first. */
  cafes: (key: string) => call<OrganiserCafesResponse>(key, '/api/organiser/cafes'),
  /** A new organiser token of one café, to open its own pages. */
  organiserLink: (key: string, cafeId: string) =>
    call<OrganiserLinkResponse>(key, `${cafePath(cafeId)}/organiser-links`, { method: 'POST' }),
  /** When the café is deleted for good (ms since 1970), or null for never. */
  setDeletion: (key: string, cafeId: string, deleteAt: number | null) =>
    call<DeletionResponse>(key, `${cafePath(cafeId)}/deletion`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deleteAt }),
    }),
  /** Deletes the café and everything of it, for good. */
  deleteCafe: (key: string, cafeId: string) => call<undefined>(key, cafePath(cafeId), { method: 'DELETE' }),
  /** Restores a café from its JSON archive (the file's text, sent as it is). */
  importArchive: (key: string, archive: string) =>
    call<CreateCafeResponse>(key, '/api/cafes/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: archive,
    }),
}
