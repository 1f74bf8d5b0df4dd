/**
 * SQLite behind the storage interface (better-sqlite3). WAL with synchronous=FULL: a commit is
 * on disk before the call returns, so a power cut after an acknowledged edit loses nothing.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CafeState } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import type { Registration } from '../../shared/prep/registration.js'
import type { CafeListing, CafeReset, ImportedCafe, Storage, StoredTemplate, TokenRecord } from './storage.js'
import { migrate } from './sqlite-migrations.js'
import { WRITES } from './storage-health.js'

/** The SQLite store; `durability()` reports the settings the power-cut promise rests on. */
export type SqliteStorage = Storage & { durability(): { journalMode: string; synchronous: number } }

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
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  // Deleted and overwritten rows are zeroed, not left in free space: an erased name or a deleted
  // café must not be readable from the file (server/privacy).
  db.pragma('secure_delete = ON')
  // Another connection (npm run backup) may hold the lock for a moment; wait rather than fail.
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`)
  migrate(db)
  if (options.maxPages !== undefined) db.pragma(`max_page_count = ${Math.floor(options.maxPages)}`)

  const q = {
    insertCafe: db.prepare('INSERT INTO cafes (id, join_code, version, state, created_at) VALUES (?, ?, ?, ?, ?)'),
    loadCafe: db.prepare<[string], { state: string }>('SELECT state FROM cafes WHERE id = ?'),
    cafeByCode: db.prepare<[string], { id: string }>('SELECT id FROM cafes WHERE join_code = ?'),
    updateCafe: db.prepare('UPDATE cafes SET state = ?, version = ? WHERE id = ? AND version = ?'),
    insertToken: db.prepare('INSERT INTO tokens (hash, cafe_id, role, participant_id) VALUES (?, ?, ?, ?)'),
    deleteTokens: db.prepare('DELETE FROM tokens WHERE cafe_id = ? AND role = ?'),
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
    deleteCafe: db.prepare('DELETE FROM cafes WHERE id = ?'),
    deleteCafeTokens: db.prepare('DELETE FROM tokens WHERE cafe_id = ?'),
    deleteHarvest: db.prepare('DELETE FROM harvests WHERE cafe_id = ?'),
    // A café's documents are named `<cafeId>/…`; '0' is the character after '/', so the range
    // is exactly that prefix and uses the index (LIKE would read '_' in an id as a wildcard).
    deleteUpdates: db.prepare('DELETE FROM document_updates WHERE document >= ? AND document < ?'),
    deleteSnapshots: db.prepare('DELETE FROM document_snapshots WHERE document >= ? AND document < ?'),
    appendUpdate: db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)'),
    snapshot: db.prepare<[string], { data: Buffer; last_update: number }>(
      'SELECT data, last_update FROM document_snapshots WHERE document = ?',
    ),
    updatesAfter: db.prepare<[string, number], { id: number; data: Buffer }>(
      'SELECT id, data FROM document_updates WHERE document = ? AND id > ? ORDER BY id',
    ),
    countAfter: db.prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM document_updates WHERE document = ? AND id > ?',
    ),
    upsertSnapshot: db.prepare(
      `INSERT INTO document_snapshots (document, data, last_update) VALUES (?, ?, ?)
       ON CONFLICT (document) DO UPDATE SET data = excluded.data, last_update = excluded.last_update`,
    ),
    deleteUpTo: db.prepare('DELETE FROM document_updates WHERE document = ? AND id <= ?'),
    deleteDocumentUpdates: db.prepare('DELETE FROM document_updates WHERE document = ?'),
    lastUpdateOf: db.prepare<[string], { last: number | null }>('SELECT max(id) AS last FROM document_updates WHERE document = ?'),
    loadHarvest: db.prepare<[string], { version: number; state: string }>('SELECT version, state FROM harvests WHERE cafe_id = ?'),
    insertHarvest: db.prepare('INSERT OR IGNORE INTO harvests (cafe_id, version, state) VALUES (?, 1, ?)'),
    updateHarvest: db.prepare('UPDATE harvests SET state = ?, version = ? WHERE cafe_id = ? AND version = ?'),
    upsertRegistration: db.prepare(
      `INSERT INTO registrations (cafe_id, id, data) VALUES (?, ?, ?)
       ON CONFLICT (cafe_id, id) DO UPDATE SET data = excluded.data`,
    ),
    listRegistrations: db.prepare<[string], { data: string }>('SELECT data FROM registrations WHERE cafe_id = ? ORDER BY rowid'),
    deleteRegistration: db.prepare('DELETE FROM registrations WHERE cafe_id = ? AND id = ?'),
    deleteAllRegistrations: db.prepare('DELETE FROM registrations WHERE cafe_id = ?'),
    insertTemplate: db.prepare(
      `INSERT INTO templates (id, name, created_at, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body`,
    ),
    listTemplates: db.prepare<[], { id: string; name: string; created_at: number; body: string }>(
      'SELECT id, name, created_at, body FROM templates ORDER BY created_at DESC, id',
    ),
    loadTemplate: db.prepare<[string], { id: string; name: string; created_at: number; body: string }>(
      'SELECT id, name, created_at, body FROM templates WHERE id = ?',
    ),
    deleteTemplate: db.prepare('DELETE FROM templates WHERE id = ?'),
    participantTokens: db.prepare<[string], { hash: string }>("SELECT hash FROM tokens WHERE cafe_id = ? AND role = 'participant' AND participant_id IS NOT NULL"),
    deleteToken: db.prepare('DELETE FROM tokens WHERE hash = ?'),
    setDeleteAt: db.prepare('UPDATE cafes SET delete_at = ? WHERE id = ?'),
    dueForDeletion: db.prepare<[number], { id: string }>('SELECT id FROM cafes WHERE delete_at IS NOT NULL AND delete_at <= ?'),
  }

  const insertTokens = (tokens: TokenRecord[]) => {
    for (const t of tokens) q.insertToken.run(t.hash, t.cafeId, t.role, t.participantId ?? null)
  }
  const createCafeTx = db.transaction((state: CafeState, tokens: TokenRecord[]) => {
    q.insertCafe.run(state.id, state.joinCode, state.version, JSON.stringify(state), state.createdAt)
    insertTokens(tokens)
  })
  const importCafeTx = db.transaction((cafe: ImportedCafe) => {
    createCafeTx(cafe.state, cafe.tokens)
    for (const d of cafe.documents) q.appendUpdate.run(d.name, Buffer.from(d.update))
    if (cafe.harvest) q.insertHarvest.run(cafe.state.id, JSON.stringify(cafe.harvest))
  })
  const saveCafeTx = db.transaction((state: CafeState, expected: number, tokens: TokenRecord[]) => {
    const changed = q.updateCafe.run(JSON.stringify(state), state.version, state.id, expected).changes
    if (changed !== 1) return false
    insertTokens(tokens)
    return true
  })
  const saveRegistrationsTx = db.transaction((cafeId: string, registrations: Registration[], tokens: TokenRecord[]) => {
    for (const r of registrations) q.upsertRegistration.run(cafeId, r.id, JSON.stringify(r))
    insertTokens(tokens)
  })
  const deleteRegistrationsTx = db.transaction((cafeId: string, ids: string[] | undefined) => {
    if (!ids) q.deleteAllRegistrations.run(cafeId)
    else for (const id of ids) q.deleteRegistration.run(cafeId, id)
  })
  const template = (row: { id: string; name: string; created_at: number; body: string }): StoredTemplate => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    body: row.body,
  })
  const deleteCafeTx = db.transaction((cafeId: string) => {
    q.deleteUpdates.run(`${cafeId}/`, `${cafeId}0`)
    q.deleteSnapshots.run(`${cafeId}/`, `${cafeId}0`)
    q.deleteHarvest.run(cafeId)
    q.deleteCafeTokens.run(cafeId)
    q.deleteAllRegistrations.run(cafeId)
    return q.deleteCafe.run(cafeId).changes === 1
  })
  const resetCafeTx = db.transaction((reset: CafeReset) => {
    const { state } = reset
    if (q.updateCafe.run(JSON.stringify(state), state.version, state.id, reset.expectedVersion).changes !== 1) return false
    q.deleteUpdates.run(`${state.id}/`, `${state.id}0`)
    q.deleteSnapshots.run(`${state.id}/`, `${state.id}0`)
    q.deleteHarvest.run(state.id)
    const keep = new Set(reset.keepTokens)
    for (const { hash } of q.participantTokens.all(state.id)) if (!keep.has(hash)) q.deleteToken.run(hash)
    for (const r of reset.registrations) q.upsertRegistration.run(state.id, r.id, JSON.stringify(r))
    for (const id of reset.dropRegistrations) q.deleteRegistration.run(state.id, id)
    return true
  })
  const lastSnapshotId = (document: string) => q.snapshot.get(document)?.last_update ?? 0
  const readDocument = (document: string) => {
    const snap = q.snapshot.get(document)
    const rows = q.updatesAfter.all(document, snap?.last_update ?? 0)
    return { snap, rows }
  }
  // One transaction: a reader sees either the old snapshot with its updates or the new one.
  const compactTx = db.transaction((document: string, merge: (u: Uint8Array[]) => Uint8Array) => {
    const { snap, rows } = readDocument(document)
    if (rows.length === 0) return
    const parts = [...(snap ? [new Uint8Array(snap.data)] : []), ...rows.map((r) => new Uint8Array(r.data))]
    const lastId = rows[rows.length - 1]!.id
    q.upsertSnapshot.run(document, Buffer.from(merge(parts)), lastId)
    q.deleteUpTo.run(document, lastId)
  })

  const replaceDocumentTx = db.transaction((document: string, state: Uint8Array) => {
    // Update ids never come back (AUTOINCREMENT): later appends still sort after this snapshot.
    const last = Math.max(q.lastUpdateOf.get(document)?.last ?? 0, lastSnapshotId(document))
    q.deleteDocumentUpdates.run(document)
    q.upsertSnapshot.run(document, Buffer.from(state), last)
  })

  // Group commit: appends that arrive in the same turn of the event loop (from any documents)
  // share one transaction, so one fsync instead of one each. Each promise still resolves only
  // once its row is on disk, so "stored before relayed" holds; a failed commit rejects them all.
  type PendingAppend = { document: string; data: Buffer; resolve: () => void; reject: (err: unknown) => void }
  let pendingAppends: PendingAppend[] = []
  const appendAll = db.transaction((batch: PendingAppend[]) => {
    for (const a of batch) q.appendUpdate.run(a.document, a.data)
  })
  function flushAppends(): void {
    if (pendingAppends.length === 0) return
    const batch = pendingAppends
    pendingAppends = []
    try {
      appendAll(batch)
    } catch (err) {
      lockSeen(err)
      for (const a of batch) a.reject(err)
      return
    }
    lockGone()
    for (const a of batch) a.resolve()
  }

  // better-sqlite3 waits for another program's lock synchronously: the whole server stands still
  // for up to BUSY_WAIT_MS. Once a write has waited that long in vain, the next ones wait only
  // BUSY_RETRY_MS until one gets through — a long lock then freezes the server once, not on every
  // edit, and its writers are refused at once (storage_failed) and try again.
  let locked = false
  function lockSeen(err: unknown): void {
    if (locked || (err as { code?: unknown } | null)?.code !== 'SQLITE_BUSY') return
    locked = true
    db.pragma(`busy_timeout = ${BUSY_RETRY_MS}`)
  }
  function lockGone(): void {
    if (!locked) return
    locked = false
    db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`)
  }

  const store: SqliteStorage = {
    async createCafe(state, tokens) {
      createCafeTx(state, tokens)
    },
    async importCafe(cafe) {
      importCafeTx(cafe)
    },
    async loadCafe(cafeId) {
      const row = q.loadCafe.get(cafeId)
      return row ? (JSON.parse(row.state) as CafeState) : undefined
    },
    async findCafeIdByJoinCode(joinCode) {
      return q.cafeByCode.get(joinCode)?.id
    },
    async saveCafe(state, expectedVersion, newTokens = []) {
      return saveCafeTx(state, expectedVersion, newTokens)
    },
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
    async addTokens(tokens) {
      db.transaction(insertTokens)(tokens)
    },
    async revokeTokens(cafeId, role, replacements = []) {
      db.transaction(() => {
        q.deleteTokens.run(cafeId, role)
        insertTokens(replacements)
      })()
    },
    async resetCafe(reset) {
      // Appends still waiting for their batch would otherwise land after the documents' delete.
      flushAppends()
      return resetCafeTx(reset)
    },
    async listCafeIdsInPhase(kind) {
      return q.cafesInPhase.all(kind).map((r) => r.id)
    },
    async listCafes() {
      return q.listCafes.all().map(listing)
    },
    async deleteCafe(cafeId) {
      // Appends still waiting for their batch would otherwise land after the delete.
      flushAppends()
      return deleteCafeTx(cafeId)
    },
    appendUpdate(document, update) {
      return new Promise<void>((resolve, reject) => {
        // Copied: the caller's buffer may be reused before the batch is written.
        pendingAppends.push({ document, data: Buffer.from(update), resolve, reject })
        if (pendingAppends.length === 1) setImmediate(flushAppends)
      })
    },
    async loadDocument(document) {
      // Readers see every append already handed to us, even those still waiting for their batch.
      flushAppends()
      const { snap, rows } = db.transaction(() => readDocument(document))()
      return [...(snap ? [new Uint8Array(snap.data)] : []), ...rows.map((r) => new Uint8Array(r.data))]
    },
    async countPendingUpdates(document) {
      flushAppends()
      return q.countAfter.get(document, lastSnapshotId(document))?.n ?? 0
    },
    async compactDocument(document, merge) {
      flushAppends()
      compactTx(document, merge)
    },
    async replaceDocument(document, state) {
      flushAppends()
      replaceDocumentTx(document, state)
    },
    async scrub() {
      flushAppends()
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.exec('VACUUM')
      // VACUUM wrote the new file through the log: move it in and empty the log again.
      db.pragma('wal_checkpoint(TRUNCATE)')
    },
    async loadHarvest(cafeId) {
      const row = q.loadHarvest.get(cafeId)
      return row ? { cafeId, version: row.version, state: JSON.parse(row.state) as HarvestState } : undefined
    },
    async saveHarvest(cafeId, state: HarvestState, expectedVersion) {
      const json = JSON.stringify(state)
      const changed =
        expectedVersion === 0
          ? q.insertHarvest.run(cafeId, json).changes
          : q.updateHarvest.run(json, expectedVersion + 1, cafeId, expectedVersion).changes
      return changed === 1
    },
    async saveRegistrations(cafeId, registrations, tokens = []) {
      saveRegistrationsTx(cafeId, registrations, tokens)
    },
    async listRegistrations(cafeId) {
      return q.listRegistrations.all(cafeId).map((r) => JSON.parse(r.data) as Registration)
    },
    async deleteRegistrations(cafeId, ids) {
      deleteRegistrationsTx(cafeId, ids)
    },
    async saveTemplate(t) {
      q.insertTemplate.run(t.id, t.name, t.createdAt, t.body)
    },
    async listTemplates() {
      return q.listTemplates.all().map(template)
    },
    async loadTemplate(id) {
      const row = q.loadTemplate.get(id)
      return row ? template(row) : undefined
    },
    async deleteTemplate(id) {
      return q.deleteTemplate.run(id).changes === 1
    },
    async setDeleteAt(cafeId, deleteAt) {
      return q.setDeleteAt.run(deleteAt ?? null, cafeId).changes === 1
    },
    async cafesDueForDeletion(now) {
      return q.dueForDeletion.all(now).map((r) => r.id)
    },
    async backup(destination) {
      flushAppends()
      mkdirSync(dirname(destination), { recursive: true })
      await db.backup(destination)
    },
    async close() {
      flushAppends()
      if (db.open) db.close()
    },
    durability() {
      return {
        journalMode: db.pragma('journal_mode', { simple: true }) as string,
        // 2 = FULL: the WAL is synced on every commit.
        synchronous: db.pragma('synchronous', { simple: true }) as number,
      }
    },
  }
  for (const name of WRITES) {
    const write = store[name as keyof Storage] as (...args: unknown[]) => Promise<unknown>
    ;(store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      write.apply(store, args).then(
        (value) => {
          lockGone()
          return value
        },
        (err: unknown) => {
          lockSeen(err)
          throw err
        },
      )
  }
  return store
}

/** How long a write waits for another program's lock before it fails (SQLITE_BUSY) … */
const BUSY_WAIT_MS = 5000
/** … and how long the next ones wait, while that lock is known to be held. */
const BUSY_RETRY_MS = 100
