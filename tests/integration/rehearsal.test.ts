/**
 * The rehearsal mode on a real server: the facilitator rehearses a café with simulated guests
 * who join, write on every table's cloth (stored by the server, seen live by the facilitator's
 * Yjs client, provenance naming the guest) and vote at the harvest; then resets it, and the
 * store holds nothing of the rehearsal while the café, its tables and its staff stay. The store's
 * reset itself, on SQLite and PostgreSQL, is in the storage suite (tests/support/storage-suite.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { notesText } from '../../shared/cloth/rich-text.js'
import { notesField } from '../../shared/cloth/schema.js'
import { provenanceOf, readProposals } from '../../shared/cloth/proposals.js'
import { CloseCode } from '../../shared/protocol/errors.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { HarvestView } from '../../shared/protocol/harvest.js'
import type { ResetRehearsalResponse, StartRehearsalResponse } from '../../shared/protocol/rehearsal.js'

let server: RunningServer
let cafe: CreateCafeResponse
let staff: CafeClient
let colleague: JoinResponse
const TABLES = 4

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' })
const rehearse = (cafeId: string, token: string, body: unknown = { perTable: 2, everyMs: 250 }) =>
  fetch(`${server.url}/api/cafes/${cafeId}/rehearsal`, { method: 'POST', headers: bearer(token), body: JSON.stringify(body) })
const reset = (cafeId: string, token: string) => fetch(`${server.url}/api/cafes/${cafeId}/rehearsal`, { method: 'DELETE', headers: bearer(token) })
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code
const me = (token: string) => fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)
const state = () => staff.state()!
const guests = () => Object.values(state().people).filter((p) => p.simulated)

async function command(client: CafeClient, cmd: Parameters<CafeClient['command']>[0]) {
  const reply = await client.command(cmd)
  if (!reply.ok) throw new Error(`${cmd.type} refused: ${reply.code} ${reply.message}`)
  await expect.poll(() => state().version).toBeGreaterThanOrEqual(reply.value.version)
}

/** Rows the store holds for a café, read straight from the SQLite file. */
function rowsOf(cafeId: string) {
  const db = new Database(join(server.dataDir, 'tablecloth.db'), { readonly: true, fileMustExist: true })
  try {
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n
    const prefix = [`${cafeId}/`, `${cafeId}0`] as const
    const stored = db.prepare('SELECT state FROM cafes WHERE id = ?').get(cafeId) as { state: string }
    return {
      state: JSON.parse(stored.state) as { people: Record<string, unknown>; phase: { kind: string }; rehearsal?: boolean; history: unknown[]; tables: unknown[] },
      staffTokens: count("SELECT count(*) AS n FROM tokens WHERE cafe_id = ? AND role != 'participant'", cafeId),
      participantTokens: count("SELECT count(*) AS n FROM tokens WHERE cafe_id = ? AND role = 'participant'", cafeId),
      harvests: count('SELECT count(*) AS n FROM harvests WHERE cafe_id = ?', cafeId),
      documents:
        count('SELECT count(*) AS n FROM document_updates WHERE document >= ? AND document < ?', ...prefix) +
        count('SELECT count(*) AS n FROM document_snapshots WHERE document >= ? AND document < ?', ...prefix),
    }
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: TABLES, tableNames: ['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi'] })
  staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
})

afterAll(async () => {
  staff?.close()
  await server?.stop()
})

