/**
 * Issue 8, test 4: a person is erased, and their name is found nowhere in the store's files.
 *
 * ნინო ბერიძე (Georgian script) hosts table 1, writes notes and a proposal there, votes; Anna
 * Schmidt (Latin, from the registration list, with an email) writes at table 2 and votes; others
 * type both names into their notes, a proposal's "who", the merged proposal's title and the
 * summary document. Then the facilitator erases one and the organisers' key the other. Open
 * screens see the stand-in at once; the SQLite database, its write-ahead log and its index are
 * read as bytes — while the server runs and after it stopped — and neither name is in them, in
 * UTF-8 or UTF-16. Before the erasure they were (so the search can fail).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { notesField, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import { notesText } from '../../shared/cloth/rich-text.js'
import { readProposals } from '../../shared/cloth/proposals.js'
import { SUMMARY_INTRODUCTION_FIELD, translationText } from '../../shared/summary/document.js'
import type { CreateCafeResponse, ErasePersonResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { HarvestCommand } from '../../shared/protocol/harvest.js'
import type { Summary } from '../../shared/summary/summary.js'
import { ok, until } from '../support/wait.js'

const KEY = 'organisers-key-for-the-erasure-test'
const NINO = 'ნინო ბერიძე'
const ANNA = 'Anna Schmidt'
const ANNA_EMAIL = 'anna.schmidt@iwo.example'
const KEPT = 'Giorgi Kapanadze'

let server: RunningServer
let cafe: CreateCafeResponse
let nino: JoinResponse
let anna: JoinResponse
let giorgi: JoinResponse
let olena: JoinResponse
let staff: CafeClient
let watching: YjsClient

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const storeFiles = () => ['tablecloth.db', 'tablecloth.db-wal', 'tablecloth.db-shm'].map((f) => join(server.dataDir, f)).filter((f) => existsSync(f))

/** Which of these texts occur in the store's files, as UTF-8 or UTF-16 bytes. */
function foundInStore(...texts: string[]): string[] {
  const files = storeFiles().map((f) => readFileSync(f))
  return texts.filter((text) =>
    files.some((bytes) => bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'))),
  )
}

/** Writes a paragraph of notes and, optionally, a proposal at a table, as that person's screen would. */
async function write(person: JoinResponse, table: number, note: string, proposal?: { id: string; title: string; who?: string }) {
  const cloth = connectYjs(server.url, clothDocumentName(cafe.cafeId, table), person.token)
  await cloth.synced
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(note)])
  cloth.doc.getXmlFragment(notesField(1)).push([paragraph])
  if (proposal) {
    const map = new Y.Map<unknown>()
    for (const [k, v] of Object.entries({ id: proposal.id, title: proposal.title, what: '', who: proposal.who ?? '', when: '', round: 1 })) map.set(k, v)
    cloth.doc.getArray(PROPOSALS_FIELD).push([map])
    await until(() => cloth.doc.getMap(PROVENANCE_FIELD).has(proposal.id))
  } else {
    // A second reader seeing the note means the server stored it.
    await until(async () => {
      const reader = connectYjs(server.url, clothDocumentName(cafe.cafeId, table), person.token)
      await reader.synced
      const seen = notesText(reader.doc.getXmlFragment(notesField(1)))
      reader.destroy()
      return seen.includes(note)
    })
  }
  cloth.destroy()
}

