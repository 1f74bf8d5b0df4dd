/**
 * The preparation's calls to our HTTP API (docs/PROTOCOL.md, "Preparation"): the registration
 * list for staff, and templates. Errors come back as values with the server's code.
 */
import type { CreateCafeBody } from '$shared/protocol/http.js'
import type {
  CafeTemplate,
  ImportRegistrationsResponse,
  PatchRegistrationBody,
  RegistrationsResponse,
  TemplatesResponse,
  UnreadableRowsBody,
} from '$shared/protocol/prep.js'

export type PrepResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; code: string; unreadable?: Omit<UnreadableRowsBody, 'error'> }

async function call<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<PrepResult<T>> {
  const { token, ...rest } = init
  let res: Response
  try {
    res = await fetch(path, {
      ...rest,
      headers: {
        ...(rest.body !== undefined && typeof rest.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...rest.headers,
      },
    })
  } catch {
    return { ok: false, status: 0, code: 'network' }
  }
  const body = (await res.json().catch(() => undefined)) as unknown
  if (res.ok) return { ok: true, value: body as T }
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'internal'
  if (code === 'unreadable_rows') {
    const { problems, readable } = body as UnreadableRowsBody
    return { ok: false, status: res.status, code, unreadable: { problems, readable } }
  }
  return { ok: false, status: res.status, code }
}

const registrationsPath = (cafeId: string) => `/api/cafes/${encodeURIComponent(cafeId)}/registrations`

export const prepApi = {
  registrations: (cafeId: string, token: string) => call<RegistrationsResponse>(registrationsPath(cafeId), { token }),
  /** Sends the file's bytes as they are: the server reads the encoding and the separator. */
  importFile: (cafeId: string, token: string, file: Blob, skipUnreadable: boolean) =>
    call<ImportRegistrationsResponse>(`${registrationsPath(cafeId)}${skipUnreadable ? '?skipUnreadable=true' : ''}`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/csv' },
      body: file,
    }),
  patch: (cafeId: string, token: string, id: string, change: PatchRegistrationBody) =>
    call<RegistrationsResponse>(`${registrationsPath(cafeId)}/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      token,
      body: JSON.stringify(change),
    }),
  deleteUnclaimed: (cafeId: string, token: string) => call<RegistrationsResponse>(registrationsPath(cafeId), { method: 'DELETE', token }),
  saveTemplate: (cafeId: string, token: string, name: string) =>
    call<CafeTemplate>(`/api/cafes/${encodeURIComponent(cafeId)}/template`, { method: 'POST', token, body: JSON.stringify({ name }) }),
  templates: () => call<TemplatesResponse>('/api/templates'),
}

export type { CafeTemplate, CreateCafeBody }
