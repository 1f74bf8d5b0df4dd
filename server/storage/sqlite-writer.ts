/**
 * The SQLite writer thread: every write of the store, on its own connection, one after another
 * in the order the server thread asked. better-sqlite3 is synchronous, so a COMMIT — an fsync
 * with synchronous=FULL — blocks whichever thread runs it; here it blocks only this one, and the
 * server thread goes on relaying every other table's edits meanwhile.
 *
 * Group commit: appends that arrive while a commit runs wait in this thread's queue, and every
 * run of consecutive appends found there is committed in one transaction (one fsync). Each is
 * answered only after that commit, so "stored before relayed" holds; a failed commit fails them all.
 * Started by sqlite-writer.mjs (which lets node load TypeScript here); spoken to by sqlite-writer-client.ts.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import type { TokenRecord } from './storage.js'
import { BUSY_RETRY_MS, BUSY_WAIT_MS, openSqlite } from './sqlite-connection.js'
import { crossed, type WriteReply, type WriteRequest, type WriterMessage, type WriterSetup, type Writes } from './sqlite-writer-protocol.js'

const port = parentPort!
const setup = workerData as WriterSetup
const db = openSqlite(setup.file)
if (setup.maxPages !== undefined) db.pragma(`max_page_count = ${Math.floor(setup.maxPages)}`)

const q = {
  insertCafe: db.prepare('INSERT INTO cafes (id, join_code, version, state, created_at) VALUES (?, ?, ?, ?, ?)'),
  updateCafe: db.prepare('UPDATE cafes SET state = ?, version = ? WHERE id = ? AND version = ?'),
  insertToken: db.prepare('INSERT INTO tokens (hash, cafe_id, role, participant_id) VALUES (?, ?, ?, ?)'),
  deleteTokens: db.prepare('DELETE FROM tokens WHERE cafe_id = ? AND role = ?'),
  deleteCafe: db.prepare('DELETE FROM cafes WHERE id = ?'),
  deleteCafeTokens: db.prepare('DELETE FROM tokens WHERE cafe_id = ?'),
  deleteHarvest: db.prepare('DELETE FROM harvests WHERE cafe_id = ?'),
  // A café's documents are named `<cafeId>/…`; '0' is the character after '/', so the range
  // is exactly that prefix and uses the index (LIKE would read '_' in an id as a wildcard).
  deleteUpdates: db.prepare('DELETE FROM document_updates WHERE document >= ? AND document < ?'),
  deleteSnapshots: db.prepare('DELETE FROM document_snapshots WHERE document >= ? AND document < ?'),
  appendUpdate: db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)'),
  snapshotBase: db.prepare<[string], { last_update: number }>('SELECT last_update FROM document_snapshots WHERE document = ?'),
  hasUpdate: db.prepare<[string, number], { id: number }>('SELECT id FROM document_updates WHERE document = ? AND id = ?'),
  upsertSnapshot: db.prepare(
    `INSERT INTO document_snapshots (document, data, last_update) VALUES (?, ?, ?)
     ON CONFLICT (document) DO UPDATE SET data = excluded.data, last_update = excluded.last_update`,
  ),
  deleteUpTo: db.prepare('DELETE FROM document_updates WHERE document = ? AND id <= ?'),
  deleteDocumentUpdates: db.prepare('DELETE FROM document_updates WHERE document = ?'),
  lastUpdateOf: db.prepare<[string], { last: number | null }>('SELECT max(id) AS last FROM document_updates WHERE document = ?'),
  insertHarvest: db.prepare('INSERT OR IGNORE INTO harvests (cafe_id, version, state) VALUES (?, 1, ?)'),
  updateHarvest: db.prepare('UPDATE harvests SET state = ?, version = ? WHERE cafe_id = ? AND version = ?'),
  upsertRegistration: db.prepare(
    `INSERT INTO registrations (cafe_id, id, data) VALUES (?, ?, ?)
     ON CONFLICT (cafe_id, id) DO UPDATE SET data = excluded.data`,
  ),
  deleteRegistration: db.prepare('DELETE FROM registrations WHERE cafe_id = ? AND id = ?'),
  deleteAllRegistrations: db.prepare('DELETE FROM registrations WHERE cafe_id = ?'),
  insertTemplate: db.prepare(
    `INSERT INTO templates (id, name, created_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, body = excluded.body`,
  ),
  deleteTemplate: db.prepare('DELETE FROM templates WHERE id = ?'),
  participantTokens: db.prepare<[string], { hash: string }>("SELECT hash FROM tokens WHERE cafe_id = ? AND role = 'participant' AND participant_id IS NOT NULL"),
  deleteToken: db.prepare('DELETE FROM tokens WHERE hash = ?'),
  setDeleteAt: db.prepare('UPDATE cafes SET delete_at = ? WHERE id = ?'),
}

/**
 * A write transaction, begun IMMEDIATE: it takes the write lock first (waiting busy_timeout for
 * it), so one that reads before it writes never finds its snapshot overtaken by another
 * connection's commit, which SQLite would refuse without waiting.
 */
function transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn)
  return (...args: A) => tx.immediate(...args)
}

const insertTokens = (tokens: TokenRecord[]) => {
  for (const t of tokens) q.insertToken.run(t.hash, t.cafeId, t.role, t.participantId ?? null)
}
const documentsOf = (cafeId: string) => [`${cafeId}/`, `${cafeId}0`] as const

const writes: Writes = {
  createCafe: transaction((state, tokens) => {
    q.insertCafe.run(state.id, state.joinCode, state.version, JSON.stringify(state), state.createdAt)
    insertTokens(tokens)
  }),
  importCafe: transaction((cafe) => {
    q.insertCafe.run(cafe.state.id, cafe.state.joinCode, cafe.state.version, JSON.stringify(cafe.state), cafe.state.createdAt)
    insertTokens(cafe.tokens)
    for (const d of cafe.documents) q.appendUpdate.run(d.name, d.update)
    if (cafe.harvest) q.insertHarvest.run(cafe.state.id, JSON.stringify(cafe.harvest))
  }),
  saveCafe: transaction((state, expected, tokens) => {
    if (q.updateCafe.run(state.json, state.version, state.id, expected).changes !== 1) return false
    insertTokens(tokens)
    return true
  }),
  addTokens: transaction(insertTokens),
  revokeTokens: transaction((cafeId, role, replacements) => {
    q.deleteTokens.run(cafeId, role)
    insertTokens(replacements)
  }),
  resetCafe: transaction((reset) => {
    const { state } = reset
    if (q.updateCafe.run(JSON.stringify(state), state.version, state.id, reset.expectedVersion).changes !== 1) return false
    q.deleteUpdates.run(...documentsOf(state.id))
    q.deleteSnapshots.run(...documentsOf(state.id))
    q.deleteHarvest.run(state.id)
    const keep = new Set(reset.keepTokens)
    for (const { hash } of q.participantTokens.all(state.id)) if (!keep.has(hash)) q.deleteToken.run(hash)
    for (const r of reset.registrations) q.upsertRegistration.run(state.id, r.id, JSON.stringify(r))
    for (const id of reset.dropRegistrations) q.deleteRegistration.run(state.id, id)
    return true
  }),
  deleteCafe: transaction((cafeId) => {
    q.deleteUpdates.run(...documentsOf(cafeId))
    q.deleteSnapshots.run(...documentsOf(cafeId))
    q.deleteHarvest.run(cafeId)
    q.deleteCafeTokens.run(cafeId)
    q.deleteAllRegistrations.run(cafeId)
    return q.deleteCafe.run(cafeId).changes === 1
  }),
  appendUpdates: transaction((updates) => {
    for (const u of updates) q.appendUpdate.run(u.document, u.data)
  }),
  storeMerge: transaction((document, merged, base, lastId) => {
    // The newest update merged must still be there (a merge, a replacement or a deletion would
    // have removed it) and the snapshot must still be the one merged: else storing this merge
    // would bring back what they removed — an erased name, a deleted café's text.
    if ((q.snapshotBase.get(document)?.last_update ?? 0) !== base || !q.hasUpdate.get(document, lastId)) return false
    q.upsertSnapshot.run(document, merged, lastId)
    q.deleteUpTo.run(document, lastId)
    return true
  }),
  replaceDocument: transaction((document, state) => {
    // Update ids never come back (AUTOINCREMENT): later appends still sort after this snapshot.
    const last = Math.max(q.lastUpdateOf.get(document)?.last ?? 0, q.snapshotBase.get(document)?.last_update ?? 0)
    q.deleteDocumentUpdates.run(document)
    q.upsertSnapshot.run(document, state, last)
  }),
  saveHarvest(cafeId, state, expectedVersion) {
    const json = JSON.stringify(state)
    const changed =
      expectedVersion === 0
        ? q.insertHarvest.run(cafeId, json).changes
        : q.updateHarvest.run(json, expectedVersion + 1, cafeId, expectedVersion).changes
    return changed === 1
  },
  saveRegistrations: transaction((cafeId, registrations, tokens) => {
    for (const r of registrations) q.upsertRegistration.run(cafeId, r.id, JSON.stringify(r))
    insertTokens(tokens)
  }),
  deleteRegistrations: transaction((cafeId, ids) => {
    if (!ids) q.deleteAllRegistrations.run(cafeId)
    else for (const id of ids) q.deleteRegistration.run(cafeId, id)
  }),
  saveTemplate(t) {
    q.insertTemplate.run(t.id, t.name, t.createdAt, t.body)
  },
  deleteTemplate: (id) => q.deleteTemplate.run(id).changes === 1,
  setDeleteAt: (cafeId, deleteAt) => q.setDeleteAt.run(deleteAt, cafeId).changes === 1,
  scrub() {
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.exec('VACUUM')
    // VACUUM wrote the new file through the log: move it in and empty the log again.
    db.pragma('wal_checkpoint(TRUNCATE)')
  },
  // From this connection, the copy takes in whatever it writes meanwhile (SQLite's online
  // backup restarts only for another connection's writes), so it runs beside the queue.
  backup: async (destination) => {
    await db.backup(destination)
  },
  durability: () => ({
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
  }),
  drained() {},
}

