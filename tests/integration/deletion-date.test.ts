/**
 * Issue 8, test 5: the organisers set when a café is deleted for good, and once that time has
 * come it is gone — from the store (no row of any table holds its id, no document of it is left,
 * its topic and people's names are not in the database or its log) and from the organisers' list.
 * The server checks every TABLECLOTH_SWEEP_MS, and once when it starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import { notesField } from '../../shared/cloth/schema.js'
import { notesText } from '../../shared/cloth/rich-text.js'
import type { CreateCafeResponse, JoinResponse, OrganiserCafesResponse } from '../../shared/protocol/http.js'

const KEY = 'organisers-key-for-the-deletion-test'
const TOPIC = 'ქუთაისის რესურსცენტრი: what stays after the project'
const NAME = 'Тамара Гоголадзе'
const NOTE = 'The Kutaisi office must keep its hotline open on Saturdays.'

let server: RunningServer
let kutaisi: CreateCafeResponse
let odesa: CreateCafeResponse
let tamara: JoinResponse

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const setDeletion = (cafeId: string, deleteAt: unknown, token?: string) =>
  fetch(`${server.url}/api/cafes/${cafeId}/deletion`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? bearer(token) : {}) },
    body: JSON.stringify({ deleteAt }),
  })
const listed = async () =>
  ((await (await fetch(`${server.url}/api/organiser/cafes`, { headers: bearer(KEY) })).json()) as OrganiserCafesResponse).cafes

/** Rows of every table that name the café, read straight from the SQLite file. */
function rowsOf(cafeId: string): Record<string, number> {
  const db = new Database(join(server.dataDir, 'tablecloth.db'), { readonly: true, fileMustExist: true })
  try {
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n
    const prefix = [`${cafeId}/`, `${cafeId}0`] as const
    return {
      cafes: count('SELECT count(*) AS n FROM cafes WHERE id = ?', cafeId),
      tokens: count('SELECT count(*) AS n FROM tokens WHERE cafe_id = ?', cafeId),
      harvests: count('SELECT count(*) AS n FROM harvests WHERE cafe_id = ?', cafeId),
      registrations: count('SELECT count(*) AS n FROM registrations WHERE cafe_id = ?', cafeId),
      updates: count('SELECT count(*) AS n FROM document_updates WHERE document >= ? AND document < ?', ...prefix),
      snapshots: count('SELECT count(*) AS n FROM document_snapshots WHERE document >= ? AND document < ?', ...prefix),
    }
  } finally {
    db.close()
  }
}

/** Which of these texts occur in the store's files (database, log, index), as UTF-8 bytes. */
function foundInStore(...texts: string[]): string[] {
  const files = ['tablecloth.db', 'tablecloth.db-wal', 'tablecloth.db-shm'].map((f) => join(server.dataDir, f)).filter(existsSync).map((f) => readFileSync(f))
  return texts.filter((text) => files.some((bytes) => bytes.includes(Buffer.from(text, 'utf8'))))
}

async function writeNote(cafeId: string, token: string, note: string): Promise<void> {
  const cloth = connectYjs(server.url, clothDocumentName(cafeId, 0), token)
  await cloth.synced
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(note)])
  cloth.doc.getXmlFragment(notesField(1)).push([paragraph])
  await expect
    .poll(async () => {
      const reader = connectYjs(server.url, clothDocumentName(cafeId, 0), token)
      await reader.synced
      const text = notesText(reader.doc.getXmlFragment(notesField(1)))
      reader.destroy()
      return text
    })
    .toContain(note)
  cloth.destroy()
}

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY, TABLECLOTH_SWEEP_MS: '200' } })
  kutaisi = await createCafe(server.url, { topic: TOPIC, tables: 2 })
  odesa = await createCafe(server.url, { topic: 'Resource centre in Odesa', tables: 2 })
  tamara = await joinCafe(server.url, kutaisi.joinCode, NAME)
  await joinCafe(server.url, odesa.joinCode, 'Олена Коваль')
})
afterAll(() => server?.stop())

