/**
 * The store's health watcher: which failures mean "the store cannot write" (and become
 * `storage_failed`), which stay the server's own errors, and that staff hear of a failure once
 * when it starts and once when a write succeeds again — not on every refused write, nor on a read.
 */
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { StorageFailure, watchStorage } from '../../server/storage/storage-health.js'
import type { Storage } from '../../server/storage/storage.js'
import type { StorageAlert } from '../../shared/protocol/socket.js'

const fault = (code: string) => Object.assign(new Error(code), { code })

function watched(behaviour: { write: () => Promise<void>; read?: () => Promise<undefined> }) {
  const alerts: StorageAlert[] = []
  let clock = 1000
  const storage = { saveCafe: behaviour.write, appendUpdate: behaviour.write, loadCafe: behaviour.read ?? (async () => undefined) } as unknown as Storage
  const health = watchStorage(storage, { logger: pino({ level: 'silent' }), now: () => clock++, onChange: (a) => alerts.push(a) })
  return { store: health.storage, health, alerts }
}

describe('the store health watcher', () => {
  it.each([
    ['SQLITE_FULL', 'disk_full'],
    ['SQLITE_BUSY', 'locked'],
    ['SQLITE_BUSY_SNAPSHOT', 'locked'],
    ['SQLITE_IOERR_WRITE', 'write_error'],
    ['SQLITE_READONLY', 'write_error'],
    ['53100', 'disk_full'],
    ['55P03', 'locked'],
    ['08006', 'write_error'],
    ['57P01', 'write_error'],
    ['ECONNREFUSED', 'write_error'],
  ])('takes %s for a store that cannot write (%s)', async (code, reason) => {
    const { store, alerts } = watched({ write: () => Promise.reject(fault(code)) })
    const err = await store.appendUpdate('c/cloth/0', new Uint8Array([1])).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StorageFailure)
    expect(err).toMatchObject({ code: 'storage_failed', storeCode: code })
    expect(alerts).toEqual([{ code: 'storage_failed', reason, message: expect.stringMatching(/^the server cannot save: /), since: expect.any(Number) }])
  })

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', '23505', '42601'])('leaves %s as the server’s own error', async (code) => {
    const { store, alerts } = watched({ write: () => Promise.reject(fault(code)) })
    const err = await store.saveCafe({} as never, 1).catch((e: unknown) => e)
    expect(err).not.toBeInstanceOf(StorageFailure)
    expect(err).toMatchObject({ code })
    expect(alerts).toEqual([])
  })

  it('tells staff once when writes start failing and once when one succeeds again; a read success is no news', async () => {
    let failing = true
    const { store, health, alerts } = watched({ write: () => (failing ? Promise.reject(fault('SQLITE_FULL')) : Promise.resolve()) })
    for (let i = 0; i < 5; i++) await store.appendUpdate('c/cloth/0', new Uint8Array([i])).catch(() => undefined)
    expect(alerts.map((a) => a.code)).toEqual(['storage_failed'])
    expect(health.failing()).toEqual(alerts[0])
    await store.loadCafe('c')
    expect(health.failing()).toBeDefined()
    failing = false
    await store.appendUpdate('c/cloth/0', new Uint8Array([9]))
    await store.appendUpdate('c/cloth/0', new Uint8Array([10]))
    expect(alerts.map((a) => a.code)).toEqual(['storage_failed', 'storage_ok'])
    expect(alerts[1]!.since).toBeGreaterThan(alerts[0]!.since)
    expect(health.failing()).toBeUndefined()
  })
})
