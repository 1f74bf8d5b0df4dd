import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { createSqliteStorage } from '../../server/storage/sqlite.js'
import type { SqliteStorage } from '../../server/storage/sqlite.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import { harvestSourceOf, newHarvest } from '../../shared/harvest/harvest-state.js'

const open: SqliteStorage[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

function freshStore(file = join(mkdtempSync(join(tmpdir(), 'tablecloth-store-')), 'tablecloth.db')) {
  const storage = createSqliteStorage(file)
  open.push(storage)
  return { storage, file }
}

const aCafe = (id = 'cafe-000001', joinCode = 'ACDEFG') =>
  newCafeState({
    id,
    joinCode,
    now: 1_700_000_000_000,
    settings: { topic: 'Resource centres', questions: ['Q1', 'Q2'], roundMinutes: 20, ask: { country: true, organisation: false, language: false } },
    tableNames: ['Kutaisi', 'Odesa'],
  })

/** A sequence of real Yjs updates: one per typed word. */
function typedUpdates(words: string[]): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (const w of words) doc.getText('notes').insert(doc.getText('notes').length, `${w} `)
  return updates
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc.getText('notes').toString()
}

describe('the SQLite store', () => {
  it('runs in WAL mode with synchronous=FULL, so an acknowledged write survives a power cut', () => {
    const { storage } = freshStore()
    expect(storage.durability()).toEqual({ journalMode: 'wal', synchronous: 2 })
  })

  it('keeps a café exactly, and finds it by join code', async () => {
    const { storage, file } = freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [{ hash: 'h1', cafeId: cafe.id, role: 'facilitator' }])
    await storage.close()
    const reopened = createSqliteStorage(file)
    open.push(reopened)
    expect(await reopened.loadCafe(cafe.id)).toEqual(cafe)
    expect(await reopened.findCafeIdByJoinCode('ACDEFG')).toBe(cafe.id)
    expect(await reopened.findToken('h1')).toEqual({ hash: 'h1', cafeId: cafe.id, role: 'facilitator' })
    expect(await reopened.findToken('nope')).toBeUndefined()
  })

  it('applies a save only over the version it was based on', async () => {
    const { storage } = freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [])
    const next = { ...cafe, version: 2, tables: [{ name: 'Gori' }] }
    expect(await storage.saveCafe(next, 1, [{ hash: 'p1', cafeId: cafe.id, role: 'participant', participantId: 'p1' }])).toBe(true)
    const stale = { ...cafe, version: 2, tables: [{ name: 'Telavi' }] }
    expect(await storage.saveCafe(stale, 1, [{ hash: 'p2', cafeId: cafe.id, role: 'participant', participantId: 'p2' }])).toBe(false)
    expect((await storage.loadCafe(cafe.id))?.tables).toEqual([{ name: 'Gori' }])
    // The losing save stored nothing, not even its token.
    expect(await storage.findToken('p2')).toBeUndefined()
    expect(await storage.findToken('p1')).toBeDefined()
  })

  it('refuses a second café with a taken join code and stores nothing of it', async () => {
    const { storage } = freshStore()
    await storage.createCafe(aCafe('cafe-000001'), [])
    await expect(storage.createCafe(aCafe('cafe-000002'), [{ hash: 'x', cafeId: 'cafe-000002', role: 'organiser' }])).rejects.toThrow()
    expect(await storage.loadCafe('cafe-000002')).toBeUndefined()
    expect(await storage.findToken('x')).toBeUndefined()
  })

  it('returns a document’s updates in order, and the same text after compaction', async () => {
    const { storage } = freshStore()
    const updates = typedUpdates(['Hotline', 'calls', 'doubled', 'in', 'Kutaisi'])
    for (const u of updates.slice(0, 3)) await storage.appendUpdate('c/table/1', u)
    expect(await storage.countPendingUpdates('c/table/1')).toBe(3)
    await storage.compactDocument('c/table/1', (parts) => Y.mergeUpdates(parts))
    expect(await storage.countPendingUpdates('c/table/1')).toBe(0)
    for (const u of updates.slice(3)) await storage.appendUpdate('c/table/1', u)
    const stored = await storage.loadDocument('c/table/1')
    expect(stored).toHaveLength(3) // one snapshot and the two updates after it
    expect(textOf(stored)).toBe('Hotline calls doubled in Kutaisi ')
    expect(await storage.loadDocument('c/table/2')).toEqual([])
  })

  it('commits appends to many documents together, each in order, and lets a reader see them at once', async () => {
    const { storage } = freshStore()
    const updates = typedUpdates(['Kutaisi', 'Gori', 'Telavi'])
    // Handed over in one turn of the event loop, as when many tables type at the same moment.
    const appended = ['t1', 't2', 't3'].flatMap((doc) => updates.map((u) => storage.appendUpdate(doc, u)))
    // A reader arriving before the batch was written still sees everything handed over.
    expect(textOf(await storage.loadDocument('t2'))).toBe('Kutaisi Gori Telavi ')
    await Promise.all(appended)
    for (const doc of ['t1', 't3']) expect(textOf(await storage.loadDocument(doc))).toBe('Kutaisi Gori Telavi ')
  })

  it("keeps a café's harvest, applying a save only over the version it was based on", async () => {
    const { storage, file } = freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [])
    const first = newHarvest([harvestSourceOf(0, { id: 'p1', title: 'Hotline', what: '', who: '', when: '' })])
    const second = newHarvest([harvestSourceOf(1, { id: 'p2', title: 'Training', what: '', who: '', when: '' })])
    if (!first.ok || !second.ok) throw new Error('could not build a harvest')
    expect(await storage.loadHarvest(cafe.id)).toBeUndefined()
    expect(await storage.saveHarvest(cafe.id, first.value, 0)).toBe(true)
    // A second writer that also started from "no harvest yet" loses, and changes nothing.
    expect(await storage.saveHarvest(cafe.id, second.value, 0)).toBe(false)
    await storage.close()
    const reopened = createSqliteStorage(file)
    open.push(reopened)
    expect(await reopened.loadHarvest(cafe.id)).toEqual({ cafeId: cafe.id, version: 1, state: first.value })
    expect(await reopened.saveHarvest(cafe.id, second.value, 1)).toBe(true)
    expect((await reopened.loadHarvest(cafe.id))?.version).toBe(2)
  })

  it('takes a consistent backup while in use', async () => {
    const { storage } = freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [])
    for (const u of typedUpdates(['one', 'two'])) await storage.appendUpdate('d', u)
    const target = join(mkdtempSync(join(tmpdir(), 'tablecloth-backup-')), 'copy.db')
    await storage.backup(target)
    const copy = createSqliteStorage(target)
    open.push(copy)
    expect(await copy.loadCafe(cafe.id)).toEqual(cafe)
    expect(textOf(await copy.loadDocument('d'))).toBe('one two ')
  })
})
