/**
 * The PostgreSQL store: the storage suite every store passes (tests/support/storage-suite.ts),
 * each test on a new database of a throwaway cluster these tests start (tests/support/postgres.ts),
 * then what is PostgreSQL's own — migrations by many processes at once, the commit setting its
 * durability rests on, and the refusal to back up (pg_dump's job).
 *
 * Without PostgreSQL installed the file is skipped with a message — but under CI=true it fails:
 * CI installs PostgreSQL, so its absence there is a broken CI, not a reason to pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createPostgresStorage } from '../../server/storage/postgres.js'
import { SCHEMA_VERSION } from '../../server/storage/postgres-migrations.js'
import { createStorage } from '../../server/storage/index.js'
import { StorageFailure, watchStorage } from '../../server/storage/storage-health.js'
import pino from 'pino'
import { readConfig } from '../../server/config.js'
import { postgresMissing, startPostgres, type PostgresCluster } from '../support/postgres.js'
import { aCafe, storageSuite } from '../support/storage-suite.js'

const missing = postgresMissing()
if (missing) {
  if (process.env.CI === 'true') throw new Error(`CI=true and the PostgreSQL store cannot be tested: ${missing}`)
  console.warn(`\n!!! SKIPPING the PostgreSQL storage suite: ${missing}\n`)
}

describe.skipIf(Boolean(missing))('the PostgreSQL store', () => {
  let cluster: PostgresCluster
  beforeAll(async () => {
    cluster = await startPostgres()
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  storageSuite(async () => {
    const url = await cluster.createDatabase()
    return { open: () => createPostgresStorage(url) }
  })

  describe('what is PostgreSQL’s own', () => {
    it('migrates an empty database once when several processes start at the same moment', async () => {
      const url = await cluster.createDatabase()
      const stores = await Promise.all(Array.from({ length: 4 }, () => createPostgresStorage(url)))
      try {
        const cafe = aCafe()
        await stores[0]!.createCafe(cafe, [])
        expect(await stores[3]!.loadCafe(cafe.id)).toEqual(cafe)
        const db = new pg.Client({ connectionString: url })
        await db.connect()
        try {
          const { rows } = await db.query('SELECT version FROM schema_migrations ORDER BY version')
          expect(rows.map((r: { version: number }) => r.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))
          // An acknowledged commit waits for its WAL record on disk.
          expect((await db.query('SHOW synchronous_commit')).rows[0]).toEqual({ synchronous_commit: 'on' })
          expect((await db.query('SHOW fsync')).rows[0]).toEqual({ fsync: 'on' })
        } finally {
          await db.end()
        }
      } finally {
        await Promise.all(stores.map((s) => s.close()))
      }
      // And opening it again later changes nothing.
      const again = await createPostgresStorage(url)
      await again.close()
    })

    it('refuses a newer schema than it knows, rather than guessing', async () => {
      const url = await cluster.createDatabase()
      await (await createPostgresStorage(url)).close()
      const db = new pg.Client({ connectionString: url })
      await db.connect()
      await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [SCHEMA_VERSION + 1])
      await db.end()
      await expect(createPostgresStorage(url)).rejects.toThrow(/newer than this server knows/)
    })

    it('is chosen by TABLECLOTH_DATABASE_URL alone, without the password in what the log shows', async () => {
      const url = new URL(await cluster.createDatabase())
      url.password = 'not-for-logs' // the test cluster trusts any password
      const dataDir = mkdtempSync(join(tmpdir(), 'tablecloth-choice-'))
      const chosen = await createStorage(readConfig({ TABLECLOTH_DATA: dataDir, TABLECLOTH_DATABASE_URL: url.toString() }))
      try {
        expect(chosen.kind).toBe('postgres')
        expect(chosen.where).not.toContain('not-for-logs')
        expect(chosen.where).toContain(`127.0.0.1:${cluster.port}`)
        await chosen.storage.createCafe(aCafe(), [])
      } finally {
        await chosen.storage.close()
      }
      const fallback = await createStorage(readConfig({ TABLECLOTH_DATA: dataDir }))
      try {
        expect(fallback).toMatchObject({ kind: 'sqlite', where: join(dataDir, 'tablecloth.db') })
        expect(await fallback.storage.loadCafe(aCafe().id)).toBeUndefined()
      } finally {
        await fallback.storage.close()
      }
      expect(() => readConfig({ TABLECLOTH_DATABASE_URL: 'mysql://localhost/tablecloth' })).toThrow(/PostgreSQL address/)
    })

    it('refuses writes as storage_failed while the database server is down, and writes again once it is back', async () => {
      const raw = await createPostgresStorage(await cluster.createDatabase())
      const alerts: string[] = []
      const { storage } = watchStorage(raw, { logger: pino({ level: 'silent' }), onChange: (a) => alerts.push(a.code) })
      try {
        const cafe = aCafe()
        await storage.createCafe(cafe, [])
        await storage.appendUpdate(`${cafe.id}/table/1`, new Uint8Array([1]))
        await cluster.pause()
        try {
          await expect(storage.appendUpdate(`${cafe.id}/table/1`, new Uint8Array([2]))).rejects.toBeInstanceOf(StorageFailure)
          await expect(storage.saveCafe({ ...cafe, version: 2 }, 1)).rejects.toBeInstanceOf(StorageFailure)
        } finally {
          await cluster.resume()
        }
        // The refused client resends; the pool has replaced its broken connections.
        await expect.poll(() => storage.appendUpdate(`${cafe.id}/table/1`, new Uint8Array([3])).then(() => true, () => false)).toBe(true)
        expect(await storage.loadDocument(`${cafe.id}/table/1`)).toEqual([new Uint8Array([1]), new Uint8Array([3])])
        expect(await storage.saveCafe({ ...cafe, version: 2 }, 1)).toBe(true)
        expect(alerts).toEqual(['storage_failed', 'storage_ok'])
      } finally {
        await raw.close()
      }
    })

    it('leaves backups to pg_dump, saying so', async () => {
      const store = await createPostgresStorage(await cluster.createDatabase())
      try {
        await expect(store.backup('/tmp/never-written.db')).rejects.toThrow(/pg_dump/)
      } finally {
        await store.close()
      }
    })
  })
})
