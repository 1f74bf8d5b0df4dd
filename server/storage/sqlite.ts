/**
 * SQLite behind the storage interface (better-sqlite3). WAL with synchronous=FULL: a commit is
 * on disk before the call returns, so a power cut after an acknowledged edit loses nothing.
 *
 * Two connections to one file. Every write goes to the writer thread (sqlite-writer.ts), so its
 * COMMIT and fsync never stop this thread from relaying edits; reads run here, on a connection
 * of their own (WAL readers see every commit made before they start, never wait for a writer).
 * A read after an awaited write sees it; a document's reads also wait for the appends handed
 * over before them, as the storage interface promises.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CafeState } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import type { Registration } from '../../shared/prep/registration.js'
import type { CafeListing, Storage, StoredTemplate, TokenRecord } from './storage.js'
import { migrate } from './sqlite-migrations.js'
import { openSqlite } from './sqlite-connection.js'
import type { Durability } from './sqlite-writer-protocol.js'
import { startWriter } from './sqlite-writer-client.js'

/** The SQLite store; `durability()` reports the settings the power-cut promise rests on, as the writing connection has them. */
export type SqliteStorage = Storage & { durability(): Promise<Durability> }

interface ListingRow {
  id: string
  join_code: string
  created_at: number
  topic: string | null
  phase: string | null
  round: number | null
  tables: number | null
  rounds: number | null
  participants: number
  delete_at: number | null
}

function listing(row: ListingRow): CafeListing {
  return {
    id: row.id,
    joinCode: row.join_code,
    topic: row.topic ?? '',
    createdAt: row.created_at,
    phase: (row.phase ?? 'lobby') as CafeListing['phase'],
    ...(typeof row.round === 'number' ? { round: row.round } : {}),
    tables: row.tables ?? 0,
    rounds: row.rounds ?? 0,
    participants: row.participants,
    ...(typeof row.delete_at === 'number' ? { deleteAt: row.delete_at } : {}),
  }
}

export interface SqliteOptions {
  /**
   * Caps the database at this many pages (`PRAGMA max_page_count`; a page is 4 KiB): a write that
   * would grow it further fails with SQLITE_FULL, exactly as on a full disk. SQLite never caps
   * below the file's current size.
   */
  maxPages?: number
}