describe('a rehearsal on a real server', () => {
  it('only the café’s facilitator may start one', async () => {
    const other = await createCafe(server.url, { tables: 2 })
    const nino = await joinCafe(server.url, other.joinCode, 'Nino')
    expect((await rehearse(other.cafeId, nino.token)).status).toBe(403)
    expect((await rehearse(other.cafeId, other.organiserToken)).status).toBe(403)
    expect((await rehearse(other.cafeId, cafe.facilitatorToken)).status).toBe(403)
    expect((await rehearse(other.cafeId, other.facilitatorToken, { perTable: 99 })).status).toBe(400)
    expect((await rehearse(other.cafeId, other.facilitatorToken, { everyMs: 250, extra: true })).status).toBe(400)
    expect((await reset(other.cafeId, nino.token)).status).toBe(403)
  })

  it('a café that started for real cannot be rehearsed, and nothing changes', async () => {
    const started = await createCafe(server.url, { tables: 2 })
    const client = await connectCafe(server.url, started.cafeId, started.facilitatorToken)
    try {
      await expect.poll(() => client.state()?.phase.kind).toBe('lobby')
      expect((await client.command({ type: 'start' })).ok).toBe(true)
      await expect.poll(() => client.state()?.phase.kind).toBe('running')
      const version = client.state()!.version
      const res = await rehearse(started.cafeId, started.facilitatorToken)
      expect(res.status).toBe(409)
      expect(await errorCode(res)).toBe('cafe_started')
      const refusedReset = await reset(started.cafeId, started.facilitatorToken)
      expect(refusedReset.status).toBe(409)
      expect(await errorCode(refusedReset)).toBe('not_rehearsing')
      expect(client.state()!.version).toBe(version)
      expect(client.state()!.rehearsal).toBeUndefined()
    } finally {
      client.close()
    }
  })

  it('simulated guests join, host, write at every table, propose and vote; the reset leaves an empty lobby and nothing in the store', async () => {
    await expect.poll(() => staff.state()?.phase.kind).toBe('lobby')
    // Guests join through the café's own join: seated like newcomers, a host at each table.
    const started = await rehearse(cafe.cafeId, cafe.facilitatorToken)
    expect(started.status).toBe(201)
    expect((await started.json()) as StartRehearsalResponse).toEqual({ guests: 2 * TABLES, everyMs: 250 })
    await expect.poll(() => state().rehearsal).toBe(true)
    expect(guests()).toHaveLength(2 * TABLES)
    expect(guests().every((g) => /^Rehearsal guest \d+$/.test(g.name))).toBe(true)
    for (let table = 0; table < TABLES; table++) {
      expect(guests().filter((g) => state().seating[g.id] === table)).toHaveLength(2)
      expect(guests().some((g) => g.hostOf === table)).toBe(true)
    }
    expect(await errorCode(await rehearse(cafe.cafeId, cafe.facilitatorToken))).toBe('already_rehearsing')
    // A colleague tries the join screen during the rehearsal: part of the rehearsal too.
    colleague = await joinCafe(server.url, cafe.joinCode, 'Colleague on a phone')

    await command(staff, { type: 'start' })
    const cloths: YjsClient[] = Array.from({ length: TABLES }, (_, t) => connectYjs(server.url, `${cafe.cafeId}/table/${t + 1}`, cafe.facilitatorToken))
    const closeCodes: number[][] = cloths.map(() => [])
    cloths.forEach((c, i) => c.provider.on('connection-close', (event: CloseEvent | null) => event && closeCodes[i]!.push(event.code)))
    try {
      await Promise.all(cloths.map((c) => c.synced))
      // Every table's cloth fills with sentences and a proposal, live, from the guests seated there.
      await expect
        .poll(() => cloths.map((c) => notesText(c.doc.getXmlFragment(notesField(1))).split('\n').filter(Boolean).length >= 2 && readProposals(c.doc).length >= 1))
        .toEqual(cloths.map(() => true))
      for (let table = 0; table < TABLES; table++) {
        const doc = cloths[table]!.doc
        const proposal = readProposals(doc)[0]!
        await expect.poll(() => provenanceOf(doc, proposal.id)?.createdBy).toBeDefined()
        const author = provenanceOf(doc, proposal.id)!
        expect(state().people[author.createdBy]?.simulated).toBe(true)
        expect(author).toMatchObject({ table, round: 1 })
        expect(state().seating[author.createdBy]).toBe(table)
      }
      // Stored, not only relayed: the store has the cloths' rows.
      expect(rowsOf(cafe.cafeId).documents).toBeGreaterThan(0)

      // The harvest: guests place their dots once voting opens.
      await command(staff, { type: 'end-round' })
      await command(staff, { type: 'open-harvest' })
      await expect.poll(() => staff.harvest()?.items.length ?? 0).toBeGreaterThanOrEqual(TABLES)
      const opened = (await staff.socket.timeout(10_000).emitWithAck('harvest:command', { type: 'open-voting', dotsPerVoter: 2 })) as { ok: boolean }
      expect(opened.ok).toBe(true)
      const dots = (view: HarvestView | undefined) => view?.ranking.reduce((sum, row) => sum + row.dots, 0) ?? 0
      await expect.poll(() => dots(staff.harvest()), { timeout: 20_000 }).toBe(2 * 2 * TABLES)
      expect(rowsOf(cafe.cafeId).harvests).toBe(1)

      // The reset.
      const answer = await reset(cafe.cafeId, cafe.facilitatorToken)
      expect(answer.status).toBe(200)
      expect((await answer.json()) as ResetRehearsalResponse).toEqual({ people: 2 * TABLES + 1, registrations: 0 })
      await expect.poll(() => state().phase.kind).toBe('lobby')
      expect(state().rehearsal).toBeUndefined()
      expect(state().people).toEqual({})
      // Open cloths were closed with the reset's own code, and are not reopened by the client.
      await expect.poll(() => closeCodes.map((codes) => codes.includes(CloseCode.RehearsalReset))).toEqual(cloths.map(() => true))
    } finally {
      for (const c of cloths) c.destroy()
    }

    const rows = rowsOf(cafe.cafeId)
    expect(rows.state.people).toEqual({})
    expect(rows.state.phase.kind).toBe('lobby')
    expect(rows.state.rehearsal).toBeUndefined()
    expect(rows.state.history).toEqual([])
    expect(rows.state.tables).toEqual([{ name: 'Tbilisi' }, { name: 'Kutaisi' }, { name: 'Gori' }, { name: 'Zugdidi' }])
    expect(rows).toMatchObject({ documents: 0, harvests: 0, participantTokens: 0, staffTokens: 2 })
    expect(await me(colleague.token)).toBe(401)
    expect(await me(cafe.facilitatorToken)).toBe(200)
    expect(await errorCode(await reset(cafe.cafeId, cafe.facilitatorToken))).toBe('not_rehearsing')

    // The fresh lobby takes real people, and the guests do not come back.
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    await expect.poll(() => Object.keys(state().people)).toEqual([nino.participantId])
    expect(state().rehearsal).toBeUndefined()
    await command(staff, { type: 'start' })
    const cloth = connectYjs(server.url, `${cafe.cafeId}/table/1`, cafe.facilitatorToken)
    try {
      await cloth.synced
      expect(notesText(cloth.doc.getXmlFragment(notesField(1)))).toBe('')
      expect(readProposals(cloth.doc)).toEqual([])
    } finally {
      cloth.destroy()
    }
    expect(rowsOf(cafe.cafeId).documents).toBe(0)
  })
})
