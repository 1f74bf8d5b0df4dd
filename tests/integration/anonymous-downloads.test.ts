/**
 * Issue 8, test 3: the summary and every download without personal names. Participants named in
 * Latin, Georgian and Cyrillic script (one under a pseudonym, one registered who never came) host,
 * write notes naming each other, propose, vote; the organisers name them in the summary
 * document. Every anonymous file — the summary as JSON, Word (its XML and its raw bytes),
 * Markdown, HTML, CSV and the archive (its Yjs states decoded too) — is searched for every name and
 * every part of one, and holds none; the ordinary files do hold them, so the search can fail.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs } from '../support/yjs-client.js'
import { unzip, wordText } from '../support/zip-reader.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { notesField, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import { notesText } from '../../shared/cloth/rich-text.js'
import { readProposals } from '../../shared/cloth/proposals.js'
import { SUMMARY_INTRODUCTION_FIELD, summaryEdits, translationText } from '../../shared/summary/document.js'
import type { CafeArchive } from '../../shared/archive/archive.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { HarvestCommand } from '../../shared/protocol/harvest.js'
import type { Summary } from '../../shared/summary/summary.js'
import { ok, until } from '../support/wait.js'

const KEY = 'organisers-key-for-the-anonymous-test'
const NINO = { name: 'ნინო ბერიძე', country: 'Georgia', organisation: 'Tbilisi resource centre' }
const OLENA = { name: 'Олена Коваль', country: 'Ukraine', organisation: 'MAMA-86-Odessa' }
const ANNA = { name: 'Anna Schmidt', country: 'Germany', organisation: 'IWO' }
const GIORGI = { name: 'Giorgi Kapanadze', country: 'Georgia' }
/** Joined under a pseudonym, giving neither country nor organisation. */
const HERON = { name: 'Blue Heron' }
/** On the registration list; never came, but the tables named him. */
const RASHAD = { name: 'Rashad Aliyev', country: 'Azerbaijan', organisation: 'Baku housing NGO' }
const NAMES = [NINO, OLENA, ANNA, GIORGI, HERON, RASHAD].map((p) => p.name)
/** Every name and every part of one: no file may hold even a surname. */
const PIECES = [...NAMES, ...NAMES.flatMap((n) => n.split(' '))]
// (Proposal ids below are neutral for the same reason: an id is in every file.)

let server: RunningServer
let cafe: CreateCafeResponse
let staff: CafeClient
const joined = new Map<string, JoinResponse>()

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
/** Which names or parts of names occur in a text, in any case. */
const piecesIn = (text: string) => PIECES.filter((piece) => text.toLowerCase().includes(piece.toLowerCase()))
const namesIn = (text: string) => NAMES.filter((name) => text.includes(name))

async function write(who: { name: string }, table: number, note: string, proposal: { id: string; title: string; who?: string }) {
  const cloth = connectYjs(server.url, clothDocumentName(cafe.cafeId, table), joined.get(who.name)!.token)
  await cloth.synced
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(note)])
  cloth.doc.getXmlFragment(notesField(1)).push([paragraph])
  const map = new Y.Map<unknown>()
  for (const [k, v] of Object.entries({ id: proposal.id, title: proposal.title, what: `Proposed at table ${table + 1}`, who: proposal.who ?? '', when: '2026', round: 1 })) map.set(k, v)
  cloth.doc.getArray(PROPOSALS_FIELD).push([map])
  await until(() => cloth.doc.getMap(PROVENANCE_FIELD).has(proposal.id))
  cloth.destroy()
}

