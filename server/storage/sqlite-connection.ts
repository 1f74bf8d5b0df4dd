/**
 * One SQLite connection with the settings the store's promises rest on. The store opens two on
 * one file — the server thread's for reads, the writer thread's for every write
 * (sqlite-writer.ts) — and both must agree on them.
 */
import Database from 'better-sqlite3'

/** How long a write waits for another program's lock before it fails (SQLITE_BUSY) … */
export const BUSY_WAIT_MS = 5000
/** … and how long the next ones wait, while that lock is known to be held. */
export const BUSY_RETRY_MS = 100

export function openSqlite(file: string): Database.Database {
  const db = new Database(file)
  // WAL: readers never wait for the writer thread, nor it for them. FULL: the log is synced on
  // every commit, so an acknowledged write survives a power cut.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  // Deleted and overwritten rows are zeroed, not left in free space: an erased name or a deleted
  // café must not be readable from the file (server/privacy).
  db.pragma('secure_delete = ON')
  // Another connection (the other thread's, npm run backup) may hold the lock for a moment: wait rather than fail.
  db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`)
  return db
}
