/**
 * Schema migrations, applied in order at open and recorded in `user_version`, so an old data
 * folder opens with a newer server. Never edit a migration that has shipped: add one.
 */
import type Database from 'better-sqlite3'

const migrations: string[] = [
  `CREATE TABLE cafes (
     id TEXT PRIMARY KEY,
     join_code TEXT NOT NULL UNIQUE,
     version INTEGER NOT NULL,
     state TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE tokens (
     hash TEXT PRIMARY KEY,
     cafe_id TEXT NOT NULL REFERENCES cafes(id) ON DELETE CASCADE,
     role TEXT NOT NULL CHECK (role IN ('facilitator', 'organiser', 'participant')),
     participant_id TEXT
   );
   CREATE INDEX tokens_by_cafe ON tokens(cafe_id);
   CREATE TABLE document_updates (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     document TEXT NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX document_updates_by_document ON document_updates(document, id);
   CREATE TABLE document_snapshots (
     document TEXT PRIMARY KEY,
     data BLOB NOT NULL,
     last_update INTEGER NOT NULL
   );`,
  `CREATE TABLE harvests (
     cafe_id TEXT PRIMARY KEY REFERENCES cafes(id) ON DELETE CASCADE,
     version INTEGER NOT NULL,
     state TEXT NOT NULL
   );`,
  // Issue 8: the registration list and personal codes (private: never in the café's state, which
  // every participant receives), café templates, and the date a café is deleted for good.
  `CREATE TABLE registrations (
     cafe_id TEXT NOT NULL REFERENCES cafes(id) ON DELETE CASCADE,
     id TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (cafe_id, id)
   );
   CREATE TABLE templates (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   ALTER TABLE cafes ADD COLUMN delete_at INTEGER;
   CREATE INDEX cafes_by_delete_at ON cafes(delete_at) WHERE delete_at IS NOT NULL;`,
]

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!)
      db.pragma(`user_version = ${v + 1}`)
    })()
  }
}
