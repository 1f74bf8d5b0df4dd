/**
 * PostgreSQL behind the storage interface (`pg`), for running Tablecloth as several server
 * processes on one database (TABLECLOTH_DATABASE_URL=postgres://…). It keeps SQLite's promises
 * (storage.ts) with the server's own defaults: `synchronous_commit = on`, so a COMMIT returns
 * once its WAL record is flushed to disk — an acknowledged append survives a power cut of the
 * database machine (`fsync` must be on there, as it is by default). With a synchronous standby
 * configured, a commit also waits for it.
 *
 * Appends are group-committed as in sqlite.ts: those handed over while the previous batch is
 * being written (and those of the same turn of the event loop) share one transaction, one WAL
 * flush; batches are written one after another, so a document's updates keep their order.
 *
 * Many processes may share the database. Compare-and-set (`saveCafe`, `saveHarvest`,
 * `resetCafe`) is an `UPDATE … WHERE version = $expected`: under READ COMMITTED the second of
 * two concurrent writers waits for the first, re-reads the row and matches nothing. A merge
 * (`compactDocument`, `replaceDocument`) takes a per-document advisory lock exclusively, which
 * every append takes shared for the documents it writes, so a merge never skips an update that
 * another process had inserted but not yet committed; a reader reads snapshot and updates in one
 * statement, so it sees either the old snapshot with its updates or the new one.
 */
import pg from 'pg'
import type { CafeState } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import type { Registration } from '../../shared/prep/registration.js'
import type { CafeListing, Storage, StoredTemplate, TokenRecord } from './storage.js'
import { migrate } from './postgres-migrations.js'

/** First key of the per-document advisory locks ('TCdc'); the second is the name's hash. */
const DOCUMENT_LOCK = 0x54_43_64_63

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  maxConnections?: number
}

/** What the organisers' list and the timers read, kept in columns beside the state's JSON. */
function columnsOf(state: CafeState) {
  const phase = state.phase
  return {
    phase: phase.kind,
    topic: JSON.stringify(state.settings.topic),
    round: 'round' in phase ? phase.round : null,
    tables: state.tables.length,
    rounds: state.settings.questions.length,
    participants: Object.values(state.people).filter((p) => !p.removed).length,
  }
}

interface ListingRow {
  id: string
  join_code: string
  created_at: string
  delete_at: string | null
  topic_json: string
  phase: string
  round: number | null
  tables: number
  rounds: number
  participants: number
}

function listing(row: ListingRow): CafeListing {
  return {
    id: row.id,
    joinCode: row.join_code,
    topic: JSON.parse(row.topic_json) as string,
    createdAt: Number(row.created_at),
    phase: row.phase as CafeListing['phase'],
    ...(row.round !== null ? { round: row.round } : {}),
    tables: row.tables,
    rounds: row.rounds,
    participants: row.participants,
    ...(row.delete_at !== null ? { deleteAt: Number(row.delete_at) } : {}),
  }
}

interface TemplateRow {
  id: string
  name_json: string
  created_at: string
  body: string
}

function template(row: TemplateRow): StoredTemplate {
  return { id: row.id, name: JSON.parse(row.name_json) as string, createdAt: Number(row.created_at), body: row.body }
}

/** A café's documents are `<cafeId>/…`: in byte order exactly the range [`<cafeId>/`, `<cafeId>0`). */
const documentsOf = (cafeId: string): [string, string] => [`${cafeId}/`, `${cafeId}0`]

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>

