/**
 * Whether the store is writing: a failed write (disk full, the database locked by another
 * process, an I/O error) is turned into a `StorageFailure` — which every edge answers as
 * `storage_failed` (HTTP 503, a socket ack, Yjs close 4503) rather than a generic internal error —
 * and the server is told once when writes start failing and once when one succeeds again, so it
 * can tell the facilitator (`cafe:alert`). Nothing is retried here: whoever was refused resends
 * (a Yjs client on reconnecting, a person by clicking again), and that is the next attempt.
 */
import type { Logger } from 'pino'
import type { StorageAlert, StorageFailureReason } from '../../shared/protocol/socket.js'
import type { Storage } from './storage.js'

/** A write the store could not make; nothing of it was stored. */
export class StorageFailure extends Error {
  readonly code = 'storage_failed'
  constructor(
    message: string,
    /** The store's own code (SQLITE_FULL, SQLITE_BUSY, a PostgreSQL SQLSTATE…), for the logs. */
    readonly storeCode: string,
    options?: { cause: unknown },
  ) {
    super(message, options)
  }
}

/**
 * A store that cannot write now, as opposed to a mistake in a query (a constraint, a syntax
 * error), which stays an internal error: SQLite's result codes, PostgreSQL's SQLSTATEs, and the
 * network errors of a database server gone away. With what it means to the person at the server.
 */
function storeFault(err: unknown): { code: string; reason: StorageFailureReason; message: string } | undefined {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return undefined
  const is = (...prefixes: string[]) => prefixes.some((p) => code === p || code.startsWith(`${p}_`))
  if (is('SQLITE_FULL') || code === '53100') return { code, reason: 'disk_full', message: 'the disk (or the store’s size limit) is full' }
  if (is('SQLITE_BUSY', 'SQLITE_LOCKED') || code === '55P03') return { code, reason: 'locked', message: 'another program holds the database locked' }
  if (is('SQLITE_READONLY') || code === '25006') return { code, reason: 'write_error', message: 'the database cannot be written' }
  if (
    is('SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_NOMEM', 'SQLITE_PROTOCOL') ||
    /^(08|53|58)[0-9A-Z]{3}$/.test(code) ||
    /^57P0[123]$/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)
  ) {
    return { code, reason: 'write_error', message: 'the disk or the database server could not be written' }
  }
  return undefined
}

/** The calls that write; a success of one of these ends a failure. Reads may go on working on a full disk. */
export const WRITES: ReadonlySet<string> = new Set<string>([
  'createCafe',
  'importCafe',
  'saveCafe',
  'addTokens',
  'revokeTokens',
  'resetCafe',
  'deleteCafe',
  'appendUpdate',
  'compactDocument',
  'replaceDocument',
  'scrub',
  'saveHarvest',
  'saveRegistrations',
  'deleteRegistrations',
  'saveTemplate',
  'deleteTemplate',
  'setDeleteAt',
])

export interface StorageHealth {
  /** The store with every failed write turned into a StorageFailure. */
  storage: Storage
  /** The failure going on now, if any (for a staff screen that just connected). */
  failing(): Extract<StorageAlert, { code: 'storage_failed' }> | undefined
}

export function watchStorage(storage: Storage, deps: { logger: Logger; now?: () => number; onChange: (alert: StorageAlert) => void }): StorageHealth {
  const now = deps.now ?? Date.now
  let failing: Extract<StorageAlert, { code: 'storage_failed' }> | undefined

  function failed(operation: string, err: unknown): unknown {
    const fault = storeFault(err)
    if (!fault) return err
    const { reason, code: storeCode } = fault
    const message = `the server cannot save: ${fault.message}`
    if (failing?.message !== message) {
      failing = { code: 'storage_failed', reason, message, since: failing?.since ?? now() }
      deps.logger.error({ err, operation, storeCode }, 'the store cannot write: edits are not being acknowledged')
      deps.onChange(failing)
    }
    return new StorageFailure(message, storeCode, { cause: err })
  }

  function succeeded(operation: string): void {
    if (!failing || !WRITES.has(operation)) return
    deps.logger.warn({ operation, failingSince: failing.since }, 'the store writes again')
    failing = undefined
    deps.onChange({ code: 'storage_ok', since: now() })
  }

  const watched = new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown
      if (typeof value !== 'function') return value
      const operation = String(property)
      return (...args: unknown[]) => {
        let result: unknown
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args)
        } catch (err) {
          throw failed(operation, err)
        }
        if (!(result instanceof Promise)) return result
        return result.then(
          (v: unknown) => {
            succeeded(operation)
            return v
          },
          (err: unknown) => {
            throw failed(operation, err)
          },
        )
      }
    },
  })
  return { storage: watched, failing: () => failing }
}