describe('the deletion date', () => {
  it('is set by the café’s organisers or the organiser key, and no one else', async () => {
    const soon = Date.now() + 60_000
    expect((await setDeletion(kutaisi.cafeId, soon)).status).toBe(401)
    expect((await setDeletion(kutaisi.cafeId, soon, kutaisi.facilitatorToken)).status).toBe(403)
    expect((await setDeletion(kutaisi.cafeId, soon, tamara.token)).status).toBe(403)
    expect((await setDeletion(kutaisi.cafeId, soon, odesa.organiserToken)).status).toBe(403)
    expect((await setDeletion(kutaisi.cafeId, 'tomorrow', KEY)).status).toBe(400)
    expect((await setDeletion(kutaisi.cafeId, Date.now() - 1000, KEY)).status).toBe(400)
    expect((await setDeletion('no-such-cafe-here', soon, KEY)).status).toBe(404)
    expect((await listed()).find((c) => c.cafeId === kutaisi.cafeId)?.deleteAt).toBeUndefined()

    const byOrganiser = await setDeletion(kutaisi.cafeId, soon, kutaisi.organiserToken)
    expect(byOrganiser.status).toBe(200)
    expect(await byOrganiser.json()).toEqual({ deleteAt: soon })
    expect((await listed()).find((c) => c.cafeId === kutaisi.cafeId)?.deleteAt).toBe(soon)
    // Cleared again: never deleted.
    expect(await (await setDeletion(kutaisi.cafeId, null, KEY)).json()).toEqual({ deleteAt: null })
    expect((await listed()).find((c) => c.cafeId === kutaisi.cafeId)?.deleteAt).toBeUndefined()
  })

  it('deletes the café for good once it has come, and only that café', async () => {
    await writeNote(kutaisi.cafeId, tamara.token, NOTE)
    expect(foundInStore(TOPIC, NAME, NOTE)).toEqual([TOPIC, NAME, NOTE])
    const far = Date.now() + 30 * 24 * 3600_000
    expect((await setDeletion(odesa.cafeId, far, KEY)).status).toBe(200)
    expect((await setDeletion(kutaisi.cafeId, Date.now() + 1500, kutaisi.organiserToken)).status).toBe(200)

    await expect.poll(async () => (await listed()).map((c) => c.cafeId), { timeout: 10_000 }).toEqual([odesa.cafeId])
    expect(rowsOf(kutaisi.cafeId)).toEqual({ cafes: 0, tokens: 0, harvests: 0, registrations: 0, updates: 0, snapshots: 0 })
    expect(foundInStore(TOPIC, NAME, NOTE)).toEqual([])
    expect((await fetch(`${server.url}/api/cafes/${kutaisi.joinCode}`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/me`, { headers: bearer(tamara.token) })).status).toBe(401)
    // The other café is untouched, its date kept.
    expect((await listed())[0]).toMatchObject({ cafeId: odesa.cafeId, deleteAt: far, participants: 1 })
    expect(rowsOf(odesa.cafeId).cafes).toBe(1)
  })

  it('is also checked when the server starts', async () => {
    const late = await createCafe(server.url, { topic: 'Gori café, due while the server was off', tables: 1 })
    expect((await setDeletion(late.cafeId, Date.now() + 1000, KEY)).status).toBe(200)
    await server.stop()
    await new Promise((r) => setTimeout(r, 1100)) // the date passes while the server is off
    const dataDir = server.dataDir
    // Checked every hour from now on: only the check at start can delete it.
    server = await startServer({ dataDir, env: { TABLECLOTH_ORGANISER_KEY: KEY, TABLECLOTH_SWEEP_MS: '3600000' } })
    await expect.poll(async () => (await listed()).map((c) => c.cafeId), { timeout: 10_000 }).toEqual([odesa.cafeId])
    expect(rowsOf(late.cafeId).cafes).toBe(0)
  })
})
