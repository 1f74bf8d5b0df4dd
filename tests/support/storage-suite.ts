/**
 * The storage interface's contract (server/storage/storage.ts), as one suite that every
 * implementation must pass: tests/integration/storage-sqlite.test.ts and storage-postgres.test.ts
 * run it. What only one store can promise (SQLite's file and pragmas, PostgreSQL's refusal to
 * back up) stays in that store's own file.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Storage, TokenRecord } from '../../server/storage/storage.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import type { CafeState } from '../../shared/cafe/types.js'
import { releaseRegistrations, resetRehearsal, startRehearsal } from '../../shared/cafe/rehearsal.js'
import { harvestSourceOf, newHarvest } from '../../shared/harvest/harvest-state.js'
import type { Registration } from '../../shared/prep/registration.js'

/**
 * Where a store keeps its data (a file, a database). `open()` opens a store on it — the first
 * time on an empty place, later again on what earlier stores of the same place wrote.
 */
export interface StorePlace {
  open(): Promise<Storage>
}

export const aCafe = (id = 'cafe-000001', joinCode = 'ACDEFG'): CafeState =>
  newCafeState({
    id,
    joinCode,
    now: 1_700_000_000_000,
    settings: { topic: 'Resource centres', questions: ['Q1', 'Q2'], roundMinutes: 20, ask: { country: true, organisation: false, language: false } },
    tableNames: ['Kutaisi', 'Odesa'],
  })

/** A sequence of real Yjs updates: one per typed word. */
export function typedUpdates(words: string[]): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (const w of words) doc.getText('notes').insert(doc.getText('notes').length, `${w} `)
  return updates
}

export function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc.getText('notes').toString()
}

function harvests() {
  const first = newHarvest([harvestSourceOf(0, { id: 'p1', title: 'Hotline', what: '', who: '', when: '' })])
  const second = newHarvest([harvestSourceOf(1, { id: 'p2', title: 'Training', what: '', who: '', when: '' })])
  if (!first.ok || !second.ok) throw new Error('could not build a harvest')
  return { first: first.value, second: second.value }
}

/**
 * Registers the suite. `newPlace` makes a fresh, empty place for each test; the suite closes
 * every store it opened after each test.
 */