const download = (path: string, anonymous: boolean) =>
  fetch(`${server.url}/api/cafes/${cafe.cafeId}/${path}${anonymous ? '?anonymous=1' : ''}`, { headers: bearer(cafe.organiserToken) })

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  cafe = await createCafe(server.url, { tables: 2, ask: { country: true, organisation: true } })
  const imported = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, {
    method: 'POST',
    headers: { ...bearer(cafe.facilitatorToken), 'content-type': 'application/json' },
    body: JSON.stringify({ csv: `name,country,organisation\n${RASHAD.name},${RASHAD.country},${RASHAD.organisation}\n` }),
  })
  expect(imported.status).toBe(201)
  for (const p of [NINO, OLENA, ANNA, GIORGI]) {
    const { name, ...about }: { name: string; country?: string; organisation?: string } = p
    joined.set(name, await joinCafe(server.url, cafe.joinCode, name, about))
  }
  const heron = await fetch(`${server.url}/api/cafes/${cafe.joinCode}/participants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: HERON.name, pseudonym: true }),
  })
  expect(heron.status).toBe(201)
  joined.set(HERON.name, (await heron.json()) as JoinResponse)

  staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  const id = (p: { name: string }) => joined.get(p.name)!.participantId
  await ok('host', staff.command({ type: 'make-host', personId: id(NINO), table: 0 }))
  await ok('host', staff.command({ type: 'make-host', personId: id(OLENA), table: 1 }))
  for (const [p, table] of [[ANNA, 0], [GIORGI, 1], [HERON, 1]] as const) await ok('move', staff.command({ type: 'move', personId: id(p), table }))
  await ok('start', staff.command({ type: 'start' }))

  await write(NINO, 0, `ცხელი ხაზი — ${ANNA.name} და ${RASHAD.name} ეთანხმებიან.`, { id: 'p-1', title: `იურიდიული დახმარება (${NINO.name})` })
  await write(ANNA, 0, `As ${NINO.name} said, ask ${RASHAD.name} how Baku does it.`, { id: 'p-2', title: 'Keep the hotline', who: `${NINO.name} and ${ANNA.name}` })
  await write(OLENA, 1, `${GIORGI.name} і ${HERON.name} пропонують щорічне навчання.`, { id: 'p-3', title: `Навчання голів ОСББ — ${OLENA.name}` })
  await write(GIORGI, 1, `${OLENA.name} hosts; ${HERON.name} takes notes.`, { id: 'p-4', title: 'Yearly training for chairs', who: GIORGI.name })

  const summary = connectYjs(server.url, summaryDocumentName(cafe.cafeId), cafe.organiserToken, SUMMARY_INTRODUCTION_FIELD)
  await summary.synced
  summary.text.insert(0, `Hosted by ${NINO.name} and ${OLENA.name}; notes by ${HERON.name}.`)
  translationText(summary.doc, 'note:0:1').insert(0, `The hotline — ${ANNA.name} and ${RASHAD.name} agree.`)
  await until(async () => {
    const reader = connectYjs(server.url, summaryDocumentName(cafe.cafeId), cafe.facilitatorToken)
    await reader.synced
    const edits = summaryEdits(reader.doc)
    reader.destroy()
    return edits.introduction !== undefined && edits.translations['note:0:1'] !== undefined
  })
  summary.destroy()

  await ok('end-round', staff.command({ type: 'end-round' }))
  await ok('open-harvest', staff.command({ type: 'open-harvest' }))
  await until(() => staff.harvest()?.items.length === 4)
  const harvest = (c: HarvestCommand, socket = staff.socket) => ok(c.type, socket.timeout(10_000).emitWithAck('harvest:command', c))
  await harvest({ type: 'merge', keys: ['0:p-2', '1:p-4'] })
  await until(() => staff.harvest()?.items.some((i) => i.kind === 'merged'))
  const mergeId = staff.harvest()!.items.find((i) => i.kind === 'merged')!.key
  await harvest({ type: 'edit', mergeId, title: `Hotline and training (${ANNA.name}, ${GIORGI.name})` })
  await harvest({ type: 'open-voting', dotsPerVoter: 2 })
  for (const p of [NINO, OLENA, ANNA, HERON]) {
    const voter = await connectCafe(server.url, cafe.cafeId, joined.get(p.name)!.token)
    await harvest({ type: 'place-dot', itemKey: mergeId }, voter.socket)
    voter.close()
  }
  await until(() => staff.harvest()?.ranking.find((r) => r.key === mergeId)?.dots === 4)
}, 90_000)

afterAll(async () => {
  staff?.close()
  await server?.stop()
})

describe('the summary without personal names', () => {
  it('shows people by country and organisation, and names nobody', async () => {
    const named = await (await download('summary', false)).text()
    expect(namesIn(named).sort()).toEqual([...NAMES].sort())
    const res = await download('summary', true)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(piecesIn(text)).toEqual([])
    const summary = JSON.parse(text) as Summary
    expect(summary.tables.map((t) => t.host)).toEqual(['Georgia · Tbilisi resource centre', 'Ukraine · MAMA-86-Odessa'])
    expect(summary.introduction).toBe('Hosted by Georgia · Tbilisi resource centre and Ukraine · MAMA-86-Odessa; notes by A participant.')
    const merged = summary.proposals.find((p) => p.merged)!
    expect(merged.title.text).toBe('Hotline and training (Germany · IWO, Georgia)')
    expect(merged.dots).toBe(4)
    expect(merged.sources.flatMap((s) => s.authors)).toEqual(['Germany · IWO', 'Georgia'])
    const notes = summary.tables[0]!.rounds[0]!.blocks.map((b) => b.text).join('\n')
    expect(notes).toContain('Azerbaijan · Baku housing NGO')
  })

  it.each([
    ['summary.md', 'Markdown'],
    ['summary.html', 'HTML'],
    ['proposals.csv', 'CSV'],
  ])('%s (%s) names nobody', async (path) => {
    const named = await (await download(path, false)).text()
    expect(namesIn(named).length).toBeGreaterThan(path.endsWith('.csv') ? 1 : 4)
    const res = await download(path, true)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('-anonymous.')
    expect(piecesIn(await res.text())).toEqual([])
  })

  it('the Word file names nobody, in its text or in its bytes', async () => {
    const namedXml = unzip(Buffer.from(await (await download('summary.docx', false)).arrayBuffer())).get('word/document.xml')!.toString('utf8')
    expect(namesIn(wordText(namedXml)).sort()).toEqual([...NAMES].sort())
    const docx = Buffer.from(await (await download('summary.docx', true)).arrayBuffer())
    const files = unzip(docx)
    const xml = files.get('word/document.xml')!.toString('utf8')
    expect(wordText(xml)).toContain('Georgia · Tbilisi resource centre')
    expect(piecesIn(wordText(xml))).toEqual([])
    for (const [name, bytes] of files) expect(piecesIn(bytes.toString('utf8')), name).toEqual([])
    for (const piece of PIECES) expect(docx.includes(Buffer.from(piece, 'utf8')), piece).toBe(false)
  })

  it('the archive names nobody, its Yjs states included, and can still be imported', async () => {
    const namedText = await (await download('archive.json', false)).text()
    const named = JSON.parse(namedText) as CafeArchive
    const statesText = (a: CafeArchive) =>
      [...a.cloths.map((c) => c.state), a.summary.state].map((s) => Buffer.from(s, 'base64').toString('utf8')).join('\n')
    expect(namesIn(namedText + statesText(named)).sort()).toEqual([...NAMES].sort())

    const text = await (await download('archive.json', true)).text()
    expect(piecesIn(text)).toEqual([])
    const archive = JSON.parse(text) as CafeArchive
    expect(piecesIn(statesText(archive))).toEqual([])
    // Decoded as a cloth, the state reads as the anonymous notes and proposals.
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(Buffer.from(archive.cloths[0]!.state, 'base64')))
    expect(notesText(doc.getXmlFragment(notesField(1)))).toContain('As Georgia · Tbilisi resource centre said, ask Azerbaijan · Baku housing NGO how')
    expect(readProposals(doc).find((p) => p.id === 'p-2')?.who).toBe('Georgia · Tbilisi resource centre and Germany · IWO')
    expect(Object.values(archive.cafe.people).map((p) => p.name).sort()).toEqual(
      ['A participant', 'Georgia', 'Georgia · Tbilisi resource centre', 'Germany · IWO', 'Ukraine · MAMA-86-Odessa'].sort(),
    )

    const imported = await fetch(`${server.url}/api/cafes/import`, {
      method: 'POST',
      headers: { ...bearer(KEY), 'content-type': 'application/json' },
      body: text,
    })
    expect(imported.status).toBe(201)
  })

  it('is for the café staff only, as the named one is', async () => {
    const participant = joined.get(ANNA.name)!.token
    const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/summary.md?anonymous=1`, { headers: bearer(participant) })
    expect(res.status).toBe(403)
  })
})