export async function createPostgresStorage(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 })
  // An idle connection the server dropped (a restart of PostgreSQL) is replaced on next use;
  // without a listener its error would end the process.
  pool.on('error', () => {})
  try {
    await migrate(pool)
  } catch (err) {
    await pool.end()
    throw err
  }

  const query: Query = (text, values) => pool.query(text, values)

  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  async function transaction<T>(work: (q: Query) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work((text, values) => client.query(text, values))
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  async function insertTokens(q: Query, tokens: TokenRecord[]): Promise<void> {
    if (tokens.length === 0) return
    await q(
      `INSERT INTO tokens (hash, cafe_id, role, participant_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [tokens.map((t) => t.hash), tokens.map((t) => t.cafeId), tokens.map((t) => t.role), tokens.map((t) => t.participantId ?? null)],
    )
  }

  async function insertCafe(q: Query, state: CafeState): Promise<void> {
    const c = columnsOf(state)
    await q(
      `INSERT INTO cafes (id, join_code, version, state, created_at, phase, topic_json, round, tables, rounds, participants)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [state.id, state.joinCode, state.version, JSON.stringify(state), state.createdAt, c.phase, c.topic, c.round, c.tables, c.rounds, c.participants],
    )
  }

  /** Compare-and-set of the café's state: true if the stored version was `expected`. */
  async function updateCafe(q: Query, state: CafeState, expected: number): Promise<boolean> {
    const c = columnsOf(state)
    const result = await q(
      `UPDATE cafes SET state = $1, version = $2, phase = $3, topic_json = $4, round = $5, tables = $6, rounds = $7, participants = $8
        WHERE id = $9 AND version = $10`,
      [JSON.stringify(state), state.version, c.phase, c.topic, c.round, c.tables, c.rounds, c.participants, state.id, expected],
    )
    return result.rowCount === 1
  }

  async function upsertRegistrations(q: Query, cafeId: string, registrations: Registration[]): Promise<void> {
    // One at a time, in order: the order of first storing is the list's order.
    for (const r of registrations) {
      await q(
        `INSERT INTO registrations (cafe_id, id, data) VALUES ($1, $2, $3)
         ON CONFLICT (cafe_id, id) DO UPDATE SET data = excluded.data`,
        [cafeId, r.id, JSON.stringify(r)],
      )
    }
  }

  async function deleteDocumentsOf(q: Query, cafeId: string): Promise<void> {
    const [from, to] = documentsOf(cafeId)
    await q('DELETE FROM document_updates WHERE document >= $1 AND document < $2', [from, to])
    await q('DELETE FROM document_snapshots WHERE document >= $1 AND document < $2', [from, to])
  }

  /** Holds the document's merge lock until the transaction ends. */
  const lockDocument = (q: Query, document: string) =>
    q('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOCUMENT_LOCK, document])

  // Group commit (see the header). `pending` waits for the next batch; `writing` is set while a
  // batch is in flight. Appends are numbered as handed over, so a reader waits for those handed
  // over before it, never for a stream of later ones (typing never starves a load).
  type PendingAppend = { document: string; data: Buffer; resolve: () => void; reject: (err: unknown) => void }
  let pending: PendingAppend[] = []
  let writing = false
  let handedOver = 0
  let written = 0
  let waiters: { upTo: number; resolve: () => void }[] = []

  async function writeBatch(batch: PendingAppend[]): Promise<void> {
    const documents = [...new Set(batch.map((a) => a.document))].sort()
    try {
      await transaction(async (q) => {
        // Shared: appends never wait for each other, only for a merge of one of their documents.
        await q('SELECT pg_advisory_xact_lock_shared($1, hashtext(d)) FROM unnest($2::text[]) AS d', [DOCUMENT_LOCK, documents])
        await q(
          `INSERT INTO document_updates (document, data)
           SELECT d, u FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t (d, u, n) ORDER BY n`,
          [batch.map((a) => a.document), batch.map((a) => a.data)],
        )
      })
    } catch (err) {
      for (const a of batch) a.reject(err)
      return
    }
    for (const a of batch) a.resolve()
  }

  async function pump(): Promise<void> {
    if (writing) return
    writing = true
    while (pending.length > 0) {
      const batch = pending
      pending = []
      await writeBatch(batch)
      written += batch.length
      const done = waiters.filter((w) => w.upTo <= written)
      waiters = waiters.filter((w) => w.upTo > written)
      for (const w of done) w.resolve()
    }
    writing = false
  }

  /** Resolves once every append handed over so far is written (or has failed). */
  function drained(): Promise<void> {
    if (written >= handedOver) return Promise.resolve()
    const done = new Promise<void>((resolve) => waiters.push({ upTo: handedOver, resolve }))
    void pump()
    return done
  }

  async function readDocument(document: string): Promise<{ rows: { id: string; data: Buffer; snapshot: boolean }[] }> {
    // One statement, so one snapshot of the database: never a new snapshot with old updates.
    const { rows } = await query(
      `WITH s AS (SELECT data, last_update FROM document_snapshots WHERE document = $1)
       SELECT true AS snapshot, last_update AS id, data FROM s
       UNION ALL
       SELECT false, id, data FROM document_updates
        WHERE document = $1 AND id > coalesce((SELECT last_update FROM s), 0)
       ORDER BY snapshot DESC, id`,
      [document],
    )
    return { rows: rows as { id: string; data: Buffer; snapshot: boolean }[] }
  }

  let closed = false

  return {
    async createCafe(state, tokens) {
      await transaction(async (q) => {
        await insertCafe(q, state)
        await insertTokens(q, tokens)
      })
    },
    async importCafe(cafe) {
      await transaction(async (q) => {
        await insertCafe(q, cafe.state)
        await insertTokens(q, cafe.tokens)
        for (const d of cafe.documents) {
          await q('INSERT INTO document_updates (document, data) VALUES ($1, $2)', [d.name, Buffer.from(d.update)])
        }
        if (cafe.harvest) {
          await q('INSERT INTO harvests (cafe_id, version, state) VALUES ($1, 1, $2)', [cafe.state.id, JSON.stringify(cafe.harvest)])
        }
      })
    },
    async loadCafe(cafeId) {
      const { rows } = await query('SELECT state FROM cafes WHERE id = $1', [cafeId])
      return rows[0] ? (JSON.parse((rows[0] as { state: string }).state) as CafeState) : undefined
    },
    async findCafeIdByJoinCode(joinCode) {
      const { rows } = await query('SELECT id FROM cafes WHERE join_code = $1', [joinCode])
      return (rows[0] as { id: string } | undefined)?.id
    },
    async saveCafe(state, expectedVersion, newTokens = []) {
      return transaction(async (q) => {
        if (!(await updateCafe(q, state, expectedVersion))) return false
        await insertTokens(q, newTokens)
        return true
      })
    },
    async findToken(hash) {
      const { rows } = await query('SELECT hash, cafe_id, role, participant_id FROM tokens WHERE hash = $1', [hash])
      const row = rows[0] as { hash: string; cafe_id: string; role: string; participant_id: string | null } | undefined
      if (!row) return undefined
      return {
        hash: row.hash,
        cafeId: row.cafe_id,
        role: row.role as TokenRecord['role'],
        ...(row.participant_id ? { participantId: row.participant_id } : {}),
      }
    },
    async addTokens(tokens) {
      await insertTokens(query, tokens)
    },
    async revokeTokens(cafeId, role, replacements = []) {
      await transaction(async (q) => {
        await q('DELETE FROM tokens WHERE cafe_id = $1 AND role = $2', [cafeId, role])
        await insertTokens(q, replacements)
      })
    },
    async resetCafe(reset) {
      // Appends still waiting for their batch would otherwise land after the documents' delete.
      await drained()
      const { state } = reset
      return transaction(async (q) => {
        if (!(await updateCafe(q, state, reset.expectedVersion))) return false
        await deleteDocumentsOf(q, state.id)
        await q('DELETE FROM harvests WHERE cafe_id = $1', [state.id])
        await q(
          `DELETE FROM tokens WHERE cafe_id = $1 AND role = 'participant' AND participant_id IS NOT NULL
             AND NOT (hash = ANY ($2::text[]))`,
          [state.id, reset.keepTokens],
        )
        await upsertRegistrations(q, state.id, reset.registrations)
        if (reset.dropRegistrations.length > 0) {
          await q('DELETE FROM registrations WHERE cafe_id = $1 AND id = ANY ($2::text[])', [state.id, reset.dropRegistrations])
        }
        return true
      })
    },
    async listCafeIdsInPhase(kind) {
      const { rows } = await query('SELECT id FROM cafes WHERE phase = $1', [kind])
      return (rows as { id: string }[]).map((r) => r.id)
    },
    async listCafes() {
      const { rows } = await query(
        `SELECT id, join_code, created_at, delete_at, topic_json, phase, round, tables, rounds, participants
           FROM cafes ORDER BY created_at DESC, id`,
      )
      return (rows as ListingRow[]).map(listing)
    },
    async deleteCafe(cafeId) {
      // Appends still waiting for their batch would otherwise land after the delete.
      await drained()
      return transaction(async (q) => {
        await deleteDocumentsOf(q, cafeId)
        await q('DELETE FROM harvests WHERE cafe_id = $1', [cafeId])
        await q('DELETE FROM tokens WHERE cafe_id = $1', [cafeId])
        await q('DELETE FROM registrations WHERE cafe_id = $1', [cafeId])
        return (await q('DELETE FROM cafes WHERE id = $1', [cafeId])).rowCount === 1
      })
    },
    appendUpdate(document, update) {
      if (closed) return Promise.reject(new Error('the store is closed'))
      return new Promise<void>((resolve, reject) => {
        // Copied: the caller's buffer may be reused before the batch is written.
        pending.push({ document, data: Buffer.from(update), resolve, reject })
        handedOver++
        // While a batch is in flight, the pump takes this one up after it.
        if (pending.length === 1 && !writing) setImmediate(() => void pump())
      })
    },
    async loadDocument(document) {
      // Readers see every append already handed to us, even those still waiting for their batch.
      await drained()
      const { rows } = await readDocument(document)
      return rows.map((r) => new Uint8Array(r.data))
    },
    async countPendingUpdates(document) {
      await drained()
      const { rows } = await query(
        `SELECT count(*)::integer AS n FROM document_updates
          WHERE document = $1 AND id > coalesce((SELECT last_update FROM document_snapshots WHERE document = $1), 0)`,
        [document],
      )
      return (rows[0] as { n: number }).n
    },
    async compactDocument(document, merge) {
      await drained()
      await transaction(async (q) => {
        // Exclusive: every append of this document in flight (from any process) commits first,
        // and none starts until this merge has committed.
        await lockDocument(q, document)
        const { rows } = await q(
          `WITH s AS (SELECT data, last_update FROM document_snapshots WHERE document = $1)
           SELECT true AS snapshot, last_update AS id, data FROM s
           UNION ALL
           SELECT false, id, data FROM document_updates
            WHERE document = $1 AND id > coalesce((SELECT last_update FROM s), 0)
           ORDER BY snapshot DESC, id`,
          [document],
        )
        const parts = rows as { id: string; data: Buffer; snapshot: boolean }[]
        const updates = parts.filter((p) => !p.snapshot)
        if (updates.length === 0) return
        const lastId = updates[updates.length - 1]!.id
        const merged = Buffer.from(merge(parts.map((p) => new Uint8Array(p.data))))
        await q(
          `INSERT INTO document_snapshots (document, data, last_update) VALUES ($1, $2, $3)
           ON CONFLICT (document) DO UPDATE SET data = excluded.data, last_update = excluded.last_update`,
          [document, merged, lastId],
        )
        await q('DELETE FROM document_updates WHERE document = $1 AND id <= $2', [document, lastId])
      })
    },
    async replaceDocument(document, state) {
      await drained()
      await transaction(async (q) => {
        await lockDocument(q, document)
        // Identity values never come back: later appends still sort after this snapshot.
        await q(
          `WITH last AS (
             SELECT greatest(
               (SELECT max(id) FROM document_updates WHERE document = $1),
               (SELECT last_update FROM document_snapshots WHERE document = $1),
               0) AS id)
           INSERT INTO document_snapshots (document, data, last_update) SELECT $1, $2, id FROM last
           ON CONFLICT (document) DO UPDATE SET data = excluded.data, last_update = excluded.last_update`,
          [document, Buffer.from(state)],
        )
        await q('DELETE FROM document_updates WHERE document = $1', [document])
      })
    },
    async loadHarvest(cafeId) {
      const { rows } = await query('SELECT version, state FROM harvests WHERE cafe_id = $1', [cafeId])
      const row = rows[0] as { version: number; state: string } | undefined
      return row ? { cafeId, version: row.version, state: JSON.parse(row.state) as HarvestState } : undefined
    },
    async saveHarvest(cafeId, state, expectedVersion) {
      const json = JSON.stringify(state)
      const result =
        expectedVersion === 0
          ? await query('INSERT INTO harvests (cafe_id, version, state) VALUES ($1, 1, $2) ON CONFLICT (cafe_id) DO NOTHING', [cafeId, json])
          : await query('UPDATE harvests SET state = $1, version = $2 WHERE cafe_id = $3 AND version = $4', [json, expectedVersion + 1, cafeId, expectedVersion])
      return result.rowCount === 1
    },
    async saveRegistrations(cafeId, registrations, tokens = []) {
      await transaction(async (q) => {
        await upsertRegistrations(q, cafeId, registrations)
        await insertTokens(q, tokens)
      })
    },
    async listRegistrations(cafeId) {
      const { rows } = await query('SELECT data FROM registrations WHERE cafe_id = $1 ORDER BY seq', [cafeId])
      return (rows as { data: string }[]).map((r) => JSON.parse(r.data) as Registration)
    },
    async deleteRegistrations(cafeId, ids) {
      if (!ids) await query('DELETE FROM registrations WHERE cafe_id = $1', [cafeId])
      else await query('DELETE FROM registrations WHERE cafe_id = $1 AND id = ANY ($2::text[])', [cafeId, ids])
    },
    async saveTemplate(t) {
      await query(
        `INSERT INTO templates (id, name_json, created_at, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET name_json = excluded.name_json, body = excluded.body`,
        [t.id, JSON.stringify(t.name), t.createdAt, t.body],
      )
    },
    async listTemplates() {
      const { rows } = await query('SELECT id, name_json, created_at, body FROM templates ORDER BY created_at DESC, id')
      return (rows as TemplateRow[]).map(template)
    },
    async loadTemplate(id) {
      const { rows } = await query('SELECT id, name_json, created_at, body FROM templates WHERE id = $1', [id])
      const row = rows[0] as TemplateRow | undefined
      return row ? template(row) : undefined
    },
    async deleteTemplate(id) {
      return (await query('DELETE FROM templates WHERE id = $1', [id])).rowCount === 1
    },
    async setDeleteAt(cafeId, deleteAt) {
      return (await query('UPDATE cafes SET delete_at = $1 WHERE id = $2', [deleteAt ?? null, cafeId])).rowCount === 1
    },
    async cafesDueForDeletion(now) {
      const { rows } = await query('SELECT id FROM cafes WHERE delete_at IS NOT NULL AND delete_at <= $1', [now])
      return (rows as { id: string }[]).map((r) => r.id)
    },
    /**
     * What PostgreSQL can promise here is less than SQLite's: VACUUM FULL rewrites each table
     * (with its TOAST data and indexes) into new files and unlinks the old ones, so deleted and
     * overwritten rows are gone from the live tables. It cannot reach the write-ahead log (old
     * segments are recycled, not wiped, and may be archived), the freed blocks of the file system,
     * a streaming replica's or an archive's copies, or backups already taken. Runs with an
     * exclusive lock per table: every other call waits for it (seconds on a big store).
     */
    async scrub() {
      await drained()
      for (const table of ['document_updates', 'document_snapshots', 'cafes', 'tokens', 'harvests', 'registrations', 'templates']) {
        await query(`VACUUM (FULL) ${table}`)
      }
    },
    async backup() {
      // A consistent copy of a PostgreSQL database is pg_dump's job (or the operator's base
      // backups and WAL archive), run against the database — not one server process's.
      throw new Error(
        'backup() is not available on PostgreSQL: back the database up with pg_dump (e.g. `pg_dump --format=custom --file=tablecloth.dump "$TABLECLOTH_DATABASE_URL"`), see docs/ARCHITECTURE.md',
      )
    },
    async close() {
      if (closed) return
      closed = true
      await drained()
      await pool.end()
    },
  }
}