export function storageSuite(newPlace: () => Promise<StorePlace>): void {
  const open: Storage[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })
  async function freshStore() {
    const place = await newPlace()
    const reopen = async () => {
      const storage = await place.open()
      open.push(storage)
      return storage
    }
    return { storage: await reopen(), reopen }
  }

  it('keeps a café exactly, and finds it by join code', async () => {
    const { storage, reopen } = await freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [{ hash: 'h1', cafeId: cafe.id, role: 'facilitator' }])
    await storage.close()
    const reopened = await reopen()
    expect(await reopened.loadCafe(cafe.id)).toEqual(cafe)
    expect(await reopened.findCafeIdByJoinCode('ACDEFG')).toBe(cafe.id)
    expect(await reopened.findToken('h1')).toEqual({ hash: 'h1', cafeId: cafe.id, role: 'facilitator' })
    expect(await reopened.findToken('nope')).toBeUndefined()
  })

  it('gives back exactly the text it was given, even characters a JSON column would refuse', async () => {
    const { storage } = await freshStore()
    const cafe = aCafe()
    // A pasted topic with a NUL, Cyrillic, Georgian, an emoji and the escape's own six characters.
    cafe.settings.topic = 'Ресурсні центри \u0000 ცენტრები 🧵 "quoted" \\u0000'
    await storage.createCafe(cafe, [])
    expect(await storage.loadCafe(cafe.id)).toEqual(cafe)
    expect((await storage.listCafes())[0]?.topic).toBe(cafe.settings.topic)
  })

  it('applies a save only over the version it was based on', async () => {
    const { storage } = await freshStore()
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

  it('lets exactly one of many saves over the same version win, even from two stores on one place at once', async () => {
    const { storage, reopen } = await freshStore()
    const other = await reopen()
    const cafe = aCafe()
    await storage.createCafe(cafe, [])
    const attempts = Array.from({ length: 12 }, (_, i) =>
      (i % 2 ? other : storage).saveCafe({ ...cafe, version: 2, tables: [{ name: `T${i}` }] }, 1, [
        { hash: `t${i}`, cafeId: cafe.id, role: 'participant', participantId: `p${i}` },
      ]),
    )
    const results = await Promise.all(attempts)
    expect(results.filter(Boolean)).toHaveLength(1)
    const winner = results.indexOf(true)
    expect((await other.loadCafe(cafe.id))?.tables).toEqual([{ name: `T${winner}` }])
    for (let i = 0; i < results.length; i++) expect(Boolean(await storage.findToken(`t${i}`))).toBe(i === winner)
  })

  it('refuses a second café with a taken join code and stores nothing of it', async () => {
    const { storage } = await freshStore()
    await storage.createCafe(aCafe('cafe-000001'), [])
    await expect(storage.createCafe(aCafe('cafe-000002'), [{ hash: 'x', cafeId: 'cafe-000002', role: 'organiser' }])).rejects.toThrow()
    expect(await storage.loadCafe('cafe-000002')).toBeUndefined()
    expect(await storage.findToken('x')).toBeUndefined()
  })

  it('keeps tokens added later, and revokes a role’s tokens with their replacements in one go', async () => {
    const { storage } = await freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [{ hash: 'f1', cafeId: cafe.id, role: 'facilitator' }])
    await storage.addTokens([
      { hash: 'f2', cafeId: cafe.id, role: 'facilitator' },
      { hash: 'p1', cafeId: cafe.id, role: 'participant', participantId: 'p1' },
    ])
    await storage.revokeTokens(cafe.id, 'facilitator', [{ hash: 'f3', cafeId: cafe.id, role: 'facilitator' }])
    expect(await storage.findToken('f1')).toBeUndefined()
    expect(await storage.findToken('f2')).toBeUndefined()
    expect(await storage.findToken('f3')).toEqual({ hash: 'f3', cafeId: cafe.id, role: 'facilitator' })
    expect(await storage.findToken('p1')).toEqual({ hash: 'p1', cafeId: cafe.id, role: 'participant', participantId: 'p1' })
  })

  it('returns a document’s updates in order, and the same text after compaction', async () => {
    const { storage } = await freshStore()
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
    const { storage } = await freshStore()
    const updates = typedUpdates(['Kutaisi', 'Gori', 'Telavi'])
    // Handed over in one turn of the event loop, as when many tables type at the same moment.
    const appended = ['t1', 't2', 't3'].flatMap((doc) => updates.map((u) => storage.appendUpdate(doc, u)))
    // A reader arriving before the batch was written still sees everything handed over.
    expect(textOf(await storage.loadDocument('t2'))).toBe('Kutaisi Gori Telavi ')
    await Promise.all(appended)
    for (const doc of ['t1', 't3']) expect(textOf(await storage.loadDocument(doc))).toBe('Kutaisi Gori Telavi ')
  })

  it('answers a reader at once while appends keep arriving', async () => {
    const { storage } = await freshStore()
    const [update] = typedUpdates(['x'])
    let typing = true
    const appended: Promise<void>[] = []
    // A hall typing without pause: an append every turn of the event loop.
    const typist = (async () => {
      while (typing) {
        appended.push(storage.appendUpdate('busy/table/1', update!))
        await new Promise((r) => setImmediate(r))
      }
    })()
    await new Promise((r) => setTimeout(r, 50))
    const started = Date.now()
    expect(await storage.loadDocument('quiet/table/1')).toEqual([])
    const waited = Date.now() - started
    typing = false
    await typist
    await Promise.all(appended)
    expect(waited).toBeLessThan(2000)
    expect(await storage.countPendingUpdates('busy/table/1')).toBe(appended.length)
  })

  it('loses no update and keeps their order while merges run between appends', async () => {
    const { storage, reopen } = await freshStore()
    const reader = await reopen()
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`)
    const updates = typedUpdates(words)
    const appended: Promise<void>[] = []
    const merges: Promise<void>[] = []
    for (let i = 0; i < updates.length; i++) {
      appended.push(storage.appendUpdate('c/table/1', updates[i]!))
      // Merges, from this store and from a second one on the same place, amid the appends.
      if (i % 7 === 3) merges.push(storage.compactDocument('c/table/1', (parts) => Y.mergeUpdates(parts)))
      if (i % 11 === 5) merges.push(reader.compactDocument('c/table/1', (parts) => Y.mergeUpdates(parts)))
      if (i % 5 === 0) await new Promise((r) => setImmediate(r))
    }
    await Promise.all([...appended, ...merges])
    const expected = `${words.join(' ')} `
    expect(textOf(await reader.loadDocument('c/table/1'))).toBe(expected)
    await storage.compactDocument('c/table/1', (parts) => Y.mergeUpdates(parts))
    expect(await reader.loadDocument('c/table/1')).toHaveLength(1)
    expect(textOf(await reader.loadDocument('c/table/1'))).toBe(expected)
  })

  it('replaces a document’s whole history by one state, and later appends follow it', async () => {
    const { storage } = await freshStore()
    const updates = typedUpdates(['Nino', 'Beridze', 'said'])
    for (const u of updates) await storage.appendUpdate('c/summary', u)
    await storage.compactDocument('c/summary', (parts) => Y.mergeUpdates(parts))
    await storage.appendUpdate('c/summary', typedUpdates(['x'])[0]!)
    const doc = new Y.Doc({ gc: true })
    doc.getText('notes').insert(0, 'A participant said ')
    await storage.replaceDocument('c/summary', Y.encodeStateAsUpdate(doc))
    expect(await storage.countPendingUpdates('c/summary')).toBe(0)
    const stored = await storage.loadDocument('c/summary')
    expect(stored).toHaveLength(1)
    expect(textOf(stored)).toBe('A participant said ')
    // Appends after the replacement come after it, not before.
    const more = new Y.Doc()
    Y.applyUpdate(more, stored[0]!)
    more.on('update', (u: Uint8Array) => void storage.appendUpdate('c/summary', u))
    more.getText('notes').insert(more.getText('notes').length, 'hello')
    const after = await storage.loadDocument('c/summary')
    expect(after).toHaveLength(2)
    expect(textOf(after)).toBe('A participant said hello')
    expect(await storage.countPendingUpdates('c/summary')).toBe(1)
  })

  it("keeps a café's harvest, applying a save only over the version it was based on", async () => {
    const { storage, reopen } = await freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [])
    const { first, second } = harvests()
    expect(await storage.loadHarvest(cafe.id)).toBeUndefined()
    expect(await storage.saveHarvest(cafe.id, first, 0)).toBe(true)
    // A second writer that also started from "no harvest yet" loses, and changes nothing.
    expect(await storage.saveHarvest(cafe.id, second, 0)).toBe(false)
    await storage.close()
    const reopened = await reopen()
    expect(await reopened.loadHarvest(cafe.id)).toEqual({ cafeId: cafe.id, version: 1, state: first })
    expect(await reopened.saveHarvest(cafe.id, second, 1)).toBe(true)
    expect(await reopened.saveHarvest(cafe.id, first, 1)).toBe(false)
    expect((await reopened.loadHarvest(cafe.id))?.version).toBe(2)
  })

  it('imports a café with its documents and harvest in one go, or nothing of it', async () => {
    const { storage } = await freshStore()
    const { first } = harvests()
    const cafe = aCafe('cafe-imported', 'HJKLMN')
    const [update] = typedUpdates(['Imported'])
    await storage.importCafe({
      state: cafe,
      tokens: [{ hash: 'fi', cafeId: cafe.id, role: 'facilitator' }],
      documents: [{ name: `${cafe.id}/table/1`, update: update! }],
      harvest: first,
    })
    expect(await storage.loadCafe(cafe.id)).toEqual(cafe)
    expect(textOf(await storage.loadDocument(`${cafe.id}/table/1`))).toBe('Imported ')
    expect(await storage.loadHarvest(cafe.id)).toEqual({ cafeId: cafe.id, version: 1, state: first })
    // The same join code again: refused, and none of its documents, tokens or harvest stay.
    const clash = aCafe('cafe-clash', 'HJKLMN')
    await expect(
      storage.importCafe({
        state: clash,
        tokens: [{ hash: 'fc', cafeId: clash.id, role: 'facilitator' }],
        documents: [{ name: `${clash.id}/table/1`, update: update! }],
        harvest: first,
      }),
    ).rejects.toThrow()
    expect(await storage.loadCafe(clash.id)).toBeUndefined()
    expect(await storage.findToken('fc')).toBeUndefined()
    expect(await storage.loadDocument(`${clash.id}/table/1`)).toEqual([])
  })

  it('deletes a café with everything of it, and nothing of a café whose id it prefixes', async () => {
    const { storage } = await freshStore()
    const { first } = harvests()
    // Ids that a LIKE pattern or a language's collation would confuse with a_b's range.
    const ids = ['a_b', 'a_bc', 'a_b0', 'a%b', 'a-b', 'a.b']
    for (const [i, id] of ids.entries()) {
      await storage.createCafe(aCafe(id, `CODE${i}A`), [{ hash: `h-${id}`, cafeId: id, role: 'facilitator' }])
      await storage.appendUpdate(`${id}/table/1`, new Uint8Array([i]))
      await storage.appendUpdate(`${id}/summary`, new Uint8Array([i]))
      await storage.compactDocument(`${id}/summary`, (u) => u[0]!)
      await storage.saveHarvest(id, first, 0)
      await storage.saveRegistrations(id, [{ id: 'r-1', name: 'Nino', code: 'ABCD-EFGH' }])
    }
    await storage.appendUpdate('a_b', new Uint8Array([9]))
    expect(await storage.deleteCafe('a_b')).toBe(true)
    expect(await storage.deleteCafe('a_b')).toBe(false)
    expect(await storage.loadCafe('a_b')).toBeUndefined()
    expect(await storage.findToken('h-a_b')).toBeUndefined()
    expect(await storage.loadHarvest('a_b')).toBeUndefined()
    expect(await storage.listRegistrations('a_b')).toEqual([])
    expect(await storage.loadDocument('a_b/table/1')).toEqual([])
    expect(await storage.loadDocument('a_b/summary')).toEqual([])
    // A document that is not the café's (no '/') stays, as does every other café.
    expect(await storage.loadDocument('a_b')).toHaveLength(1)
    for (const id of ids.slice(1)) {
      expect(await storage.loadCafe(id)).toBeDefined()
      expect(await storage.loadDocument(`${id}/table/1`)).toHaveLength(1)
      expect(await storage.loadDocument(`${id}/summary`)).toHaveLength(1)
      expect(await storage.findToken(`h-${id}`)).toBeDefined()
    }
    expect((await storage.listCafes()).map((c) => c.id).sort()).toEqual(ids.slice(1).sort())
  })

  it('lists the cafés newest first with what a glance needs, and finds them by phase', async () => {
    const { storage } = await freshStore()
    const older = aCafe('cafe-older', 'OLDERA')
    const newer = { ...aCafe('cafe-newer', 'NEWERA'), createdAt: older.createdAt + 1000 }
    await storage.createCafe(older, [])
    await storage.createCafe(newer, [])
    const running: CafeState = {
      ...newer,
      version: 2,
      phase: { kind: 'running', round: 1, endsAt: newer.createdAt + 60_000 },
      people: {
        p1: { id: 'p1', name: 'Nino', joinedAt: 0 } as CafeState['people'][string],
        p2: { id: 'p2', name: 'Olena', joinedAt: 0, removed: true } as CafeState['people'][string],
      },
    }
    expect(await storage.saveCafe(running, 1)).toBe(true)
    expect(await storage.setDeleteAt(older.id, 1_800_000_000_000)).toBe(true)
    expect(await storage.setDeleteAt('no-such-cafe', 1)).toBe(false)
    expect(await storage.listCafes()).toEqual([
      { id: 'cafe-newer', joinCode: 'NEWERA', topic: 'Resource centres', createdAt: newer.createdAt, phase: 'running', round: 1, tables: 2, rounds: 2, participants: 1 },
      { id: 'cafe-older', joinCode: 'OLDERA', topic: 'Resource centres', createdAt: older.createdAt, phase: 'lobby', tables: 2, rounds: 2, participants: 0, deleteAt: 1_800_000_000_000 },
    ])
    expect(await storage.listCafeIdsInPhase('running')).toEqual(['cafe-newer'])
    expect(await storage.listCafeIdsInPhase('lobby')).toEqual(['cafe-older'])
    expect(await storage.cafesDueForDeletion(1_799_999_999_999)).toEqual([])
    expect(await storage.cafesDueForDeletion(1_800_000_000_000)).toEqual(['cafe-older'])
    expect(await storage.setDeleteAt(older.id, undefined)).toBe(true)
    expect(await storage.cafesDueForDeletion(Number.MAX_SAFE_INTEGER)).toEqual([])
  })

  it('keeps the registration list in the order first stored, with its codes, atomically', async () => {
    const { storage } = await freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [])
    const list: Registration[] = [
      { id: 'r-2', name: 'Olena Kovalenko', code: 'JKLM-NPQR', country: 'Ukraine' },
      { id: 'r-1', name: 'Nino Beridze', code: 'ABCD-EFGH' },
      { id: 'r-3', name: 'Ana', code: 'STUV-WXYZ', table: 1 },
    ]
    const code: TokenRecord = { hash: 'c1', cafeId: cafe.id, role: 'participant', participantId: 'p-nino' }
    await storage.saveRegistrations(cafe.id, list, [code])
    // A change keeps the entry's place.
    await storage.saveRegistrations(cafe.id, [{ ...list[0]!, personId: 'p-olena' }])
    expect(await storage.listRegistrations(cafe.id)).toEqual([{ ...list[0]!, personId: 'p-olena' }, list[1], list[2]])
    expect(await storage.findToken('c1')).toEqual(code)
    // A token that is taken fails the whole save: the new entry is not stored either.
    await expect(storage.saveRegistrations(cafe.id, [{ id: 'r-4', name: 'Late', code: 'QQQQ-QQQQ' }], [code])).rejects.toThrow()
    expect((await storage.listRegistrations(cafe.id)).map((r) => r.id)).toEqual(['r-2', 'r-1', 'r-3'])
    await storage.deleteRegistrations(cafe.id, ['r-1'])
    expect((await storage.listRegistrations(cafe.id)).map((r) => r.id)).toEqual(['r-2', 'r-3'])
    await storage.deleteRegistrations(cafe.id)
    expect(await storage.listRegistrations(cafe.id)).toEqual([])
  })

  it('keeps templates, newest first, and replaces one saved again under its id', async () => {
    const { storage } = await freshStore()
    await storage.saveTemplate({ id: 't1', name: 'Seminar', createdAt: 1000, body: '{"a":1}' })
    await storage.saveTemplate({ id: 't2', name: 'Conference', createdAt: 2000, body: '{"b":2}' })
    await storage.saveTemplate({ id: 't1', name: 'Seminar hall', createdAt: 3000, body: '{"a":2}' })
    // A save again changes name and body; the creation time stays.
    expect(await storage.listTemplates()).toEqual([
      { id: 't2', name: 'Conference', createdAt: 2000, body: '{"b":2}' },
      { id: 't1', name: 'Seminar hall', createdAt: 1000, body: '{"a":2}' },
    ])
    expect(await storage.loadTemplate('t1')).toEqual({ id: 't1', name: 'Seminar hall', createdAt: 1000, body: '{"a":2}' })
    // A pasted name keeps every character.
    await storage.saveTemplate({ id: 't3', name: 'Hall \u0000 ცენტრი', createdAt: 4000, body: '{"c":"\\u0000"}' })
    expect(await storage.loadTemplate('t3')).toEqual({ id: 't3', name: 'Hall \u0000 ცენტრი', createdAt: 4000, body: '{"c":"\\u0000"}' })
    expect(await storage.deleteTemplate('t1')).toBe(true)
    expect(await storage.deleteTemplate('t1')).toBe(false)
    expect(await storage.loadTemplate('t1')).toBeUndefined()
  })

  it('keeps everything it holds through a scrub', async () => {
    const { storage } = await freshStore()
    const cafe = aCafe()
    await storage.createCafe(cafe, [{ hash: 'h1', cafeId: cafe.id, role: 'facilitator' }])
    for (const u of typedUpdates(['kept', 'text'])) await storage.appendUpdate(`${cafe.id}/table/1`, u)
    await storage.createCafe(aCafe('gone', 'GONEAB'), [])
    await storage.deleteCafe('gone')
    await storage.scrub()
    expect(await storage.loadCafe(cafe.id)).toEqual(cafe)
    expect(textOf(await storage.loadDocument(`${cafe.id}/table/1`))).toBe('kept text ')
    expect(await storage.loadCafe('gone')).toBeUndefined()
  })

  describe('the reset of a rehearsed café', () => {
    it('keeps the registration list with its hosts and seats, unclaimed, and the printed codes; drops everything else of the rehearsal in one go', async () => {
      const { storage } = await freshStore()
      const lobby = newCafeState({
        id: 'rehearsed-cafe',
        joinCode: 'ABCDEF',
        now: 0,
        settings: { topic: 'Resource centres', questions: ['Q1'], roundMinutes: 20, ask: { country: false, organisation: false, language: false } },
        tableNames: ['', ''],
      })
      const staffTokens = [
        { hash: 'f'.repeat(64), cafeId: lobby.id, role: 'facilitator' as const },
        { hash: 'o'.repeat(64), cafeId: lobby.id, role: 'organiser' as const },
      ]
      await storage.createCafe(lobby, staffTokens)
      const rehearsed = startRehearsal(lobby, [{ id: 'g1', name: 'Rehearsal guest 1' }], 1)
      if (!rehearsed.ok) throw new Error(rehearsed.message)
      expect(await storage.saveCafe(rehearsed.value, lobby.version)).toBe(true)
      const registrations: Registration[] = [
        { id: 'r-1', name: 'Nino Beridze', code: 'ABCD-EFGH', hostOf: 0, personId: 'p-nino' },
        { id: 'r-2', name: 'Olena Kovalenko', code: 'JKLM-NPQR', table: 1 },
        { id: 'w-g2', name: 'Walked in during the rehearsal', code: 'STUV-WXYZ', personId: 'g2' },
      ]
      await storage.saveRegistrations(lobby.id, registrations, [{ hash: 'c'.repeat(64), cafeId: lobby.id, role: 'participant', participantId: 'p-nino' }])
      await storage.addTokens([
        { hash: 'g'.repeat(64), cafeId: lobby.id, role: 'participant', participantId: 'g1' },
        { hash: 'n'.repeat(64), cafeId: lobby.id, role: 'participant', participantId: 'p-nino' },
      ])
      await storage.appendUpdate(`${lobby.id}/table/1`, new Uint8Array([1, 2, 3]))
      await storage.appendUpdate(`${lobby.id}/summary`, new Uint8Array([4]))
      await storage.compactDocument(`${lobby.id}/table/1`, (u) => u[0]!)
      await storage.appendUpdate('other-cafe/table/1', new Uint8Array([5]))
      await storage.saveHarvest(lobby.id, { proposals: [], merged: [], decisions: [], votes: { status: 'not-open', dotsPerVoter: 3, voters: [], dots: [] } } as never, 0)

      const after = resetRehearsal(rehearsed.value)
      if (!after.ok) throw new Error(after.message)
      // A clash (someone else wrote the café meanwhile) changes nothing.
      const { kept, dropped } = releaseRegistrations(registrations)
      const stale = { state: after.value, expectedVersion: lobby.version, keepTokens: ['c'.repeat(64)], registrations: kept, dropRegistrations: dropped }
      expect(await storage.resetCafe(stale)).toBe(false)
      expect(await storage.loadDocument(`${lobby.id}/table/1`)).toHaveLength(1)

      expect(await storage.resetCafe({ ...stale, expectedVersion: rehearsed.value.version })).toBe(true)
      expect(await storage.loadCafe(lobby.id)).toEqual(after.value)
      expect(await storage.loadDocument(`${lobby.id}/table/1`)).toEqual([])
      expect(await storage.loadDocument(`${lobby.id}/summary`)).toEqual([])
      expect(await storage.loadDocument('other-cafe/table/1')).toHaveLength(1)
      expect(await storage.loadHarvest(lobby.id)).toBeUndefined()
      expect(await storage.listRegistrations(lobby.id)).toEqual([
        { id: 'r-1', name: 'Nino Beridze', code: 'ABCD-EFGH', hostOf: 0 },
        { id: 'r-2', name: 'Olena Kovalenko', code: 'JKLM-NPQR', table: 1 },
      ])
      // The printed code still works on the day; the devices' tokens of the rehearsal do not.
      expect(await storage.findToken('c'.repeat(64))).toMatchObject({ participantId: 'p-nino' })
      expect(await storage.findToken('g'.repeat(64))).toBeUndefined()
      expect(await storage.findToken('n'.repeat(64))).toBeUndefined()
      expect(await storage.findToken('f'.repeat(64))).toMatchObject({ role: 'facilitator' })
      expect(await storage.findToken('o'.repeat(64))).toMatchObject({ role: 'organiser' })
    })
  })
}