export function createSqliteStorage(file: string, options: SqliteOptions = {}): SqliteStorage {
  mkdirSync(dirname(file), { recursive: true })
  const db = openSqlite(file)
  // Once, before the writer thread opens its connection.
  migrate(db)
  // This connection only reads: a write here would block this thread and bypass the writer's order.
  db.pragma('query_only = ON')
  const writer = startWriter({ file, ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}) })

  const q = {
    loadCafe: db.prepare<[string], { state: string }>('SELECT state FROM cafes WHERE id = ?'),
    cafeByCode: db.prepare<[string], { id: string }>('SELECT id FROM cafes WHERE join_code = ?'),
    findToken: db.prepare<[string], { hash: string; cafe_id: string; role: string; participant_id: string | null }>(
      'SELECT hash, cafe_id, role, participant_id FROM tokens WHERE hash = ?',
    ),
    cafesInPhase: db.prepare<[string], { id: string }>("SELECT id FROM cafes WHERE json_extract(state, '$.phase.kind') = ?"),
    // The list reads a few fields out of each state's JSON rather than parsing every state here.
    listCafes: db.prepare<[], ListingRow>(
      `SELECT id, join_code, created_at, delete_at,
              json_extract(state, '$.settings.topic') AS topic,
              json_extract(state, '$.phase.kind') AS phase,
              json_extract(state, '$.phase.round') AS round,
              json_array_length(state, '$.tables') AS tables,
              json_array_length(state, '$.settings.questions') AS rounds,
              (SELECT count(*) FROM json_each(state, '$.people')
                WHERE coalesce(json_extract(json_each.value, '$.removed'), 0) = 0) AS participants
         FROM cafes ORDER BY created_at DESC, id`,
    ),
    snapshot: db.prepare<[string], { data: Buffer; last_update: number }>(
      'SELECT data, last_update FROM document_snapshots WHERE document = ?',
    ),
    updatesAfter: db.prepare<[string, number], { id: number; data: Buffer }>(
      'SELECT id, data FROM document_updates WHERE document = ? AND id > ? ORDER BY id',
    ),
    countAfter: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM document_updates WHERE document = ? AND id > ?',
    ),
    loadHarvest: db.prepare<[string], { version: number; state: string }>('SELECT version, state FROM harvests WHERE cafe_id = ?'),
    listRegistrations: db.prepare<[string], { data: string }>('SELECT data FROM registrations WHERE cafe_id = ? ORDER BY rowid'),
    listTemplates: db.prepare<[], { id: string; name: string; created_at: number; body: string }>(
      'SELECT id, name, created_at, body FROM templates ORDER BY created_at DESC, id',
    ),
    loadTemplate: db.prepare<[string], { id: string; name: string; created_at: number; body: string }>(
      'SELECT id, name, created_at, body FROM templates WHERE id = ?',
    ),
    dueForDeletion: db.prepare<[number], { id: string }>('SELECT id FROM cafes WHERE delete_at IS NOT NULL AND delete_at <= ?'),
  }

  const template = (row: { id: string; name: string; created_at: number; body: string }): StoredTemplate => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    body: row.body,
  })
  // One read transaction: the snapshot and the updates after it as of one moment.
  const readDocument = db.transaction((document: string) => {
    const snap = q.snapshot.get(document)
    const rows = q.updatesAfter.all(document, snap?.last_update ?? 0)
    return { snap, rows }
  })
  /** Waits for every write and append handed over so far (the writer answers in order). */
  const drained = () => writer.write('drained')

  const store: SqliteStorage = {
    createCafe: (state, tokens) => writer.write('createCafe', state, tokens),
    importCafe: (cafe) => writer.write('importCafe', cafe),
    async loadCafe(cafeId) {
      const row = q.loadCafe.get(cafeId)
      return row ? (JSON.parse(row.state) as CafeState) : undefined
    },
    async findCafeIdByJoinCode(joinCode) {
      return q.cafeByCode.get(joinCode)?.id
    },
    saveCafe: (state, expectedVersion, newTokens = []) =>
      writer.write('saveCafe', { id: state.id, version: state.version, json: JSON.stringify(state) }, expectedVersion, newTokens),
    async findToken(hash) {
      const row = q.findToken.get(hash)
      if (!row) return undefined
      return {
        hash: row.hash,
        cafeId: row.cafe_id,
        role: row.role as TokenRecord['role'],
        ...(row.participant_id ? { participantId: row.participant_id } : {}),
      }
    },
    addTokens: (tokens) => writer.write('addTokens', tokens),
    revokeTokens: (cafeId, role, replacements = []) => writer.write('revokeTokens', cafeId, role, replacements),
    // Appends handed over before a reset or a deletion are written before it, not after.
    resetCafe: (reset) => writer.write('resetCafe', reset),
    async listCafeIdsInPhase(kind) {
      return q.cafesInPhase.all(kind).map((r) => r.id)
    },
    async listCafes() {
      return q.listCafes.all().map(listing)
    },
    deleteCafe: (cafeId) => writer.write('deleteCafe', cafeId),
    appendUpdate: (document, update) => writer.append(document, update),
    async loadDocument(document) {
      // Readers see every append already handed to us, even those still waiting for their batch.
      await drained()
      const { snap, rows } = readDocument(document)
      return [...(snap ? [new Uint8Array(snap.data)] : []), ...rows.map((r) => new Uint8Array(r.data))]
    },
    async countPendingUpdates(document) {
      await drained()
      return q.countAfter.get(document, q.snapshot.get(document)?.last_update ?? 0)?.n ?? 0
    },
    async compactDocument(document, merge) {
      // Read and merged here (the merge is the caller's function), stored by the writer only if
      // nothing changed the document in between (see storeMerge).
      await drained()
      const { snap, rows } = readDocument(document)
      if (rows.length === 0) return
      const parts = [...(snap ? [new Uint8Array(snap.data)] : []), ...rows.map((r) => new Uint8Array(r.data))]
      await writer.write('storeMerge', document, merge(parts), snap?.last_update ?? 0, rows[rows.length - 1]!.id)
    },
    replaceDocument: (document, state) => writer.write('replaceDocument', document, state),
    scrub: () => writer.write('scrub'),
    async loadHarvest(cafeId) {
      const row = q.loadHarvest.get(cafeId)
      return row ? { cafeId, version: row.version, state: JSON.parse(row.state) as HarvestState } : undefined
    },
    saveHarvest: (cafeId, state, expectedVersion) => writer.write('saveHarvest', cafeId, state, expectedVersion),
    saveRegistrations: (cafeId, registrations, tokens = []) => writer.write('saveRegistrations', cafeId, registrations, tokens),
    async listRegistrations(cafeId) {
      return q.listRegistrations.all(cafeId).map((r) => JSON.parse(r.data) as Registration)
    },
    deleteRegistrations: (cafeId, ids) => writer.write('deleteRegistrations', cafeId, ids),
    saveTemplate: (t) => writer.write('saveTemplate', t),
    async listTemplates() {
      return q.listTemplates.all().map(template)
    },
    async loadTemplate(id) {
      const row = q.loadTemplate.get(id)
      return row ? template(row) : undefined
    },
    deleteTemplate: (id) => writer.write('deleteTemplate', id),
    setDeleteAt: (cafeId, deleteAt) => writer.write('setDeleteAt', cafeId, deleteAt ?? null),
    async cafesDueForDeletion(now) {
      return q.dueForDeletion.all(now).map((r) => r.id)
    },
    async backup(destination) {
      mkdirSync(dirname(destination), { recursive: true })
      // Copied from the writing connection, after every write handed over before.
      await writer.write('backup', destination)
    },
    async close() {
      await writer.close()
      if (db.open) db.close()
    },
    durability: () => writer.write('durability'),
  }
  return store
}
