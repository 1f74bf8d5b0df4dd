/**
 * The paper route on a real server, before the café starts: the registration list is imported, two
 * names are pre-assigned (a host and a round-1 seat), one person picks their name, one walks in,
 * one is removed. The round-1 plan shows who is expected where, every slip carries the code the
 * registration list holds for that person, the removed person is nowhere, and the QR codes name
 * the public address. Only the café's staff (or the organiser key) may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import type { PaperPack } from '../../shared/paper/paper-pack.js'
import type { Registration } from '../../shared/prep/registration.js'

const KEY = 'paper-organiser-key-0123456789'
const PUBLIC = 'http://192.168.1.23:3000/'
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY, TABLECLOTH_PUBLIC_URL: PUBLIC } })
})
afterAll(() => server.stop())

const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
const send = (method: string, path: string, token: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })

describe('the paper for a café that has not started', () => {
  it('shows pre-assigned hosts and seats on the round-1 plan, a slip with its own code for everyone, and nobody removed', async () => {
    const cafe = await createCafe(server.url, { tables: 3, tableNames: ['Tbilisi', 'Kutaisi', 'Gori'] })
    const csv = 'name,country\nNino Beridze,Georgia\nОлена Коваль,Ukraine\nGiorgi Kapanadze,Georgia\nAysel Məmmədova,Azerbaijan\n'
    expect((await send('POST', `/api/cafes/${cafe.cafeId}/registrations`, cafe.facilitatorToken, { csv })).status).toBe(201)
    expect((await send('PATCH', `/api/cafes/${cafe.cafeId}/registrations/r-1`, cafe.facilitatorToken, { hostOf: 0 })).status).toBe(200)
    expect((await send('PATCH', `/api/cafes/${cafe.cafeId}/registrations/r-2`, cafe.facilitatorToken, { table: 2 })).status).toBe(200)
    const giorgi = await send('POST', `/api/cafes/${cafe.joinCode}/participants`, cafe.facilitatorToken, { registrationId: 'r-3' })
    expect(giorgi.status).toBe(201)
    const ion = await joinCafe(server.url, cafe.joinCode, 'Ion Popescu')
    const tamara = await joinCafe(server.url, cafe.joinCode, 'Tamara Gogua')
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    expect(await facilitator.command({ type: 'remove', personId: tamara.participantId })).toMatchObject({ ok: true })
    facilitator.close()

    const res = await get(`/api/cafes/${cafe.cafeId}/paper`, cafe.facilitatorToken)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const pack = (await res.json()) as PaperPack
    const { registrations } = (await (await get(`/api/cafes/${cafe.cafeId}/registrations`, cafe.facilitatorToken)).json()) as { registrations: Registration[] }

    expect(pack.joinUrl).toBe(`${PUBLIC}join/${cafe.joinCode}`)
    expect(pack.rounds.map((r) => [r.round, r.source])).toEqual([[1, 'lobby']])
    const where = (name: string) => pack.rounds[0]!.tables.flatMap((t) => t.people.filter((p) => p.name === name).map((p) => ({ table: t.table, ...p })))
    expect(where('Nino Beridze')).toMatchObject([{ table: 0, host: true, expected: true }])
    expect(where('Олена Коваль')).toMatchObject([{ table: 2, host: false, expected: true }])
    expect(where('Aysel Məmmədova')).toEqual([])
    expect(where('Giorgi Kapanadze')).toMatchObject([{ expected: false }])
    expect(where('Ion Popescu')).toMatchObject([{ table: ion.table, expected: false }])
    expect(where('Tamara Gogua')).toEqual([])

    // Every slip's code is the one the registration list holds for that name; Tamara has none.
    expect(pack.slips.map((s) => s.name).sort()).toEqual(['Aysel Məmmədova', 'Giorgi Kapanadze', 'Ion Popescu', 'Nino Beridze', 'Олена Коваль'].sort())
    for (const slip of pack.slips) {
      const entry = registrations.find((r) => r.name === slip.name)!
      expect(slip.code).toBe(entry.code)
      expect(slip.url).toBe(`${PUBLIC}join/${cafe.joinCode}?code=${entry.code}`)
    }
    expect(pack.slips.find((s) => s.name === 'Ion Popescu')!.code).toBe(ion.rejoinCode)
    expect(pack.slips.find((s) => s.name === 'Nino Beridze')).toMatchObject({ table: 0, tableName: 'Tbilisi', host: true })
    expect(JSON.stringify(pack)).not.toContain('Tamara')
    expect(pack.cards.map((c) => c.url)).toEqual([1, 2, 3].map((n) => `${PUBLIC}join/${cafe.joinCode}?table=${n}`))
  })

  it('only the café’s staff and the organiser key may read it; a pick the server does not know is not used', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const person = await joinCafe(server.url, cafe.joinCode, 'Vusal')
    const other = await createCafe(server.url, { tables: 2 })
    expect((await get(`/api/cafes/${cafe.cafeId}/paper`)).status).toBe(401)
    expect((await get(`/api/cafes/${cafe.cafeId}/paper`, person.token)).status).toBe(403)
    expect((await get(`/api/cafes/${cafe.cafeId}/paper`, other.facilitatorToken)).status).toBe(403)
    expect((await get(`/api/cafes/${cafe.cafeId}/paper`, cafe.organiserToken)).status).toBe(200)
    expect((await get('/api/cafes/nope/paper', KEY)).status).toBe(404)
    const byKey = (await (await get(`/api/cafes/${cafe.cafeId}/paper?base=${encodeURIComponent('http://evil.example/')}`, KEY)).json()) as PaperPack
    expect(byKey.base).toBe(PUBLIC)
    expect((await get(`/api/cafes/${cafe.cafeId}/paper?base=a&base=b`, KEY)).status).toBe(400)
  })
})
