/**
 * Creating and joining are limited per server and per café, never per address: a whole hall of
 * 500 joins at once through one, while a script filling the store meets `429 too_many_requests`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, exampleCafe } from '../support/cafe.js'
import { CAFES_CREATED_BURST, JOINS_BURST_PER_CAFE } from '../../shared/protocol/limits.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

const join = (joinCode: string, name: string) =>
  fetch(`${server.url}/api/cafes/${joinCode}/participants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })

describe('rate limits on creating and joining', () => {
  it('a hall of 500 joins one café at once from one address; a flood beyond the burst gets 429, and another café is unaffected', async () => {
    const cafe = await createCafe(server.url, { tables: 50 })
    const other = await createCafe(server.url, { tables: 2 })
    const hall = await Promise.all(Array.from({ length: 500 }, (_, i) => join(cafe.joinCode, `Participant ${i}`).then((r) => r.status)))
    expect(hall.every((s) => s === 201)).toBe(true)
    // A script hammering the same café (attempts count, valid or not) empties what is left of the burst.
    const flood = await Promise.all(Array.from({ length: JOINS_BURST_PER_CAFE }, () => join(cafe.joinCode, '')))
    const refused = flood.filter((r) => r.status === 429)
    expect(refused.length).toBeGreaterThan(0)
    expect(flood.every((r) => r.status === 400 || r.status === 429)).toBe(true)
    expect(await refused[0]!.json()).toMatchObject({ error: { code: 'too_many_requests' } })
    // Another café, reached through the same address, is not affected at all.
    expect((await join(other.joinCode, 'Nino')).status).toBe(201)
  }, 60_000)

  it(`creating more than ${CAFES_CREATED_BURST} cafés at once is refused with 429 and creates nothing more`, async () => {
    const statuses = await Promise.all(
      Array.from({ length: CAFES_CREATED_BURST + 20 }, () =>
        fetch(`${server.url}/api/cafes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exampleCafe) }).then((r) => r.status),
      ),
    )
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - 2)
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true)
  }, 60_000)
})
