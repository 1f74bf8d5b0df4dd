/**
 * Which store the server uses, from its configuration alone: PostgreSQL when
 * TABLECLOTH_DATABASE_URL is set (several server processes may share it), else the embedded
 * SQLite file in the data folder, as always. Nothing else in the server knows which it got.
 */
import { join } from 'node:path'
import type { Config } from '../config.js'
import type { Storage } from './storage.js'
import { createSqliteStorage } from './sqlite.js'
import { createPostgresStorage } from './postgres.js'
import { withoutPassword } from '../auth/redact.js'

export interface OpenedStorage {
  storage: Storage
  /** For the start-up log line: which store, where (a database address without its password). */
  kind: 'sqlite' | 'postgres'
  where: string
}

export async function createStorage(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'sqliteMaxPages'>): Promise<OpenedStorage> {
  if (config.databaseUrl) {
    const storage = await createPostgresStorage(config.databaseUrl)
    return { storage, kind: 'postgres', where: withoutPassword(config.databaseUrl) }
  }
  const file = join(config.dataDir, 'tablecloth.db')
  const storage = createSqliteStorage(file, { ...(config.sqliteMaxPages ? { maxPages: config.sqliteMaxPages } : {}) })
  return { storage, kind: 'sqlite', where: file }
}
