/** The operator's settings, from the environment; the defaults suit a laptop on a venue LAN. */
import { resolve } from 'node:path'
import { hostname } from 'node:os'

export interface Config {
  port: number
  host: string
  dataDir: string
  logLevel: string
  /** The address people use when the server runs behind a proxy (https://cafe.example.org). */
  publicUrl?: string
  /** The server-wide organiser key, when the operator set one (else it is made in the data folder). */
  organiserKey?: string
  /** How often cafés whose deletion date has come are deleted, ms (TABLECLOTH_SWEEP_MS; 10 minutes). */
  sweepMs: number
  /**
   * Largest size of the store, in SQLite pages of 4 KiB (TABLECLOTH_SQLITE_MAX_PAGES; no cap). A write
   * past it fails as a full disk does: edits stop being acknowledged and the facilitator is told.
   */
  sqliteMaxPages?: number
  /**
   * A PostgreSQL database to store everything in instead of SQLite (TABLECLOTH_DATABASE_URL,
   * postgres://user:password@host:port/database), for several server processes sharing one store.
   */
  databaseUrl?: string
  /**
   * A Redis server through which several processes act as one (TABLECLOTH_REDIS_URL,
   * redis://host:6379): socket.io's broadcasts, café changes and live edits cross it. Needs
   * `databaseUrl`: processes share PostgreSQL, never one SQLite file.
   */
  redisUrl?: string
  /** This process's name in the cluster (TABLECLOTH_NODE; `<hostname>-<pid>`), on every response. */
  node: string
}

/** `<hostname>-<pid>`, made a valid node name whatever the machine calls itself. */
export function defaultNodeName(host: string, pid: number): string {
  return `${host.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 50) || 'tablecloth'}-${pid}`
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`)
  const sweepMs = Number(env.TABLECLOTH_SWEEP_MS ?? 10 * 60_000)
  if (!Number.isInteger(sweepMs) || sweepMs < 10) throw new Error(`TABLECLOTH_SWEEP_MS must be a whole number of ms (10 or more), not "${env.TABLECLOTH_SWEEP_MS}"`)
  const maxPages = env.TABLECLOTH_SQLITE_MAX_PAGES
  if (maxPages !== undefined && maxPages !== '' && !(/^[1-9][0-9]*$/.test(maxPages) && Number(maxPages) <= 2 ** 32 - 2)) {
    throw new Error(`TABLECLOTH_SQLITE_MAX_PAGES must be a whole number of pages (1 or more), not "${maxPages}"`)
  }
  const databaseUrl = env.TABLECLOTH_DATABASE_URL
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('TABLECLOTH_DATABASE_URL must be a PostgreSQL address (postgres://user:password@host:5432/database)')
  }
  const redisUrl = env.TABLECLOTH_REDIS_URL || undefined
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error('TABLECLOTH_REDIS_URL must be a Redis address (redis://host:6379)')
  if (redisUrl && !databaseUrl) {
    throw new Error(
      'TABLECLOTH_REDIS_URL makes this process one of several, and several processes cannot share one SQLite file: set TABLECLOTH_DATABASE_URL=postgres://… too',
    )
  }
  const node = env.TABLECLOTH_NODE || defaultNodeName(hostname(), process.pid)
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(node)) throw new Error(`TABLECLOTH_NODE must be letters, digits, '-', '_' or '.' (64 at most), not "${node}"`)
  return {
    port,
    sweepMs,
    node,
    ...(redisUrl ? { redisUrl } : {}),
    ...(maxPages ? { sqliteMaxPages: Number(maxPages) } : {}),
    // 0.0.0.0 so the laptops at the tables can reach the facilitator's laptop over the LAN.
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.TABLECLOTH_DATA ?? './data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...(env.TABLECLOTH_PUBLIC_URL ? { publicUrl: env.TABLECLOTH_PUBLIC_URL } : {}),
    ...(env.TABLECLOTH_ORGANISER_KEY !== undefined ? { organiserKey: env.TABLECLOTH_ORGANISER_KEY } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
  }
}
