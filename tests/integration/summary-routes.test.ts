import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inflateRawSync } from 'node:zlib'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { harvestedCafe, GEORGIAN_NOTE, GEORGIAN_PROPOSAL, NOTE_TRANSLATION, SUMMARY_TITLE, type HarvestedCafe } from '../support/harvested-cafe.js'
import { connectYjs } from '../support/yjs-client.js'
import { connectCafe } from '../support/cafe-socket.js'
import { notesField } from '../../shared/cloth/schema.js'
import { summaryDocumentName } from '../../shared/protocol/documents.js'
import { SUMMARY_TITLE_FIELD, summaryEdits, translationText } from '../../shared/summary/document.js'
import { noteKey } from '../../shared/summary/summary.js'
import type { CreateCafeResponse, SummaryResponse } from '../../shared/protocol/http.js'
import type { ErrorBody } from '../../shared/protocol/errors.js'

const KEY = 'summary-test-organiser-key-32chr'
const GEORGIAN_TOPIC = 'რესურსცენტრების მდგრადი ფუნქციონირება'

let server: RunningServer
let played: HarvestedCafe
let otherCafe: CreateCafeResponse

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const get = (cafeId: string, file: string, token?: string) =>
  fetch(`${server.url}/api/cafes/${cafeId}/${file}`, { headers: token === undefined ? {} : auth(token) })

/** The text of one file inside a zip (a .docx is one), read with zlib: stored or deflated entries. */
function fileInZip(zip: Buffer, name: string): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  let at = zip.readUInt32LE(end + 16)
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const [method, size, nameLength, extra, comment, local] = [
      zip.readUInt16LE(at + 10),
      zip.readUInt32LE(at + 20),
      zip.readUInt16LE(at + 28),
      zip.readUInt16LE(at + 30),
      zip.readUInt16LE(at + 32),
      zip.readUInt32LE(at + 42),
    ]
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const data = zip.subarray(start, start + size)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8')
    }
    at += 46 + nameLength + extra + comment
  }
  throw new Error(`${name} is not in the zip`)
}

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  played = await harvestedCafe(server.url, { topic: GEORGIAN_TOPIC })
  otherCafe = await createCafe(server.url)
}, 120_000)
afterAll(async () => {
  played?.close()
  await server?.stop()
})