const erase = (personId: string, token: string) =>
  fetch(`${server.url}/api/cafes/${cafe.cafeId}/people/${personId}`, { method: 'DELETE', headers: bearer(token) })

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  cafe = await createCafe(server.url, { tables: 2, ask: { country: true, organisation: true } })
  // Anna is on the registration list (with her email) and picks her own name.
  const imported = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, {
    method: 'POST',
    headers: { ...bearer(cafe.facilitatorToken), 'content-type': 'application/json' },
    body: JSON.stringify({ csv: `name,country,organisation,language,email\n${ANNA},Germany,IWO,de,${ANNA_EMAIL}\n` }),
  })
  expect(imported.status).toBe(201)
  const { registrations } = (await imported.json()) as { registrations: { id: string }[] }
  const joinByRegistration = await fetch(`${server.url}/api/cafes/${cafe.joinCode}/participants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ registrationId: registrations[0]!.id }),
  })
  expect(joinByRegistration.status).toBe(201)
  anna = (await joinByRegistration.json()) as JoinResponse
  nino = await joinCafe(server.url, cafe.joinCode, NINO, { country: 'Georgia', organisation: 'Rural Women of Kakheti' })
  giorgi = await joinCafe(server.url, cafe.joinCode, KEPT, { country: 'Georgia', organisation: 'HOA Vake 12' })
  olena = await joinCafe(server.url, cafe.joinCode, 'Олена Коваль', { country: 'Ukraine', organisation: 'MAMA-86-Odessa' })

  staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  await ok('make-host', staff.command({ type: 'make-host', personId: nino.participantId, table: 0 }))
  await ok('move', staff.command({ type: 'move', personId: anna.participantId, table: 1 }))
  await ok('move', staff.command({ type: 'move', personId: giorgi.participantId, table: 0 }))
  await ok('move', staff.command({ type: 'move', personId: olena.participantId, table: 1 }))
  await ok('start', staff.command({ type: 'start' }))

  await write(nino, 0, 'ცხელი ხაზი უნდა დარჩეს — ამბობს მასპინძელი.', { id: 'p-nino', title: 'იურიდიული კონსულტაციები' })
  await write(giorgi, 0, `As ${NINO} said, and ${ANNA} agreed: keep the hotline.`, { id: 'p-giorgi', title: `Hotline run by ${NINO}`, who: ANNA })
  await write(anna, 1, 'Training for HOA chairs every year.', { id: 'p-anna', title: 'Yearly training' })
  await write(olena, 1, `${ANNA.toUpperCase()} і ${NINO} пропонують навчання.`)

  const summary = connectYjs(server.url, summaryDocumentName(cafe.cafeId), cafe.organiserToken, SUMMARY_INTRODUCTION_FIELD)
  await summary.synced
  summary.text.insert(0, `Thanks to ${NINO} and ${ANNA} for hosting.`)
  translationText(summary.doc, 'note:1:1').insert(0, `${ANNA} and ${NINO} propose training.`)
  await until(async () => {
    const reader = connectYjs(server.url, summaryDocumentName(cafe.cafeId), cafe.facilitatorToken, SUMMARY_INTRODUCTION_FIELD)
    await reader.synced
    const seen = reader.text.length > 0 && translationText(reader.doc, 'note:1:1').length > 0
    reader.destroy()
    return seen
  })

  await ok('end-round', staff.command({ type: 'end-round' }))
  await ok('open-harvest', staff.command({ type: 'open-harvest' }))
  await until(() => staff.harvest()?.items.length === 3)
  const harvest = (c: HarvestCommand, socket = staff.socket) => ok(c.type, socket.timeout(10_000).emitWithAck('harvest:command', c))
  await harvest({ type: 'merge', keys: ['0:p-giorgi', '1:p-anna'] })
  await until(() => staff.harvest()?.items.some((i) => i.kind === 'merged'))
  const mergeId = staff.harvest()!.items.find((i) => i.kind === 'merged')!.key
  await harvest({ type: 'edit', mergeId, title: `Hotline and training, as ${NINO} and ${ANNA} proposed` })
  await harvest({ type: 'open-voting', dotsPerVoter: 2 })
  for (const voter of [nino, anna, giorgi]) {
    const client = await connectCafe(server.url, cafe.cafeId, voter.token)
    await harvest({ type: 'place-dot', itemKey: mergeId }, client.socket)
    client.close()
  }
  await until(() => staff.harvest()?.ranking.find((r) => r.key === mergeId)?.dots === 3)
  summary.destroy()

  // Someone keeps table 1's cloth open throughout: their screen must follow the erasure.
  watching = connectYjs(server.url, clothDocumentName(cafe.cafeId, 0), giorgi.token)
  await watching.synced
}, 90_000)

afterAll(async () => {
  watching?.destroy()
  staff?.close()
  await server?.stop()
})

describe('erasing a person', () => {
  it('starts from a store that holds both names (the search can fail)', () => {
    expect(foundInStore(NINO, ANNA, ANNA_EMAIL, KEPT)).toEqual([NINO, ANNA, ANNA_EMAIL, KEPT])
  })

  it('is for the café staff only', async () => {
    expect((await erase(nino.participantId, giorgi.token)).status).toBe(403)
    expect((await erase(nino.participantId, 'not-a-token')).status).toBe(401)
    expect((await erase('nobody', cafe.facilitatorToken)).status).toBe(404)
    expect(staff.state()?.people[nino.participantId]?.name).toBe(NINO)
  })

  it('replaces the name on every open screen, in the state, the harvest and the summary', async () => {
    const first = await erase(nino.participantId, cafe.facilitatorToken)
    expect(first.status).toBe(200)
    const { name: ninoNow } = (await first.json()) as ErasePersonResponse
    expect(ninoNow).toBe('Removed participant 1')
    const second = await erase(anna.participantId, KEY)
    expect(second.status).toBe(200)
    const { name: annaNow } = (await second.json()) as ErasePersonResponse
    expect(annaNow).toBe('Removed participant 2')
    expect((await erase(anna.participantId, KEY)).status).toBe(404)

    await expect.poll(() => notesText(watching.doc.getXmlFragment(notesField(1)))).toContain(`As ${ninoNow} said, and ${annaNow} agreed`)
    expect(readProposals(watching.doc).find((p) => p.id === 'p-giorgi')).toMatchObject({ title: `Hotline run by ${ninoNow}`, who: annaNow })
    await expect.poll(() => staff.state()?.people[nino.participantId]).toMatchObject({ name: ninoNow, erased: true, removed: true })
    expect(staff.state()?.people[nino.participantId]?.country).toBeUndefined()
    await expect.poll(() => staff.harvest()?.items.find((i) => i.kind === 'merged')?.title).toBe(`Hotline and training, as ${ninoNow} and ${annaNow} proposed`)

    const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/summary`, { headers: bearer(KEY) })
    const text = await res.text()
    for (const name of [NINO, ANNA, 'ნინო', 'Schmidt']) expect(text).not.toContain(name)
    const summary = JSON.parse(text) as Summary
    expect(summary.introduction).toBe(`Thanks to ${ninoNow} and ${annaNow} for hosting.`)
    // The dots they placed still count.
    expect(summary.proposals[0]?.dots).toBe(3)
    expect(text).toContain(KEPT)

    const registrations = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { headers: bearer(cafe.facilitatorToken) })
    const listed = await registrations.text()
    expect(listed).not.toContain(ANNA)
    expect(listed).not.toContain(ANNA_EMAIL)
  })

  it('leaves neither name in the database, its log or its index while the server runs', () => {
    expect(storeFiles().map((f) => f.split('/').pop())).toContain('tablecloth.db-wal')
    expect(foundInStore(NINO, ANNA, 'ნინო', 'ბერიძე', 'Schmidt', ANNA.toUpperCase(), ANNA_EMAIL, 'Rural Women of Kakheti')).toEqual([])
    // The people who stay are still there: the store was scrubbed, not emptied.
    expect(foundInStore(KEPT)).toEqual([KEPT])
  })

  it('nor after the server stopped', async () => {
    await server.stop()
    expect(foundInStore(NINO, ANNA, 'ნინო', 'ბერიძე', 'Schmidt', ANNA.toUpperCase(), ANNA_EMAIL)).toEqual([])
    expect(foundInStore(KEPT)).toEqual([KEPT])
  })
})
