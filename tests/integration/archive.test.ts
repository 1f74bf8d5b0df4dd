import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { harvestedCafe, GEORGIAN_NOTE, GEORGIAN_PROPOSAL, NOTE_TRANSLATION, SUMMARY_TITLE, type HarvestedCafe } from '../support/harvested-cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import { connectYjs } from '../support/yjs-client.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import { notesField } from '../../shared/cloth/schema.js'
import { readProposals } from '../../shared/cloth/proposals.js'
import type { CafeArchive } from '../../shared/archive/archive.js'
import type { ImportCafeResponse, OrganiserCafesResponse } from '../../shared/protocol/http.js'
import type { ErrorBody } from '../../shared/protocol/errors.js'

/** The server's organiser key, set by the operator (32 characters). */
const KEY = 'archive-test-organiser-key-32chr'

/**
 * The closed list of what may differ between a café's archive and the archive of its import:
 * the new café's id and join code, and when each archive was made. Nothing else.
 */
const ALLOWED_TO_DIFFER = [
  ['exportedAt'],
  ['cafe', 'id'],
  ['cafe', 'joinCode'],
] as const

let server: RunningServer
let played: HarvestedCafe
let archiveA: string
let imported: ImportCafeResponse
let archiveB: string

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
async function exportOf(cafeId: string, token = KEY): Promise<string> {
  const res = await fetch(`${server.url}/api/cafes/${cafeId}/archive.json`, { headers: auth(token) })
  if (res.status !== 200) throw new Error(`export failed: ${res.status} ${await res.text()}`)
  return res.text()
}
function importing(body: string, token = KEY): Promise<Response> {
  return fetch(`${server.url}/api/cafes/import`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body })
}
async function cafeCount(): Promise<number> {
  const res = await fetch(`${server.url}/api/organiser/cafes`, { headers: auth(KEY) })
  return ((await res.json()) as OrganiserCafesResponse).cafes.length
}

/**
 * The archive's text with each allowed field's value replaced by a placeholder. Each must occur
 * exactly once as `"name": value` in the text, so nothing else with the same value is hidden.
 */
function masked(text: string): string {
  const parsed = JSON.parse(text) as Record<string, unknown>
  let out = text
  for (const path of ALLOWED_TO_DIFFER) {
    const value = path.reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], parsed)
    const needle = `"${path.at(-1)}": ${JSON.stringify(value)}`
    expect(out.split(needle).length - 1, `${path.join('.')} occurs once`).toBe(1)
    out = out.replace(needle, `"${path.at(-1)}": "<${path.join('.')}>"`)
  }
  return out
}

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  played = await harvestedCafe(server.url)
  archiveA = await exportOf(played.cafe.cafeId)
  const res = await importing(archiveA)
  if (res.status !== 201) throw new Error(`import failed: ${res.status} ${await res.text()}`)
  imported = (await res.json()) as ImportCafeResponse
  archiveB = await exportOf(imported.cafeId)
}, 120_000)
afterAll(async () => {
  played?.close()
  await server?.stop()
})

