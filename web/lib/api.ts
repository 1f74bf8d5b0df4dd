/**
 * The web app's calls to our HTTP API. Errors come back as values carrying the server's code,
 * so a screen can say what went wrong in the person's language.
 */
import type {
  AddressesResponse,
  CafeLobbyInfo,
  CreateCafeBody,
  CreateCafeResponse,
  FacilitatorLinkResponse,
  JoinBody,
  JoinResponse,
} from '$shared/protocol/http.js'

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; code: string }

async function call<T>(path: string, init?: RequestInit): Promise<ApiResult<T>> {
  let res: Response
  try {
    res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } })
  } catch {
    return { ok: false, status: 0, code: 'network' }
  }
  const body = (await res.json().catch(() => undefined)) as unknown
  if (res.ok) return { ok: true, value: body as T }
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'internal'
  return { ok: false, status: res.status, code }
}

export const api = {
  addresses: () => call<AddressesResponse>('/api/addresses'),
  /** A facilitator's token: one more facilitator link. The organiser's: a new one that replaces all others. */
  facilitatorLink: (cafeId: string, token: string) =>
    call<FacilitatorLinkResponse>(`/api/cafes/${encodeURIComponent(cafeId)}/facilitator-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }),
  createCafe: (body: CreateCafeBody) =>
    call<CreateCafeResponse>('/api/cafes', { method: 'POST', body: JSON.stringify(body) }),
  lobbyInfo: (joinCode: string) => call<CafeLobbyInfo>(`/api/cafes/${encodeURIComponent(joinCode)}`),
  rejoin: (joinCode: string, code: string) =>
    call<JoinResponse>(`/api/cafes/${encodeURIComponent(joinCode)}/rejoin`, { method: 'POST', body: JSON.stringify({ code }) }),
  join: (joinCode: string, body: JoinBody) =>
    call<JoinResponse>(`/api/cafes/${encodeURIComponent(joinCode)}/participants`, {
      method: 'POST',
      body: JSON.stringify(body),
    }),
}