// better-sqlite3 waits for another program's lock synchronously: this thread (not the server)
// stands still for up to BUSY_WAIT_MS, and every write queued behind waits with it. Once a
// write has waited that long in vain, the next ones wait only BUSY_RETRY_MS until one gets
// through — the queue is then answered storage_failed at once, and the writers try again.
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

function answer(ids: number[], run: () => unknown): void {
  let reply: WriteReply
  try {
    reply = { ids, ok: true, value: run() }
    lockGone()
  } catch (err) {
    lockSeen(err)
    reply = { ids, ok: false, error: crossed(err) }
  }
  port.postMessage(reply)
}

const backups = new Set<Promise<void>>()
const queue: WriteRequest[] = []
let closing = false

function take(message: WriterMessage): void {
  if (message.op === 'close') closing = true
  else queue.push(message)
}

/** Everything the server thread has sent so far, without waiting for another turn. */
function takeWaiting(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) take(m.message as WriterMessage)
}

function work(): void {
  takeWaiting()
  while (queue.length > 0) {
    const request = queue.shift()!
    if (request.op === 'appendUpdates') {
      const group = [request]
      while (queue[0]?.op === 'appendUpdates') group.push(queue.shift() as typeof request)
      answer(
        group.map((r) => r.id),
        () => writes.appendUpdates(group.flatMap((r) => r.args[0])),
      )
    } else if (request.op === 'backup') {
      const { id } = request
      const copy = writes.backup(...request.args).then(
        () => port.postMessage({ ids: [id], ok: true, value: undefined } satisfies WriteReply),
        (err: unknown) => port.postMessage({ ids: [id], ok: false, error: crossed(err) } satisfies WriteReply),
      )
      backups.add(copy)
      void copy.finally(() => backups.delete(copy))
    } else {
      const { id, op, args } = request
      answer([id], () => (writes[op] as (...a: unknown[]) => unknown)(...args))
    }
    // Appends that arrived during that commit join the next group.
    takeWaiting()
  }
  // Close is sent after every request, so all of them are answered by now, but for backups still copying.
  if (closing) {
    port.removeAllListeners('message')
    void Promise.all(backups).then(() => {
      db.close()
      port.close()
    })
  }
}

port.on('message', (message: WriterMessage) => {
  take(message)
  work()
})