describe('export → import → export of a café (criterion 4)', () => {
  it('gives an archive byte-identical to the first, apart from the new id, join code and export time', () => {
    expect(masked(archiveB)).toBe(masked(archiveA))
    // …and those do differ: it is a new café.
    const [a, b] = [JSON.parse(archiveA) as CafeArchive, JSON.parse(archiveB) as CafeArchive]
    expect(b.cafe.id).toBe(imported.cafeId)
    expect(b.cafe.id).not.toBe(a.cafe.id)
    expect(b.cafe.joinCode).toBe(imported.joinCode)
  })

  it('is deterministic: two exports of the unchanged café differ only in their export time', async () => {
    const again = await exportOf(played.cafe.cafeId, played.cafe.organiserToken)
    expect(again.replace(/"exportedAt": \d+/, '')).toBe(archiveA.replace(/"exportedAt": \d+/, ''))
  })

  it('is the same whether a cloth is open in a room right now or read from the store', async () => {
    const open = connectYjs(server.url, clothDocumentName(imported.cafeId, 1), imported.organiserToken)
    try {
      await open.synced
      const whileOpen = await exportOf(imported.cafeId)
      expect(whileOpen.replace(/"exportedAt": \d+/, '')).toBe(archiveB.replace(/"exportedAt": \d+/, ''))
    } finally {
      open.destroy()
    }
  })

  it('carries no token and no personal code', () => {
    for (const secret of [played.cafe.facilitatorToken, played.cafe.organiserToken, ...played.people.flatMap((p) => [p.token, p.rejoinCode])]) {
      expect(archiveA).not.toContain(secret)
    }
    expect(archiveA).not.toMatch(/token|rejoin/i)
  })

  it('keeps the notes, Georgian included, in the restored cloths and in the readable copy', async () => {
    const cloth = connectYjs(server.url, clothDocumentName(imported.cafeId, 0), imported.facilitatorToken)
    try {
      await cloth.synced
      expect(cloth.doc.getXmlFragment(notesField(1)).toString()).toContain(GEORGIAN_NOTE)
      expect(readProposals(cloth.doc).map((p) => p.title)).toContain(GEORGIAN_PROPOSAL)
    } finally {
      cloth.destroy()
    }
    const b = JSON.parse(archiveB) as CafeArchive
    expect(b.cloths[0]!.notes[0]!.blocks).toEqual([{ kind: 'paragraph', text: GEORGIAN_NOTE }])
    expect(b.cloths.flatMap((c) => c.proposals)).toHaveLength(6)
    expect(b.cloths[0]!.proposals.find((p) => p.title === GEORGIAN_PROPOSAL)?.provenance).toMatchObject({ table: 0, round: 1 })
  })

  it('keeps the people, the seating history of every round, the votes and the summary edits', async () => {
    const staff = await connectCafe(server.url, imported.cafeId, imported.facilitatorToken)
    try {
      await expect.poll(() => staff.state()?.id).toBe(imported.cafeId)
      const original = played.staff.state()!
      const restored = staff.state()!
      expect(restored.history).toEqual(original.history)
      expect(restored.history).toHaveLength(3)
      expect(restored.people).toEqual(original.people)
      expect(restored.sittings).toEqual(original.sittings)
      expect(restored.phase).toEqual({ kind: 'harvest' })
      await expect.poll(() => staff.harvest()?.ranking).toEqual(played.harvest()!.ranking)
      expect(staff.harvest()!.ranking.find((r) => r.key === played.mergeId)).toMatchObject({ dots: 3, voters: 3, place: 1 })
    } finally {
      staff.close()
    }
    const summary = await fetch(`${server.url}/api/cafes/${imported.cafeId}/summary`, { headers: auth(imported.organiserToken) })
    const s = (await summary.json()) as { title: string; tables: { rounds: { translation?: string }[] }[] }
    expect(s.title).toBe(SUMMARY_TITLE)
    expect(s.tables[0]!.rounds[0]!.translation).toBe(NOTE_TRANSLATION)
  })

  it("gives the staff new links and the participants none: the old café's tokens do not open the new one", async () => {
    expect(imported.facilitatorToken).not.toBe(played.cafe.facilitatorToken)
    const me = await fetch(`${server.url}/api/me`, { headers: auth(imported.facilitatorToken) })
    expect(await me.json()).toEqual({ cafeId: imported.cafeId, role: 'facilitator' })
    for (const old of [played.cafe.facilitatorToken, played.people[0]!.token]) {
      const res = await fetch(`${server.url}/api/cafes/${imported.cafeId}/summary`, { headers: auth(old) })
      expect(res.status).toBe(403)
    }
  })
})

