/** Small factories for cafés and people, over the real HTTP API. */
import type { CreateCafeBody, CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'

export const exampleCafe: CreateCafeBody = {
  topic: 'Sustainable functioning of resource centres',
  questions: [
    'What has the resource centre achieved that homeowners would miss if it closed?',
    'Which services could pay for themselves, and who else could fund the rest?',
    'What must change in law or in partnerships for the centres to last?',
  ],
  tables: 8,
  roundMinutes: 20,
}

export async function createCafe(baseUrl: string, overrides: Partial<CreateCafeBody> = {}): Promise<CreateCafeResponse> {
  const res = await fetch(`${baseUrl}/api/cafes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...exampleCafe, ...overrides }),
  })
  if (res.status !== 201) throw new Error(`creating a café failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as CreateCafeResponse
}

export async function joinCafe(baseUrl: string, joinCode: string, name: string, extra: Record<string, string> = {}): Promise<JoinResponse> {
  const res = await fetch(`${baseUrl}/api/cafes/${joinCode}/participants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, ...extra }),
  })
  if (res.status !== 201) throw new Error(`joining failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as JoinResponse
}
