import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..', '..')

/** `npm run backup`, as the operator runs it, against the running server's data folder. */
const backup = (dataDir: string, destination?: string) =>
  run('npm', ['run', '--silent', 'backup', '--', ...(destination ? [destination] : [])], {
    cwd: root,
    env: { ...process.env, TABLECLOTH_DATA: dataDir },
  })

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

describe('npm run backup', () => {
  it('copies the store while people type, and the copy serves the café with every word seen', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const writer = connectYjs(server.url, nino.document, nino.token)
    const watcher = connectYjs(server.url, nino.document, cafe.facilitatorToken)
    await Promise.all([writer.synced, watcher.synced])
    for (let i = 0; i < 20; i++) writer.text.insert(writer.text.length, `ხაზი ${i}\n`)
    await expect.poll(() => watcher.text.toString()).toContain('ხაზი 19')
    const seen = watcher.text.toString()

    // Keep typing while the copy is taken: the backup must not stop or corrupt the live store.
    let typing = true
    const more = (async () => {
      for (let i = 0; typing; i++) {
        writer.text.insert(writer.text.length, `more ${i}\n`)
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
    const destination = join(mkdtempSync(join(tmpdir(), 'tablecloth-backup-')), 'copy.db')
    const { stdout } = await backup(server.dataDir, destination)
    typing = false
    await more
    expect(stdout).toContain(`Backup written to ${destination}`)
    expect(stdout).toMatch(/1 cafés/)
    writer.destroy()
    watcher.destroy()

    // The copy, put in a fresh data folder, is a working Tablecloth store.
    const restoredDir = mkdtempSync(join(tmpdir(), 'tablecloth-restored-'))
    copyFileSync(destination, join(restoredDir, 'tablecloth.db'))
    const restored = await startServer({ dataDir: restoredDir })
    try {
      const reader = connectYjs(restored.url, nino.document, cafe.facilitatorToken)
      await reader.synced
      expect(reader.text.toString().startsWith(seen)).toBe(true)
      reader.destroy()
      const me = await fetch(`${restored.url}/api/me`, { headers: { authorization: `Bearer ${nino.token}` } })
      expect(me.status).toBe(200)
    } finally {
      await restored.stop()
    }
  })

  it('names the copy by time in the data folder when given no destination, and never overwrites one', async () => {
    const { stdout } = await backup(server.dataDir)
    const written = /Backup written to (\S+) /.exec(stdout)?.[1]
    expect(written).toMatch(new RegExp(`^${server.dataDir}/backups/tablecloth-.*\\.db$`))
    expect(existsSync(written!)).toBe(true)
    await expect(backup(server.dataDir, written)).rejects.toMatchObject({ stderr: expect.stringContaining('exists already') })
  })

  it('says clearly when there is no store to copy', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tablecloth-empty-'))
    await expect(backup(empty)).rejects.toMatchObject({ stderr: expect.stringContaining('No Tablecloth store') })
  })
})
