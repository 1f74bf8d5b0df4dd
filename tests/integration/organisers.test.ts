/**
 * The organisers' area on the server: the server-wide organiser key lists every café, makes a
 * café's own organiser link, and deletes a café — for good, across a restart, while the others
 * stay. And the key itself: printed once at the first start, or set by the operator.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, socketOutcome } from '../support/cafe-socket.js'
import { connectYjs, tryUpgrade } from '../support/yjs-client.js'
import type { CreateCafeResponse, JoinResponse, OrganiserCafesResponse, OrganiserLinkResponse } from '../../shared/protocol/http.js'

const KEY = 'organisers-key-for-the-tbilisi-seminar'

let server: RunningServer
let kutaisi: CreateCafeResponse
let odesa: CreateCafeResponse
let people: JoinResponse[]

const bearer = (token: string | undefined): Record<string, string> => (token === undefined ? {} : { authorization: `Bearer ${token}` })
const listCafes = (token?: string) => fetch(`${server.url}/api/organiser/cafes`, { headers: bearer(token) })
const deleteCafe = (cafeId: string, token?: string) => fetch(`${server.url}/api/cafes/${cafeId}`, { method: 'DELETE', headers: bearer(token) })
const organiserLink = (cafeId: string, token?: string) =>
  fetch(`${server.url}/api/cafes/${cafeId}/organiser-links`, { method: 'POST', headers: bearer(token) })
const me = (token: string) => fetch(`${server.url}/api/me`, { headers: bearer(token) }).then((r) => r.status)
const lobby = (joinCode: string) => fetch(`${server.url}/api/cafes/${joinCode}`).then((r) => r.status)
const yjsUrl = (cafeId: string, token: string) => `${server.url.replace('http', 'ws')}/yjs/${cafeId}/table/1?token=${token}`
const listed = async () => ((await (await listCafes(KEY)).json()) as OrganiserCafesResponse).cafes

/** Writes a line on a table's cloth, as the stock y-websocket client would. */
async function writeOnCloth(cafeId: string, token: string, line: string) {
  const cloth = connectYjs(server.url, `${cafeId}/table/1`, token)
  await cloth.synced
  cloth.text.insert(0, line)
  await vi.waitFor(async () => {
    const reader = connectYjs(server.url, `${cafeId}/table/1`, token)
    try {
      await reader.synced
      expect(reader.text.toString()).toContain(line)
    } finally {
      reader.destroy()
    }
  })
  return cloth
}

/** Rows left in the store for a café, read straight from the SQLite file. */
function rowsOf(cafeId: string) {
  const db = new Database(join(server.dataDir, 'tablecloth.db'), { readonly: true, fileMustExist: true })
  try {
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n
    const prefix = [`${cafeId}/`, `${cafeId}0`] as const
    return {
      cafes: count('SELECT count(*) AS n FROM cafes WHERE id = ?', cafeId),
      tokens: count('SELECT count(*) AS n FROM tokens WHERE cafe_id = ?', cafeId),
      harvests: count('SELECT count(*) AS n FROM harvests WHERE cafe_id = ?', cafeId),
      updates: count('SELECT count(*) AS n FROM document_updates WHERE document >= ? AND document < ?', ...prefix),
      snapshots: count('SELECT count(*) AS n FROM document_snapshots WHERE document >= ? AND document < ?', ...prefix),
    }
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  kutaisi = await createCafe(server.url, { topic: 'Resource centre in Kutaisi', tables: 3, questions: ['What would homeowners miss?'] })
  odesa = await createCafe(server.url, { topic: 'Resource centre in Odesa', tables: 2 })
  people = [
    await joinCafe(server.url, kutaisi.joinCode, 'Nino'),
    await joinCafe(server.url, kutaisi.joinCode, 'Giorgi'),
    await joinCafe(server.url, odesa.joinCode, 'Olena'),
  ]
})
afterAll(() => server?.stop())

