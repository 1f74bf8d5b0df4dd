/**
 * `/metrics` for the operator (Prometheus text format) and request ids in the logs: the figures
 * move with what happens in the hall, and a stranger on the LAN cannot read them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'
import { connectCafe } from '../support/cafe-socket.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'debug' } })
})
afterAll(() => server.stop())

/** One sample's value from the text format, summed over its labels. */
function sample(text: string, name: string): number {
  let sum = 0
  let found = false
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/)
    if (m && m[1] === name) {
      sum += Number(m[3])
      found = true
    }
  }
  if (!found) throw new Error(`no sample ${name} in:\n${text.slice(0, 500)}`)
  return sum
}

const metrics = () => fetch(`${server.url}/metrics`).then((r) => r.text())

describe('/metrics', () => {
  it('counts connections, loaded documents, stored updates and the store’s time', async () => {
    const before = await metrics()
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const screen = await connectCafe(server.url, cafe.cafeId, nino.token)
    const cloth = connectYjs(server.url, nino.document, nino.token)
    await cloth.synced
    for (let i = 0; i < 5; i++) cloth.text.insert(0, `edit ${i} `)
    await expect
      .poll(async () => sample(await metrics(), 'tablecloth_yjs_updates_stored_total') - sample(before, 'tablecloth_yjs_updates_stored_total'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5)
    const during = await metrics()
    expect(sample(during, 'tablecloth_socket_connections')).toBeGreaterThanOrEqual(1)
    expect(sample(during, 'tablecloth_yjs_connections')).toBeGreaterThanOrEqual(1)
    expect(sample(during, 'tablecloth_documents_loaded')).toBeGreaterThanOrEqual(1)
    expect(sample(during, 'tablecloth_store_seconds_count')).toBeGreaterThan(sample(before, 'tablecloth_store_seconds_count'))
    expect(sample(during, 'tablecloth_process_resident_memory_bytes')).toBeGreaterThan(0)
    cloth.destroy()
    screen.close()
    await expect.poll(async () => sample(await metrics(), 'tablecloth_yjs_connections'), { timeout: 10_000 }).toBe(0)
  })

  it('refuses a request a proxy on this machine forwards for someone elsewhere', async () => {
    // nginx on the same machine connects from 127.0.0.1 for everyone; X-Forwarded-For says for whom.
    const forwarded = (chain: string) => fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': chain } })
    expect((await forwarded('203.0.113.7')).status).toBe(401)
    // A client that claims to be local, as nginx appends the address it really came from.
    expect((await forwarded('127.0.0.1, 203.0.113.7')).status).toBe(401)
    expect((await forwarded('127.0.0.1')).status).toBe(200)
  })

  it('gives every request an id, echoed and logged, and keeps tokens out of the log', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${cafe.facilitatorToken}`, 'x-request-id': 'hall-42' } })
    expect(res.headers.get('x-request-id')).toBe('hall-42')
    const fresh = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'not an id; drop table' } })
    const id = fresh.headers.get('x-request-id')
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,}$/)
    await fetch(`${server.url}/join/${cafe.joinCode}?code=ABCD-EFGH#token=${cafe.facilitatorToken}`)
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('"reqId":"hall-42"')
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain(`"reqId":"${id}"`)
    // Connections carry an id of their own on their log lines too.
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const screen = await connectCafe(server.url, cafe.cafeId, nino.token)
    const cloth = connectYjs(server.url, nino.document, nino.token)
    await cloth.synced
    await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/"conn":"[^"]+".*"café socket connected"/)
    await expect.poll(() => server.output(), { timeout: 10_000 }).toMatch(/"conn":"[^"]+".*"document connection opened"/)
    cloth.destroy()
    screen.close()
    expect(server.output()).not.toContain(nino.token)
    expect(server.output()).not.toContain(cafe.facilitatorToken)
    expect(server.output()).not.toContain(cafe.organiserToken)
    expect(server.output()).not.toContain('ABCD-EFGH')
  })
})
