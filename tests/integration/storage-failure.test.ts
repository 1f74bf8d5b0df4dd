/**
 * The store cannot write: the disk is full (simulated with SQLite's max_page_count, which the
 * operator sets with TABLECLOTH_SQLITE_MAX_PAGES) or another program holds the database locked.
 * Edits stop being acknowledged — the writer's Yjs connection closes with 4503 and no peer sees
 * its edit, commands are answered `storage_failed`, HTTP writes 503 — while the server stays up
 * and tells the facilitator (`cafe:alert`). Nothing half-written is left: the database passes its
 * integrity check and the stored document is what the peers saw. Once writing works again, the
 * clients' resent edits are stored and nothing anyone saw is lost.
 */
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io, type Socket } from 'socket.io-client'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { until } from '../support/wait.js'
import { createSqliteStorage } from '../../server/storage/sqlite.js'
import { readConfig } from '../../server/config.js'
import { CloseCode } from '../../shared/protocol/errors.js'
import type { ClientToServerEvents, ServerToClientEvents, StorageAlert } from '../../shared/protocol/socket.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const dbFile = (server: RunningServer) => join(server.dataDir, 'tablecloth.db')

function withDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}
const pageCount = (file: string) => withDb(file, (db) => db.pragma('page_count', { simple: true }) as number)
const integrity = (file: string) => withDb(file, (db) => db.pragma('integrity_check', { simple: true }))

/** The document as the store holds it (snapshot, then updates in order), as a client's `notes` text. */
function storedText(file: string, document: string): string {
  return withDb(file, (db) => {
    const snap = db.prepare<[string], { data: Buffer; last_update: number }>('SELECT data, last_update FROM document_snapshots WHERE document = ?').get(document)
    const rows = db.prepare<[string, number], { data: Buffer }>('SELECT data FROM document_updates WHERE document = ? AND id > ? ORDER BY id').all(document, snap?.last_update ?? 0)
    const doc = new Y.Doc()
    for (const data of [...(snap ? [snap.data] : []), ...rows.map((r) => r.data)]) Y.applyUpdate(doc, new Uint8Array(data))
    return doc.getText('notes').toString()
  })
}

/** A facilitator's screen: every `cafe:alert` it hears, from the greeting on. */
async function staffScreen(url: string, cafeId: string, token: string): Promise<{ socket: Socket<ServerToClientEvents, ClientToServerEvents>; alerts: StorageAlert[] }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token, cafeId }, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 500 })
  const alerts: StorageAlert[] = []
  // Listened to before connecting: the greeting may come in the same read as the connect.
  socket.on('cafe:alert', (alert) => alerts.push(alert))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return { socket, alerts }
}

/** Close codes the server sent this client. */
function closesOf(client: YjsClient): number[] {
  const codes: number[] = []
  client.provider.on('connection-close', (event) => event && codes.push(event.code))
  return codes
}

const failed = (alerts: StorageAlert[]) => alerts.find((a) => a.code === 'storage_failed')
const markersIn = (text: string): string[] => text.match(/«[^»]+»/g) ?? []

/**
 * A café of 2 tables with Nino writing at hers, the facilitator's Yjs client reading it, a staff
 * screen, the facilitator's and Nino's café screens; Nino's first marker has reached the peer.
 */
async function writingTable(server: RunningServer, clients: YjsClient[]) {
  const cafe = await createCafe(server.url, { tables: 2 })
  const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
  const writer = connectYjs(server.url, nino.document, nino.token)
  const peer = connectYjs(server.url, nino.document, cafe.facilitatorToken)
  clients.push(writer, peer)
  const writerCloses = closesOf(writer)
  const peerCloses = closesOf(peer)
  const staff = await staffScreen(server.url, cafe.cafeId, cafe.facilitatorToken)
  const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  const listener = await connectCafe(server.url, cafe.cafeId, nino.token)
  await Promise.all([writer.synced, peer.synced])
  writer.text.insert(0, '«before»')
  await expect.poll(() => peer.text.toString()).toContain('«before»')
  return { cafe, nino, writer, peer, writerCloses, peerCloses, staff, facilitator, listener }
}