describe('a bad archive is refused with a clear 4xx and creates no café', () => {
  type Case = { name: string; body: () => string; status: number; code: string; path?: string; token?: string }
  const edited = (edit: (a: CafeArchive) => void) => () => {
    const a = JSON.parse(archiveA) as CafeArchive
    edit(a)
    return JSON.stringify(a)
  }
  const garbage = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).toString('base64')
  const cases: Case[] = [
    { name: 'a newer version', body: edited((a) => ((a as { version: number }).version = 2)), status: 400, code: 'unsupported_archive' },
    { name: 'something else than an archive', body: () => JSON.stringify({ hello: 'world' }), status: 400, code: 'unsupported_archive' },
    { name: 'not JSON', body: () => '{"format": "tablecloth-cafe-archive", ', status: 400, code: 'bad_request' },
    { name: 'a cloth state that is not base64', body: edited((a) => (a.cloths[1]!.state = 'not base64!')), status: 400, code: 'bad_request', path: 'cloths.1.state' },
    { name: 'a cloth state that is base64 but not Yjs', body: edited((a) => (a.cloths[1]!.state = garbage)), status: 400, code: 'bad_archive', path: 'cloths.1.state' },
    {
      name: 'a summary state over the size limit',
      body: edited((a) => (a.summary.state = Buffer.alloc(9 * 1024 * 1024).toString('base64'))),
      status: 400,
      code: 'bad_request',
      path: 'summary.state',
    },
    {
      name: 'a dot on an item that does not exist',
      body: edited((a) => (a.harvest!.votes.dots[0]!.placedOn = '1:p-never-written')),
      status: 400,
      code: 'bad_archive',
      path: 'harvest.votes.dots.0.placedOn',
    },
    {
      name: 'a seat in the history at a table the café does not have',
      body: edited((a) => {
        const [person] = Object.keys(a.cafe.history[1]!)
        a.cafe.history[1]![person!] = 7
      }),
      status: 400,
      code: 'bad_archive',
    },
    { name: 'a field the format does not have', body: edited((a) => ((a.cafe as unknown as Record<string, unknown>).tokens = [])), status: 400, code: 'bad_request', path: 'cafe' },
    { name: 'a huge body (over 50 MB)', body: () => `{"format": "tablecloth-cafe-archive", "pad": "${'x'.repeat(51 * 1024 * 1024)}"}`, status: 413, code: 'body_too_large' },
    { name: 'the facilitator’s token instead of the organiser key', body: () => archiveA, status: 403, code: 'forbidden', token: 'facilitator' },
    { name: 'no key at all', body: () => archiveA, status: 401, code: 'unauthorized', token: '' },
  ]

  it.each(cases)('$name → $status $code', async ({ body, status, code, path, token }) => {
    const before = await cafeCount()
    const key = token === 'facilitator' ? played.cafe.facilitatorToken : token === '' ? 'nothing-valid' : KEY
    const res = await importing(body(), key)
    const error = ((await res.json()) as ErrorBody).error
    expect({ status: res.status, code: error.code }).toEqual({ status, code })
    expect(error.message.length).toBeGreaterThan(0)
    if (path) expect(error.issues?.map((i) => i.path)).toContain(path)
    expect(await cafeCount()).toBe(before)
  })
})

describe('what the archive holds', () => {
  it('the exact Yjs state of each cloth: applied to an empty document it shows the notes', () => {
    const a = JSON.parse(archiveA) as CafeArchive
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Buffer.from(a.cloths[0]!.state, 'base64'))
    expect(doc.getXmlFragment(notesField(1)).toString()).toContain(GEORGIAN_NOTE)
    expect(a).toMatchObject({ format: 'tablecloth-cafe-archive', version: 1 })
    expect(Object.keys(a)).toEqual(['format', 'version', 'exportedAt', 'cafe', 'cloths', 'harvest', 'summary'])
    expect(a.summary.edits).toMatchObject({ title: SUMMARY_TITLE })
    expect(a.harvest!.merged).toHaveLength(1)
    expect(a.harvest!.votes.dots).toHaveLength(4)
  })
})
