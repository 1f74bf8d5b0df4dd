import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { io, type Socket } from 'socket.io-client'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs, tryUpgrade, type YjsClient } from '../support/yjs-client.js'
import { summaryDocumentName } from '../../shared/protocol/documents.js'
import { SUMMARY_TITLE_FIELD, summaryEdits, translationText } from '../../shared/summary/document.js'
import { noteKey } from '../../shared/summary/summary.js'
import { notesField } from '../../shared/cloth/schema.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { ClientToServerEvents, ServerToClientEvents, TableClothSummary } from '../../shared/protocol/socket.js'

let server: RunningServer
let cafe: CreateCafeResponse
let otherCafe: CreateCafeResponse
let nino: JoinResponse
const open: YjsClient[] = []

/** The café's summary document, opened with the stock client as the summary editor would. */
async function openSummary(token: string): Promise<YjsClient> {
  const client = connectYjs(server.url, summaryDocumentName(cafe.cafeId), token, SUMMARY_TITLE_FIELD)
  open.push(client)
  await client.synced
  return client
}
const closeCode = (client: YjsClient) =>
  new Promise<number>((resolve) => client.provider.ws?.addEventListener('close', (e) => resolve((e as CloseEvent).code)))

beforeAll(async () => {
  server = await startServer()
  // One round, so the café can go all the way to closed.
  cafe = await createCafe(server.url, { tables: 2, questions: ['What would homeowners miss if the centre closed?'] })
  otherCafe = await createCafe(server.url)
  nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
})
afterAll(async () => {
  for (const c of open) c.destroy()
  await server?.stop()
})

describe("the café's summary document on the Yjs endpoint", () => {
  const url = (token?: string) => `${server.url.replace('http', 'ws')}/yjs/${summaryDocumentName(cafe.cafeId)}${token ? `?token=${token}` : ''}`

  it('is refused to participants (403), to other cafés (403) and without a valid token (401)', async () => {
    expect(await tryUpgrade(url(nino.token))).toEqual({ status: 403, opened: false })
    expect(await tryUpgrade(url(otherCafe.facilitatorToken))).toEqual({ status: 403, opened: false })
    expect(await tryUpgrade(url(otherCafe.organiserToken))).toEqual({ status: 403, opened: false })
    expect(await tryUpgrade(url())).toEqual({ status: 401, opened: false })
    expect(await tryUpgrade(url('z'.repeat(43)))).toEqual({ status: 401, opened: false })
  })

  it('lets the facilitator and the organiser write it together: title, introduction, a translation', async () => {
    const facilitator = await openSummary(cafe.facilitatorToken)
    const organiser = await openSummary(cafe.organiserToken)
    facilitator.text.insert(0, 'Resource centres after the project')
    translationText(organiser.doc, noteKey(0, 1)).insert(0, 'The hotline is what people would miss most.')
    organiser.doc.getText('introduction').insert(0, 'Tbilisi, seminar day two.')
    await expect.poll(() => summaryEdits(organiser.doc).title).toBe('Resource centres after the project')
    await expect.poll(() => summaryEdits(facilitator.doc)).toEqual({
      title: 'Resource centres after the project',
      introduction: 'Tbilisi, seminar day two.',
      translations: { [noteKey(0, 1)]: 'The hotline is what people would miss most.' },
    })
  })

  it('stays writable for staff through every change of the café, closed included', async () => {
    const staff: CafeClient = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    try {
      const organiser = await openSummary(cafe.organiserToken)
      for (const type of ['start', 'end-round', 'open-harvest', 'close'] as const) {
        expect(await staff.command({ type }), type).toMatchObject({ ok: true })
      }
      await expect.poll(() => staff.state()?.phase.kind).toBe('closed')
      organiser.doc.getText('introduction').insert(0, 'Written after the café closed. ')
      const check = await openSummary(cafe.facilitatorToken)
      await expect.poll(() => summaryEdits(check.doc).introduction).toBe('Written after the café closed. Tbilisi, seminar day two.')
      expect(organiser.provider.wsconnected).toBe(true)
    } finally {
      staff.close()
    }
  })

  it('keeps every edit through a crash (SIGKILL) and a restart', async () => {
    const before = await openSummary(cafe.facilitatorToken)
    const seen = summaryEdits(before.doc)
    expect(seen.title).toBe('Resource centres after the project')
    await server.stop('SIGKILL')
    await server.restart()
    const after = await openSummary(cafe.organiserToken)
    expect(summaryEdits(after.doc)).toEqual(seen)
  })
})

describe('the cloth rules leave the summary document alone', () => {
  it('a "provenance" or "proposals" root in the summary document is neither refused nor filled in by the server', async () => {
    const organiser = await openSummary(cafe.organiserToken)
    const map = new Y.Map<string>()
    map.set('id', 'p-not-a-proposal')
    organiser.doc.getArray('proposals').push([map])
    organiser.doc.getMap('provenance').set('p-not-a-proposal', 'typed by a client')
    const check = await openSummary(cafe.facilitatorToken)
    await expect.poll(() => check.doc.getMap('provenance').get('p-not-a-proposal')).toBe('typed by a client')
    expect(check.doc.getMap('provenance').size).toBe(1)
    expect(organiser.provider.wsconnected).toBe(true)
  })

  it("the board's cloth counters count cloths only: a summary edit pushes nothing", async () => {
    const live = await createCafe(server.url, { tables: 2 })
    const host = await joinCafe(server.url, live.joinCode, 'Giorgi')
    const screen: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      auth: { token: live.facilitatorToken, cafeId: live.cafeId },
      transports: ['websocket'],
    })
    const pushes: TableClothSummary[][] = []
    screen.on('cafe:cloths', ({ tables }) => pushes.push(tables))
    try {
      await expect.poll(() => pushes.length).toBeGreaterThan(0)
      const summary = connectYjs(server.url, summaryDocumentName(live.cafeId), live.organiserToken, SUMMARY_TITLE_FIELD)
      const cloth = connectYjs(server.url, host.document, host.token)
      open.push(summary, cloth)
      await Promise.all([summary.synced, cloth.synced])
      const seenBefore = pushes.length
      summary.text.insert(0, 'Not a table')
      await expect.poll(() => summary.provider.synced).toBe(true)
      // The cloth's edit goes after the summary's: once its push arrives, any push the summary
      // edit could have caused has arrived too.
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('ცხელი ხაზი')])
      cloth.doc.getXmlFragment(notesField(1)).insert(0, [paragraph])
      await expect.poll(() => pushes.slice(seenBefore).flat().some((t) => t.table === host.table && t.words > 0)).toBe(true)
      for (const t of pushes.flat()) expect(t.table === 0 || t.table === 1, `pushed table ${t.table}`).toBe(true)
    } finally {
      screen.disconnect()
    }
  })

  it('closes a write after the café closed on the cloths, but not on the summary', async () => {
    // The closed café from above: its cloths are read-only to everyone now.
    const facilitatorCloth = connectYjs(server.url, nino.document, cafe.facilitatorToken)
    open.push(facilitatorCloth)
    await facilitatorCloth.synced
    const closed = closeCode(facilitatorCloth)
    facilitatorCloth.text.insert(0, 'too late')
    expect(await closed).toBe(4403)
    const summary = await openSummary(cafe.facilitatorToken)
    summary.text.insert(summary.text.length, ' (final)')
    const check = await openSummary(cafe.organiserToken)
    await expect.poll(() => summaryEdits(check.doc).title).toBe('Resource centres after the project (final)')
  })
})