async function healthy(server: RunningServer): Promise<boolean> {
  return fetch(`${server.url}/healthz`).then((r) => r.ok, () => false)
}

describe("the operator's cap", () => {
  it('is read from TABLECLOTH_SQLITE_MAX_PAGES, and refused unless a whole number of pages', () => {
    expect(readConfig({ TABLECLOTH_SQLITE_MAX_PAGES: '262144' }).sqliteMaxPages).toBe(262144)
    expect(readConfig({}).sqliteMaxPages).toBeUndefined()
    for (const wrong of ['lots', '0', '-5', '1.5', '1e9', '99999999999']) {
      expect(() => readConfig({ TABLECLOTH_SQLITE_MAX_PAGES: wrong })).toThrow(/TABLECLOTH_SQLITE_MAX_PAGES/)
    }
  })
})

describe('the group commit', () => {
  it('stores a batch whole or not at all', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tablecloth-full-')), 'tablecloth.db')
    await createSqliteStorage(file).close()
    const storage = createSqliteStorage(file, { maxPages: pageCount(file) + 8 })
    const writer = new Y.Doc()
    const updates: Uint8Array[] = []
    writer.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 16; i++) writer.getText('notes').insert(0, `«${i}»${'x'.repeat(4000)}`)

    // Sixteen updates of 4 KB in one turn of the event loop: one transaction, 64 KB. The first
    // of them fit in the 8 free pages (32 KB), the rest do not.
    const results = await Promise.allSettled(updates.map((u) => storage.appendUpdate('cafe/cloth/0', u)))
    expect(results.map((r) => r.status)).toEqual(updates.map(() => 'rejected'))
    expect(((results[0] as PromiseRejectedResult).reason as { code: string }).code).toBe('SQLITE_FULL')
    expect(await storage.loadDocument('cafe/cloth/0')).toEqual([])

    // There was room for the first ones: alone, they are stored, and the store goes on working.
    for (const u of updates.slice(0, 3)) await storage.appendUpdate('cafe/cloth/0', u)
    expect(await storage.loadDocument('cafe/cloth/0')).toHaveLength(3)
    await storage.close()
    expect(integrity(file)).toBe('ok')
  })
})

