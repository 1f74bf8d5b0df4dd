/**
 * The SQLite store: the storage suite every store passes (tests/support/storage-suite.ts), then
 * what only SQLite promises — its durability pragmas and its online backup to a file.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStorage } from '../../server/storage/sqlite.js'
import type { SqliteStorage } from '../../server/storage/sqlite.js'
import { aCafe, storageSuite, textOf, typedUpdates } from '../support/storage-suite.js'

const newFile = () => join(mkdtempSync(join(tmpdir(), 'tablecloth-store-')), 'tablecloth.db')

describe('the SQLite store', () => {
  storageSuite(async () => {
    const file = newFile()
    return { open: async () => createSqliteStorage(file) }
  })

  describe('what only SQLite promises', () => {
    const open: SqliteStorage[] = []
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()))
    })
    function freshStore(file = newFile()) {
      const storage = createSqliteStorage(file)
      open.push(storage)
      return storage
    }

    it('runs in WAL mode with synchronous=FULL, so an acknowledged write survives a power cut', () => {
      expect(freshStore().durability()).toEqual({ journalMode: 'wal', synchronous: 2 })
    })

    it('takes a consistent backup while in use', async () => {
      const storage = freshStore()
      const cafe = aCafe()
      await storage.createCafe(cafe, [])
      for (const u of typedUpdates(['one', 'two'])) await storage.appendUpdate('d', u)
      const target = join(mkdtempSync(join(tmpdir(), 'tablecloth-backup-')), 'copy.db')
      await storage.backup(target)
      const copy = freshStore(target)
      expect(await copy.loadCafe(cafe.id)).toEqual(cafe)
      expect(textOf(await copy.loadDocument('d'))).toBe('one two ')
    })
  })
})
