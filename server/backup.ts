/**
 * `npm run backup [destination]`: a consistent copy of the store, taken while the café runs.
 * SQLite's online backup copies pages from a read snapshot, so the server keeps writing (and
 * keeps its promise that an acknowledged edit is on disk) while the copy is made. The copy is
 * checked before we say it is good: an unreadable backup found out during a crisis is worse than
 * none.
 */
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { readConfig } from './config.js'

const config = readConfig()
if (config.databaseUrl) {
  // PostgreSQL has its own tools for a consistent copy of a running database.
  process.stderr.write('The store is PostgreSQL (TABLECLOTH_DATABASE_URL): back it up with pg_dump, e.g.\n  pg_dump --format=custom --file=tablecloth.dump "$TABLECLOTH_DATABASE_URL"\n')
  process.exit(1)
}
const source = join(config.dataDir, 'tablecloth.db')
if (!existsSync(source)) {
  process.stderr.write(`No Tablecloth store at ${source} (set TABLECLOTH_DATA to the data folder).\n`)
  process.exit(1)
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-')
const destination = resolve(process.argv[2] ?? join(config.dataDir, 'backups', `tablecloth-${stamp}.db`))
if (existsSync(destination)) {
  process.stderr.write(`${destination} exists already; choose another name.\n`)
  process.exit(1)
}
mkdirSync(dirname(destination), { recursive: true })

const db = new Database(source, { fileMustExist: true })
// The server may hold the write lock for a moment (a group commit): wait for it.
db.pragma('busy_timeout = 5000')
try {
  await db.backup(destination)
} finally {
  db.close()
}

const copy = new Database(destination, { readonly: true, fileMustExist: true })
try {
  const integrity = copy.pragma('integrity_check', { simple: true })
  if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`)
  const { n: cafes } = copy.prepare<[], { n: number }>('SELECT count(*) AS n FROM cafes').get()!
  const { n: updates } = copy.prepare<[], { n: number }>('SELECT count(*) AS n FROM document_updates').get()!
  process.stdout.write(
    `Backup written to ${destination} (${statSync(destination).size} bytes, ${cafes} cafés, ${updates} pending document updates).\n` +
      `To restore: stop the server, put this file in the data folder as tablecloth.db, start it again.\n`,
  )
} finally {
  copy.close()
}