describe('a full disk', () => {
  it('stops acknowledging, tells the facilitator and stays up; nothing half-written; nothing lost once there is room', async () => {
    const env: Record<string, string> = {}
    const server = await startServer({ env })
    const clients: YjsClient[] = []
    try {
      const { cafe, nino, writer, peer, writerCloses, peerCloses, staff, facilitator, listener } = await writingTable(server, clients)

      // The operator caps the store a little above what it holds, and restarts: 24 pages (96 KB) to spare.
      await server.stop()
      await until(() => !writer.provider.wsconnected && !peer.provider.wsconnected && !staff.socket.connected)
      const pages = pageCount(dbFile(server))
      env.TABLECLOTH_SQLITE_MAX_PAGES = String(pages + 24)
      await server.restart()
      await until(() => writer.provider.synced && peer.provider.synced && staff.socket.connected && facilitator.socket.connected && listener.socket.connected)
      const peerClosedBefore = peerCloses.length

      // Nino types 1 KB pieces until the store is full.
      const typed: string[] = []
      const typing = setInterval(() => {
        const marker = `«${typed.length}»`
        typed.push(marker)
        writer.text.insert(writer.text.length, marker + 'x'.repeat(1000))
      }, 10)
      await expect.poll(() => failed(staff.alerts), { timeout: 20_000 }).toBeDefined()
      clearInterval(typing)
      const alert = failed(staff.alerts)!
      expect(alert).toMatchObject({ code: 'storage_failed', reason: 'disk_full', message: expect.stringMatching(/full/) })
      expect(alert.since).toBeLessThanOrEqual(Date.now())
      // Her edit was refused, her connection closed with 4503 (y-websocket reconnects and resends); the peer's stays open.
      await expect.poll(() => writerCloses).toContain(CloseCode.StorageFailed)
      expect(peerCloses.slice(peerClosedBefore)).toEqual([])
      const refused = typed.filter((m) => !markersIn(peer.text.toString()).includes(m))
      expect(refused.length).toBeGreaterThan(0)

      // 16 KB more cannot fit anywhere: nobody sees it, not even a screen opening the cloth now.
      writer.text.insert(writer.text.length, `«late»${'y'.repeat(16_000)}`)
      await sleep(1500)
      expect(peer.text.toString()).not.toContain('«late»')
      const fresh = connectYjs(server.url, nino.document, cafe.facilitatorToken)
      clients.push(fresh)
      await fresh.synced
      expect(fresh.text.toString()).toBe(peer.text.toString())
      fresh.destroy()

      // A facilitator opening the console now is told at once.
      const late = await staffScreen(server.url, cafe.cafeId, cafe.facilitatorToken)
      await expect.poll(() => late.alerts).toEqual([alert])
      late.socket.disconnect()

      // A command that needs room is refused with storage_failed, and nobody hears of a new state.
      const version = listener.state()!.version
      const names = Array.from({ length: 200 }, (_, i) => `Table ${i + 1} by the long window at the back of the hall, left`)
      const reply = await facilitator.command({ type: 'set-tables', names })
      expect(reply).toMatchObject({ ok: false, code: 'storage_failed', message: expect.stringMatching(/full/) })
      // An HTTP write answers 503 storage_failed.
      const created = await fetch(`${server.url}/api/cafes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ topic: 'T'.repeat(200), questions: Array.from({ length: 12 }, () => 'Q'.repeat(500)), tables: 200, roundMinutes: 20, tableNames: names }),
      })
      expect(created.status).toBe(503)
      expect(await created.json()).toMatchObject({ error: { code: 'storage_failed', message: expect.stringMatching(/full/) } })
      await sleep(300)
      expect(listener.state()!.version).toBe(version)
      expect(facilitator.state()!.tables).toHaveLength(2)

      // The server is up all along.
      expect(server.exit()).toBeUndefined()
      expect(await healthy(server)).toBe(true)

      // Stopped while full: the file is whole and holds exactly what the peer saw.
      await server.stop()
      expect(server.exit()).toEqual({ code: 0, signal: null })
      await until(() => !peer.provider.wsconnected)
      const seen = peer.text.toString()
      expect(integrity(dbFile(server))).toBe('ok')
      expect(storedText(dbFile(server), nino.document)).toBe(seen)
      expect(withDb(dbFile(server), (db) => db.prepare('SELECT count(*) AS n FROM cafes').get())).toEqual({ n: 1 })

      // Room again (the cap lifted): the refused edits come back from Nino's laptop and are stored.
      delete env.TABLECLOTH_SQLITE_MAX_PAGES
      await server.restart()
      await expect.poll(() => peer.text.toString(), { timeout: 15_000 }).toContain('«late»')
      expect(markersIn(peer.text.toString())).toEqual(['«before»', ...typed, '«late»'])
      const check = connectYjs(server.url, nino.document, cafe.facilitatorToken)
      clients.push(check)
      await check.synced
      expect(check.text.toString()).toBe(writer.text.toString())
      expect(markersIn(check.text.toString())).toEqual(markersIn(seen).concat(refused, '«late»'))
      console.info(
        `full store (${pages} pages + 24): ${typed.length} pieces of 1 KB typed, ${typed.length - refused.length} stored before it was full, ` +
          `${refused.length} and 16 KB more refused, seen by no one, and stored once the cap was lifted`,
      )
      staff.socket.disconnect()
      facilitator.close()
      listener.close()
    } finally {
      for (const c of clients) c.destroy()
      await server.stop()
    }
  }, 90_000)
})

describe('a database locked by another program', () => {
  it('refuses writes while the lock is held (waiting 5 s once, not on every edit), tells the facilitator, and goes on once it is released', async () => {
    const server = await startServer()
    const clients: YjsClient[] = []
    try {
      // A café in its harvest, for a harvest command, and one whose tables are writing.
      const done = await createCafe(server.url, { tables: 1, questions: ['What would homeowners miss?'] })
      await joinCafe(server.url, done.joinCode, 'Ion')
      const harvestStaff = await connectCafe(server.url, done.cafeId, done.facilitatorToken)
      for (const type of ['start', 'end-round', 'open-harvest'] as const) expect(await harvestStaff.command({ type })).toMatchObject({ ok: true })
      await until(() => harvestStaff.harvest())

      const { cafe, nino, writer, peer, writerCloses, staff, facilitator, listener } = await writingTable(server, clients)

      // Another program takes the write lock and keeps it for 8 s, longer than the server's 5 s busy timeout.
      const lock = new Database(dbFile(server))
      lock.exec('BEGIN IMMEDIATE')
      const lockedAt = Date.now()
      writer.text.insert(writer.text.length, '«while locked»')
      // The server waits 5 s for the lock, standing still meanwhile (better-sqlite3 waits synchronously).
      await sleep(500)
      const frozenFrom = Date.now()
      expect(await healthy(server)).toBe(true)
      const frozenMs = Date.now() - frozenFrom

      await expect.poll(() => failed(staff.alerts), { timeout: 10_000 }).toMatchObject({ code: 'storage_failed', reason: 'locked', message: expect.stringMatching(/locked/) })
      await expect.poll(() => writerCloses).toContain(CloseCode.StorageFailed)
      // Every other write is refused at once now, not after another 5 s.
      const askedAt = Date.now()
      const version = listener.state()!.version
      expect(await facilitator.command({ type: 'rename-table', table: 0, name: 'Window table' })).toMatchObject({ ok: false, code: 'storage_failed' })
      expect(await harvestStaff.socket.timeout(10_000).emitWithAck('harvest:command', { type: 'open-voting', dotsPerVoter: 3 })).toMatchObject({
        ok: false,
        code: 'storage_failed',
      })
      const joined = await fetch(`${server.url}/api/cafes/${cafe.joinCode}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Olena' }),
      })
      expect(joined.status).toBe(503)
      expect(await joined.json()).toMatchObject({ error: { code: 'storage_failed', message: expect.stringMatching(/locked/) } })
      const refusalsMs = Date.now() - askedAt
      const healthFrom = Date.now()
      expect(await healthy(server)).toBe(true)
      const healthMs = Date.now() - healthFrom
      expect(refusalsMs).toBeLessThan(3000)

      // Held on past 8 s: still nobody has seen the edit, nor a new café state.
      await sleep(Math.max(0, lockedAt + 8000 - Date.now()))
      expect(peer.text.toString()).not.toContain('«while locked»')
      expect(listener.state()!.version).toBe(version)
      expect(server.exit()).toBeUndefined()
      lock.exec('COMMIT')
      lock.close()
      const releasedAt = Date.now()

      // Released: Nino's laptop resends, the edit is stored and relayed, the facilitator hears the store writes again.
      await expect.poll(() => peer.text.toString(), { timeout: 10_000 }).toContain('«while locked»')
      const recoveredMs = Date.now() - releasedAt
      await expect.poll(() => staff.alerts.at(-1)?.code).toBe('storage_ok')
      expect(staff.alerts.map((a) => a.code)).toEqual(['storage_failed', 'storage_ok'])
      expect(staff.alerts[1]!.since).toBeGreaterThanOrEqual(staff.alerts[0]!.since)
      expect(await facilitator.command({ type: 'rename-table', table: 0, name: 'Window table' })).toMatchObject({ ok: true })
      await expect.poll(() => listener.state()?.tables[0]?.name).toBe('Window table')
      expect(
        (
          await fetch(`${server.url}/api/cafes/${cafe.joinCode}/participants`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Olena' }),
          })
        ).status,
      ).toBe(201)

      await server.stop()
      expect(server.exit()).toEqual({ code: 0, signal: null })
      expect(integrity(dbFile(server))).toBe('ok')
      expect(storedText(dbFile(server), nino.document)).toBe(writer.text.toString())
      console.info(
        `locked store: /healthz took ${frozenMs} ms during the first 5 s wait; then 3 refusals took ${refusalsMs} ms and /healthz ${healthMs} ms; ` +
          `the edit reached the peer ${recoveredMs} ms after the lock was released`,
      )
      staff.socket.disconnect()
      harvestStaff.close()
      facilitator.close()
      listener.close()
    } finally {
      for (const c of clients) c.destroy()
      await server.stop()
    }
  }, 90_000)
})