describe('the summary downloads', () => {
  const downloads = [
    { file: 'summary.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
    { file: 'summary.md', type: 'text/markdown; charset=utf-8', ext: 'md' },
    { file: 'summary.html', type: 'text/html; charset=utf-8', ext: 'html' },
    { file: 'proposals.csv', type: 'text/csv; charset=utf-8', ext: 'csv' },
    { file: 'archive.json', type: 'application/json; charset=utf-8', ext: 'json' },
  ]

  it.each(downloads)('$file: its type, an attachment named after the topic and date, and the Georgian text', async ({ file, type, ext }) => {
    for (const token of [played.cafe.facilitatorToken, played.cafe.organiserToken, KEY]) {
      const res = await get(played.cafe.cafeId, file, token)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(type)
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      const body = Buffer.from(await res.arrayBuffer())
      expect(body.length).toBeGreaterThan(0)
      // Word's text is split into runs (one font per script): read it without the XML around it.
      const text = file === 'summary.docx' ? fileInZip(body, 'word/document.xml').replace(/<[^>]+>/g, '') : body.toString('utf8')
      // The CSV lists proposals only; everything else has the tables' notes.
      expect(text).toContain(file === 'proposals.csv' ? GEORGIAN_PROPOSAL : GEORGIAN_NOTE)
      const date = new Date().toISOString().slice(0, 10)
      const suffix = file.split('.')[0]
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="cafe-${date}-${suffix}.${ext}"; filename*=UTF-8''${encodeURIComponent(`რესურსცენტრების-მდგრადი-ფუნქციონირება-${date}-${suffix}.${ext}`)}`,
      )
    }
  })

  it('names the file in plain ASCII when the topic is in Latin letters, accents dropped', async () => {
    const cafe = await createCafe(server.url, { topic: 'Centres de ressources: quel avenir après 2026?' })
    const res = await get(cafe.cafeId, 'summary.md', cafe.organiserToken)
    const disposition = res.headers.get('content-disposition')!
    expect(disposition).toMatch(/^attachment; filename="Centres-de-ressources-quel-avenir-apres-2026-\d{4}-\d\d-\d\d-summary\.md"; filename\*=UTF-8''Centres-de-ressources-quel-avenir-apr%C3%A8s-2026-/)
  })

  it('gives the summary as data: topic, questions, tables, the merged proposal first with its dots', async () => {
    const res = await get(played.cafe.cafeId, 'summary', played.cafe.facilitatorToken)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const summary = (await res.json()) as SummaryResponse
    expect(summary).toMatchObject({ topic: GEORGIAN_TOPIC, title: SUMMARY_TITLE, harvested: true, votingStatus: 'open' })
    expect(summary.tables).toHaveLength(2)
    expect(summary.participants.count).toBe(6)
    expect(summary.proposals[0]).toMatchObject({ merged: true, dots: 3, place: 1 })
    expect(summary.tables[0]!.rounds[0]).toMatchObject({ translation: NOTE_TRANSLATION })
  })
})

describe('who may have the results', () => {
  const files = ['summary', 'summary.docx', 'summary.md', 'summary.html', 'proposals.csv', 'archive.json']

  it.each(files)("%s is refused to participants and to other cafés' staff (403), and without a valid token (401)", async (file) => {
    const refusals: [string | undefined, number][] = [
      [played.people[0]!.token, 403],
      [played.people[1]!.token, 403],
      [otherCafe.facilitatorToken, 403],
      [otherCafe.organiserToken, 403],
      [undefined, 401],
      ['x'.repeat(43), 401],
      ['not-the-organiser-key-but-long-enough', 401],
    ]
    for (const [token, status] of refusals) {
      const res = await get(played.cafe.cafeId, file, token)
      expect(res.status, `${file} with ${token?.slice(0, 6)}`).toBe(status)
      expect(((await res.json()) as ErrorBody).error.code).toBe(status === 401 ? 'unauthorized' : 'forbidden')
    }
  })

  it('takes tokens from the Authorization header only, never from the address', async () => {
    const res = await fetch(`${server.url}/api/cafes/${played.cafe.cafeId}/summary.md?token=${played.cafe.organiserToken}`)
    expect(res.status).toBe(401)
  })

  it.each(files)('%s of an unknown café is a 404', async (file) => {
    const res = await get('NoSuchCafe0000000', file, KEY)
    expect(res.status).toBe(404)
    expect(((await res.json()) as ErrorBody).error.code).toBe('unknown_cafe')
  })
})

describe('the summary document feeds the summary', () => {
  it('a title and a translation typed through the stock y-websocket client show up in the JSON and the Markdown', async () => {
    const cafe = await createCafe(server.url, { tables: 1, topic: 'Sustainable functioning of resource centres' })
    const tamar = await joinCafe(server.url, cafe.joinCode, 'Tamar')
    const staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    expect(await staff.command({ type: 'start' })).toMatchObject({ ok: true })
    staff.close()
    const cloth = connectYjs(server.url, tamar.document, tamar.token)
    const editor = connectYjs(server.url, summaryDocumentName(cafe.cafeId), cafe.organiserToken, SUMMARY_TITLE_FIELD)
    try {
      await Promise.all([cloth.synced, editor.synced])
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('ცხელი ხაზი')])
      cloth.doc.getXmlFragment(notesField(1)).push([paragraph])
      editor.text.insert(0, 'Report to the donor')
      translationText(editor.doc, noteKey(0, 1)).insert(0, 'ცხელი ხაზი — the hotline')
      editor.doc.getText('introduction').insert(0, 'Written in Tbilisi.')
      const json = async () => (await (await get(cafe.cafeId, 'summary', cafe.facilitatorToken)).json()) as SummaryResponse
      await expect
        .poll(async () => {
          const summary = await json()
          return [summary.title, summary.introduction, summary.tables[0]!.rounds[0]!.translation]
        })
        .toEqual(['Report to the donor', 'Written in Tbilisi.', 'ცხელი ხაზი — the hotline'])
      expect(summaryEdits(editor.doc).translations).toEqual({ [noteKey(0, 1)]: 'ცხელი ხაზი — the hotline' })
      const markdown = await (await get(cafe.cafeId, 'summary.md', cafe.organiserToken)).text()
      expect(markdown).toContain('Report to the donor')
      expect(markdown).toContain('Written in Tbilisi.')
      expect(markdown).toContain('ცხელი ხაზი — the hotline')
    } finally {
      editor.destroy()
      cloth.destroy()
    }
  })
})