describe('the organisers list every café on the server with the key', () => {
  it('shows each café with its date, topic, phase and size, newest first', async () => {
    const res = await listCafes(KEY)
    expect(res.status).toBe(200)
    const { cafes } = (await res.json()) as OrganiserCafesResponse
    expect(cafes.map((c) => c.cafeId)).toEqual([odesa.cafeId, kutaisi.cafeId])
    expect(cafes[1]).toMatchObject({
      cafeId: kutaisi.cafeId,
      joinCode: kutaisi.joinCode,
      topic: 'Resource centre in Kutaisi',
      phase: 'lobby',
      tables: 3,
      rounds: 1,
      participants: 2,
    })
    expect(cafes[0]).toMatchObject({ topic: 'Resource centre in Odesa', tables: 2, rounds: 3, participants: 1 })
    expect(Math.abs(cafes[0]!.createdAt - Date.now())).toBeLessThan(60_000)
  })

  it.each([
    ['no key', () => undefined],
    ['a wrong key', () => `${KEY}-not`],
    ["a café's facilitator token", () => kutaisi.facilitatorToken],
    ["a café's organiser token", () => kutaisi.organiserToken],
    ["a participant's token", () => people[0]!.token],
  ])('refuses %s with 401', async (_who, token) => {
    const res = await listCafes(token())
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } })
  })
})

describe("the key opens one café with a new organiser link", () => {
  it('makes an organiser token of that café, which reads it and changes nothing', async () => {
    const res = await organiserLink(kutaisi.cafeId, KEY)
    expect(res.status).toBe(201)
    const { organiserToken } = (await res.json()) as OrganiserLinkResponse
    expect(organiserToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await (await fetch(`${server.url}/api/me`, { headers: bearer(organiserToken) })).json()).toEqual({
      cafeId: kutaisi.cafeId,
      role: 'organiser',
    })
    const socket = await connectCafe(server.url, kutaisi.cafeId, organiserToken)
    expect(await socket.command({ type: 'start' })).toMatchObject({ ok: false, code: 'forbidden' })
    socket.close()
    // The café's first organiser link still works too.
    expect(await me(kutaisi.organiserToken)).toBe(200)
  })

  it.each([
    ['no key', () => undefined, 401],
    ["the café's own organiser token", () => kutaisi.organiserToken, 401],
    ["the café's facilitator token", () => kutaisi.facilitatorToken, 401],
  ])('refuses %s', async (_who, token, status) => {
    expect((await organiserLink(kutaisi.cafeId, token())).status).toBe(status)
  })

  it('answers 404 for a café that does not exist', async () => {
    const res = await organiserLink('no-such-cafe-here', KEY)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'unknown_cafe' } })
  })
})

