import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { io, type Socket } from 'socket.io-client'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { ClientToServerEvents, ServerToClientEvents, TableClothSummary } from '../../shared/protocol/socket.js'
import { addProposal } from '../../shared/cloth/proposals.js'
import { notesField } from '../../shared/cloth/schema.js'

type Screen = Socket<ServerToClientEvents, ClientToServerEvents>

let server: RunningServer
let cafe: CreateCafeResponse
let people: JoinResponse[]
let starter: CafeClient
const screens: Screen[] = []
const cloths: YjsClient[] = []

/** A screen of the café and every cloth summary push it got, listening from before it connects. */
function screenOf(token: string): { screen: Screen; pushes: TableClothSummary[][]; latest: Map<number, TableClothSummary> } {
  const screen: Screen = io(server.url, { auth: { token, cafeId: cafe.cafeId }, transports: ['websocket'] })
  const pushes: TableClothSummary[][] = []
  const latest = new Map<number, TableClothSummary>()
  screen.on('cafe:cloths', ({ tables }) => {
    pushes.push(tables)
    for (const t of tables) latest.set(t.table, t)
  })
  screens.push(screen)
  return { screen, pushes, latest }
}

/** Someone at a table writing a paragraph into this round's notes, as the editor does. */
function write(client: YjsClient, round: number, words: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  text.insert(0, words)
  const fragment = client.doc.getXmlFragment(notesField(round))
  fragment.insert(fragment.length, [paragraph])
}
const seatedAt = (table: number) => people.find((p) => p.table === table)!
async function openCloth(person: JoinResponse): Promise<YjsClient> {
  const client = connectYjs(server.url, person.document, person.token)
  cloths.push(client)
  await client.synced
  return client
}

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 3 })
  people = []
  for (const name of ['Nino', 'Olena', 'Ion', 'Aysel', 'Giorgi', 'Hanna']) people.push(await joinCafe(server.url, cafe.joinCode, name))
  starter = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  expect(await starter.command({ type: 'start' })).toMatchObject({ ok: true })
})
afterAll(async () => {
  for (const c of cloths) c.destroy()
  for (const s of screens) s.disconnect()
  starter?.close()
  await server?.stop()
})

describe("the board sees how much each table has written, as people write", () => {
  it('a board that opens gets every table, written or not', async () => {
    const { latest } = screenOf(cafe.facilitatorToken)
    await expect.poll(() => latest.size).toBe(3)
    expect([...latest.values()].map((t) => t.words)).toEqual([0, 0, 0])
  })

  it('counts the words and proposals a table writes, and names the newest proposal', async () => {
    const { latest } = screenOf(cafe.organiserToken)
    await expect.poll(() => latest.size).toBe(3)
    const cloth = await openCloth(seatedAt(1))
    write(cloth, 1, 'Calls to the hotline doubled')
    await expect.poll(() => latest.get(1)?.words).toBe(5)
    addProposal(cloth.doc, { id: 'p-hotline', title: 'Hotline funded by the municipality', what: '', who: '', when: '' })
    await expect.poll(() => latest.get(1)).toMatchObject({ proposals: 1, newestProposal: 'Hotline funded by the municipality' })
    addProposal(cloth.doc, { id: 'p-fees', title: 'Paid consultations', what: '', who: '', when: '' })
    await expect.poll(() => latest.get(1)).toMatchObject({
      words: 5,
      proposals: 2,
      newestProposal: 'Paid consultations',
      proposalTitles: ['Hotline funded by the municipality', 'Paid consultations'],
    })
    expect(latest.get(0)?.words).toBe(0)
  })

  it('a table nobody has open any more still shows what it wrote', async () => {
    const cloth = await openCloth(seatedAt(2))
    write(cloth, 1, 'Energy audits for every building in Telavi')
    const watching = screenOf(cafe.facilitatorToken)
    await expect.poll(() => watching.latest.get(2)?.words).toBe(7)
    cloth.destroy()
    // Every screen leaves too: nothing is summed while nobody watches; the store is read instead.
    for (const s of screens) s.disconnect()
    const later = screenOf(cafe.facilitatorToken)
    await expect.poll(() => later.latest.get(2)?.words).toBe(7)
    expect(later.latest.get(1)).toMatchObject({ words: 5, proposals: 2 })
  })

  it('after a restart, the board reads every cloth from the store', async () => {
    for (const c of cloths) c.destroy()
    for (const s of screens) s.disconnect()
    starter.close()
    await server.stop()
    await server.restart()
    const { latest } = screenOf(cafe.facilitatorToken)
    await expect.poll(() => [...latest.values()].map((t) => t.words).sort()).toEqual([0, 5, 7])
  })

  it("is not sent to participants' laptops", async () => {
    const { pushes } = screenOf(seatedAt(0).token)
    const staff = screenOf(cafe.facilitatorToken)
    await expect.poll(() => staff.pushes.length).toBeGreaterThan(0)
    const cloth = await openCloth(seatedAt(0))
    write(cloth, 1, 'First thoughts')
    await expect.poll(() => staff.latest.get(0)?.words).toBe(2)
    expect(pushes).toEqual([])
  })

  it('is pushed at most about twice a second however fast people type', async () => {
    const staff = screenOf(cafe.facilitatorToken)
    await expect.poll(() => staff.latest.size).toBe(3)
    const typists = await Promise.all([openCloth(seatedAt(0)), openCloth(seatedAt(1)), openCloth(seatedAt(2))])
    const before = staff.pushes.length
    const started = Date.now()
    for (let i = 0; i < 60; i++) {
      for (const t of typists) write(t, 1, `word${i}`)
      await new Promise((r) => setTimeout(r, 25))
    }
    await expect.poll(() => staff.latest.get(2)?.words).toBe(7 + 60)
    const seconds = (Date.now() - started) / 1000
    const pushes = staff.pushes.length - before
    // Leading push plus one per 500 ms window, with one window of slack for timer jitter.
    expect(pushes).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 2)
    expect(pushes).toBeGreaterThan(1)
  })
})
