import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, exampleCafe, joinCafe } from '../support/cafe.js'
import { JOIN_CODE_ALPHABET } from '../../shared/join-code.js'

let server: RunningServer
beforeAll(async () => {
  // Debug level, so the test on tokens in the log sees every line the server can write.
  server = await startServer({ env: { LOG_LEVEL: 'debug' } })
})
afterAll(() => server.stop())

const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers, body })

describe('the public HTTP contract', () => {
  it('answers a health check with its version', async () => {
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { node: string }
    expect(body).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/), node: expect.stringMatching(/^[A-Za-z0-9_.-]+-\d+$/) })
    // One process alone: named `<hostname>-<pid>` on every answer, and no stickiness cookie.
    expect(res.headers.get('x-tablecloth-node')).toBe(body.node)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('creates a café with a readable join code and two unguessable tokens', async () => {
    const cafe = await createCafe(server.url)
    expect(cafe.joinCode).toHaveLength(6)
    for (const c of cafe.joinCode) expect(JOIN_CODE_ALPHABET).toContain(c)
    expect(cafe.facilitatorToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(cafe.organiserToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(cafe.facilitatorToken).not.toBe(cafe.organiserToken)
  })

  it('lets a participant join by code (typed in lower case) and seats them at a table', async () => {
    const cafe = await createCafe(server.url)
    const joined = await joinCafe(server.url, cafe.joinCode.toLowerCase(), 'Nino')
    expect(joined.cafeId).toBe(cafe.cafeId)
    expect(joined.table).toBeGreaterThanOrEqual(0)
    expect(joined.table).toBeLessThan(exampleCafe.tables)
    expect(joined.document).toBe(`${cafe.cafeId}/table/${joined.table + 1}`)
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${joined.token}` } })
    expect(await me.json()).toEqual({ cafeId: cafe.cafeId, role: 'participant', participantId: joined.participantId })
  })

  it('shows the join screen the topic and nothing private', async () => {
    const cafe = await createCafe(server.url)
    const res = await fetch(`${server.url}/api/cafes/${cafe.joinCode}`)
    const body = (await res.json()) as Record<string, unknown>
    // `registrations`: names nobody claimed yet from the café's registration list (none here).
    expect(body).toEqual({ cafeId: cafe.cafeId, topic: exampleCafe.topic, ask: { country: false, organisation: false, language: false }, registrations: [] })
  })

  it.each([
    ['malformed JSON', '/api/cafes', '{"topic": ', 400, 'bad_request'],
    ['missing fields', '/api/cafes', '{"topic":"x"}', 400, 'bad_request'],
    ['wrong types', '/api/cafes', JSON.stringify({ ...exampleCafe, tables: 'eight' }), 400, 'bad_request'],
    ['too many tables', '/api/cafes', JSON.stringify({ ...exampleCafe, tables: 100_000 }), 400, 'bad_request'],
    ['a JSON array', '/api/cafes', '[]', 400, 'bad_request'],
    ['an unknown café', '/api/cafes/ACDEFG/participants', '{"name":"Giorgi"}', 404, 'unknown_cafe'],
    ['a code with look-alikes', '/api/cafes/O0I1LS/participants', '{"name":"Giorgi"}', 404, 'unknown_cafe'],
    ['an oversized body', '/api/cafes', JSON.stringify({ ...exampleCafe, topic: 'x'.repeat(100_000) }), 413, 'body_too_large'],
  ])('answers %s with a 4xx JSON error', async (_what, path, body, status, code) => {
    const res = await post(path, body)
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const json = (await res.json()) as { error: { code: string; message: string } }
    expect(json.error.code).toBe(code)
    expect(json.error.message).toEqual(expect.any(String))
  })

  it('refuses a participant with an empty name at a real café, with the field named', async () => {
    const cafe = await createCafe(server.url)
    const res = await post(`/api/cafes/${cafe.joinCode}/participants`, '{"name":"   "}')
    expect(res.status).toBe(400)
    const json = (await res.json()) as { error: { issues: { path: string }[] } }
    expect(json.error.issues.map((i) => i.path)).toContain('name')
  })

  it('answers an unknown API route and a missing token with JSON errors', async () => {
    const missing = await fetch(`${server.url}/api/nothing-here`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: 'Bearer not-a-token' } })
    expect(me.status).toBe(401)
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
  })

  it('keeps working after all that bad input', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('never writes a token to its log', async () => {
    const cafe = await createCafe(server.url)
    await fetch(`${server.url}/api/me?token=${cafe.facilitatorToken}`)
    // Wait until that request's own log line has arrived, so the check below has something to see.
    await expect.poll(() => server.output()).toContain('/api/me?token=[redacted]')
    expect(server.output()).not.toContain(cafe.facilitatorToken)
    expect(server.output()).not.toContain(cafe.organiserToken)
  })
})