describe('deleting a café removes it for good and leaves the others', () => {
  it.each([
    ['no token', () => undefined, 401, 'unauthorized'],
    ['a wrong key', () => `${KEY}-not`, 401, 'unauthorized'],
    ["the café's facilitator", () => kutaisi.facilitatorToken, 403, 'forbidden'],
    ['a participant', () => people[0]!.token, 403, 'forbidden'],
    ["another café's organiser", () => odesa.organiserToken, 403, 'forbidden'],
  ])('is refused with %s, and nothing changes', async (_who, token, status, code) => {
    const res = await deleteCafe(kutaisi.cafeId, token())
    expect(res.status).toBe(status)
    expect(await res.json()).toMatchObject({ error: { code } })
    expect((await listed()).map((c) => c.cafeId)).toContain(kutaisi.cafeId)
    expect(await me(kutaisi.facilitatorToken)).toBe(200)
    expect(await lobby(kutaisi.joinCode)).toBe(200)
  })

  it("with the key: its open connections close, its tokens, join code and cloths stop working; Odesa's stay", async () => {
    // Kutaisi runs its one round to the harvest, with a line on a cloth, so every kind of row exists.
    const facilitator = await connectCafe(server.url, kutaisi.cafeId, kutaisi.facilitatorToken)
    for (const type of ['start', 'end-round', 'open-harvest'] as const) {
      expect(await facilitator.command({ type })).toMatchObject({ ok: true })
    }
    const cloth = await writeOnCloth(kutaisi.cafeId, kutaisi.facilitatorToken, 'The hotline in Kutaisi answered 4000 calls')
    const odesaCloth = await writeOnCloth(odesa.cafeId, odesa.facilitatorToken, 'Гаряча лінія в Одесі')
    await vi.waitFor(() => expect(rowsOf(kutaisi.cafeId).harvests).toBe(1))
    let disconnected = false
    facilitator.socket.on('disconnect', () => (disconnected = true))
    const closes: number[] = []
    cloth.provider.on('connection-close', (event) => event && closes.push(event.code))

    const res = await deleteCafe(kutaisi.cafeId, KEY)
    expect(res.status).toBe(204)

    await expect.poll(() => disconnected).toBe(true)
    await expect.poll(() => closes).toContain(4401)
    cloth.destroy()
    facilitator.close()
    for (const token of [kutaisi.facilitatorToken, kutaisi.organiserToken, people[0]!.token]) {
      expect(await me(token)).toBe(401)
      expect(await socketOutcome(server.url, { token, cafeId: kutaisi.cafeId })).toEqual({ connected: false, code: 'unauthorized' })
      expect(await tryUpgrade(yjsUrl(kutaisi.cafeId, token))).toEqual({ status: 401, opened: false })
    }
    expect(await lobby(kutaisi.joinCode)).toBe(404)
    expect((await deleteCafe(kutaisi.cafeId, KEY)).status).toBe(404)
    expect(rowsOf(kutaisi.cafeId)).toEqual({ cafes: 0, tokens: 0, harvests: 0, updates: 0, snapshots: 0 })

    expect((await listed()).map((c) => c.cafeId)).toEqual([odesa.cafeId])
    expect(await me(odesa.facilitatorToken)).toBe(200)
    expect(await lobby(odesa.joinCode)).toBe(200)
    expect(odesaCloth.text.toString()).toBe('Гаряча лінія в Одесі')
    odesaCloth.destroy()
  })

  it('after a restart it is still gone, and the other café still holds its words', async () => {
    await server.stop()
    await server.restart()
    expect((await listed()).map((c) => c.cafeId)).toEqual([odesa.cafeId])
    expect(await lobby(kutaisi.joinCode)).toBe(404)
    expect(await me(kutaisi.facilitatorToken)).toBe(401)
    const reader = connectYjs(server.url, `${odesa.cafeId}/table/1`, odesa.organiserToken)
    await reader.synced
    expect(reader.text.toString()).toBe('Гаряча лінія в Одесі')
    reader.destroy()
    expect(rowsOf(kutaisi.cafeId)).toEqual({ cafes: 0, tokens: 0, harvests: 0, updates: 0, snapshots: 0 })
  })

  it("with the café's own organiser link", async () => {
    const res = await deleteCafe(odesa.cafeId, odesa.organiserToken)
    expect(res.status).toBe(204)
    expect(await listed()).toEqual([])
    expect(await me(odesa.organiserToken)).toBe(401)
    expect(await lobby(odesa.joinCode)).toBe(404)
    // A Yjs document of the deleted café, even with a fresh empty client, is refused.
    expect(await tryUpgrade(yjsUrl(odesa.cafeId, odesa.facilitatorToken))).toEqual({ status: 401, opened: false })
    expect(rowsOf(odesa.cafeId)).toEqual({ cafes: 0, tokens: 0, harvests: 0, updates: 0, snapshots: 0 })
  })
})

describe('the organiser key', () => {
  it('is printed at the first start, matches the key file, and is not printed at the second', async () => {
    const fresh = await startServer()
    try {
      const file = join(fresh.dataDir, 'organiser-key')
      await vi.waitFor(() => expect(fresh.output()).toContain("Organisers' key"))
      expect(existsSync(file)).toBe(true)
      const key = readFileSync(file, 'utf8').trim()
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(fresh.output()).toContain(key)
      expect((await fetch(`${fresh.url}/api/organiser/cafes`, { headers: bearer(key) })).status).toBe(200)

      await fresh.stop()
      const before = fresh.output().length
      await fresh.restart()
      // The second start has printed its addresses: the key would have come right after them.
      await vi.waitFor(() => expect(fresh.output().slice(before)).toContain('is running'))
      expect(fresh.output().slice(before)).not.toContain(key)
      expect(fresh.output().split(key).length - 1).toBe(1)
      expect(readFileSync(file, 'utf8').trim()).toBe(key)
      expect((await fetch(`${fresh.url}/api/organiser/cafes`, { headers: bearer(key) })).status).toBe(200)
    } finally {
      await fresh.stop()
    }
  })

  it('set by the operator, is not printed and no key file is made', () => {
    expect(server.output()).not.toContain(KEY)
    expect(existsSync(join(server.dataDir, 'organiser-key'))).toBe(false)
  })

  it('refuses to start when TABLECLOTH_ORGANISER_KEY is too short, and says why', async () => {
    const failed = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: 'tbilisi' } }).then(
      async (started) => void (await started.stop()),
      (err: Error) => err.message,
    )
    expect(failed).toBeDefined()
    expect(failed).toContain('Tablecloth cannot start: TABLECLOTH_ORGANISER_KEY must be at least 16 characters')
    // A setting to fix, not a crash: no stack trace in the operator's way.
    expect(failed).not.toMatch(/\n\s+at /)
  })
})
