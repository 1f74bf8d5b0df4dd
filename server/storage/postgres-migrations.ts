/**
 * PostgreSQL's schema migrations, applied in order at open and recorded in `schema_migrations`.
 * All of them run in one transaction holding an advisory lock, so two processes starting at
 * once against an empty database migrate it once: the second waits for the lock, then finds
 * every migration recorded. Never edit a migration that has shipped: add one.
 *
 * The schema follows SQLite's (sqlite-migrations.ts) with PostgreSQL's types: `bytea` for Yjs
 * updates, `bigint` for times in ms, and `text` — not `jsonb` — for the café's, the harvest's and
 * the registrations' JSON: a store must give back exactly what it was given, and jsonb refuses
 * the escape `\u0000` that a pasted name may contain. What the organisers' list and the timers
 * need to query (phase, topic, counts) is kept in columns of its own, written with the state.
 *
 * Ids and document names use the "C" collation (byte order): a café's documents are the range
 * `<cafeId>/` … `<cafeId>0` ('0' follows '/'), which only holds in byte order — a language's
 * collation would sort punctuation elsewhere.
 */
import type pg from 'pg'

/** The advisory lock key migrations hold ('TCmg'); no other lock of ours uses this first key. */
export const MIGRATION_LOCK = 0x54_43_6d_67

const migrations: string[] = [
  `CREATE TABLE cafes (
     id text COLLATE "C" PRIMARY KEY,
     join_code text COLLATE "C" NOT NULL UNIQUE,
     version integer NOT NULL,
     state text NOT NULL,
     created_at bigint NOT NULL,
     delete_at bigint,
     -- Read from the state at every write, for the organisers' list and the timers' restart.
     -- The topic as a JSON string: text cannot hold the NUL a pasted topic may contain.
     phase text NOT NULL,
     topic_json text NOT NULL,
     round integer,
     tables integer NOT NULL,
     rounds integer NOT NULL,
     participants integer NOT NULL
   );
   CREATE INDEX cafes_by_phase ON cafes (phase);
   CREATE INDEX cafes_by_delete_at ON cafes (delete_at) WHERE delete_at IS NOT NULL;
   CREATE TABLE tokens (
     hash text COLLATE "C" PRIMARY KEY,
     cafe_id text COLLATE "C" NOT NULL REFERENCES cafes (id) ON DELETE CASCADE,
     role text NOT NULL CHECK (role IN ('facilitator', 'organiser', 'participant')),
     participant_id text
   );
   CREATE INDEX tokens_by_cafe ON tokens (cafe_id);
   CREATE TABLE document_updates (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     document text COLLATE "C" NOT NULL,
     data bytea NOT NULL
   );
   CREATE INDEX document_updates_by_document ON document_updates (document, id);
   CREATE TABLE document_snapshots (
     document text COLLATE "C" PRIMARY KEY,
     data bytea NOT NULL,
     last_update bigint NOT NULL
   );
   CREATE TABLE harvests (
     cafe_id text COLLATE "C" PRIMARY KEY REFERENCES cafes (id) ON DELETE CASCADE,
     version integer NOT NULL,
     state text NOT NULL
   );
   CREATE TABLE registrations (
     cafe_id text COLLATE "C" NOT NULL REFERENCES cafes (id) ON DELETE CASCADE,
     id text COLLATE "C" NOT NULL,
     -- The order entries were first stored in (an upsert keeps it), as SQLite's rowid.
     seq bigint GENERATED ALWAYS AS IDENTITY,
     data text NOT NULL,
     PRIMARY KEY (cafe_id, id)
   );
   CREATE INDEX registrations_in_order ON registrations (cafe_id, seq);
   CREATE TABLE templates (
     id text COLLATE "C" PRIMARY KEY,
     -- As a JSON string, as cafes.topic_json.
     name_json text NOT NULL,
     created_at bigint NOT NULL,
     body text NOT NULL
   );`,
]

/** Brings the database up to the newest schema; safe to call from many processes at once. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // Held until COMMIT: a second process waits here, then sees what the first recorded.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    )
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')
    const current = rows[0]?.v ?? 0
    if (current > migrations.length) {
      throw new Error(`the database's schema (migration ${current}) is newer than this server knows (${migrations.length}): update the server`)
    }
    for (let v = current; v < migrations.length; v++) {
      await client.query(migrations[v]!)
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1])
    }
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/** How many migrations this server knows (the newest schema's number). */
export const SCHEMA_VERSION = migrations.length
