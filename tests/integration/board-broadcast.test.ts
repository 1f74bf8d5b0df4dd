import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { io, type Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.js'
import type { CreateCafeResponse } from '../../shared/protocol/http.js'
import type { Broadcast } from '../../shared/protocol/socket.js'

type CafeClient = Socket<ServerToClientEvents, ClientToServerEvents>

let server: RunningServer
let cafe: CreateCafeResponse
let otherCafe: CreateCafeResponse
let facilitator: CafeClient
let organiser: CafeClient
let nino: CafeClient
let bystander: CafeClient
const clients: CafeClient[] = []

/** Every broadcast a client received, in order. */
const heard = new Map<CafeClient, Broadcast[]>()
const greeted = new Set<CafeClient>()
/** A screen of the café, listening from before it connects (the greeting may carry a message). */
async function listen(baseUrl: string, cafeId: string, token: string): Promise<CafeClient> {
  const client: CafeClient = io(baseUrl, { auth: { token, cafeId }, transports: ['websocket'], autoConnect: false })
  const messages: Broadcast[] = []
  client.on('cafe:broadcast', (m) => messages.push(m))
  // The presence closes the greeting: a standing message would have come before it.
  client.once('cafe:presence', () => greeted.add(client))
  heard.set(client, messages)
  clients.push(client)
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve())
    client.once('connect_error', reject)
    client.connect()
  })
  return client
}
/** A round trip to the server: whatever it sent before answering has arrived. */
const roundTrip = (client: CafeClient) => client.timeout(5000).emitWithAck('time:sync', { clientTime: 0 })
const last = (client: CafeClient) => heard.get(client)!.at(-1)
/** Waits until every screen of the café shows `text`, so counting what arrives next is fair. */
async function everyScreenShows(text: string) {
  for (const client of clients.filter((c) => c !== bystander)) await expect.poll(() => last(client)?.text).toBe(text)
}
const broadcast = (client: CafeClient, payload: unknown) =>
  client.timeout(5000).emitWithAck('cafe:broadcast', payload as { text: string })

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 2 })
  otherCafe = await createCafe(server.url, { tables: 2 })
  const person = await joinCafe(server.url, cafe.joinCode, 'Nino')
  facilitator = await listen(server.url, cafe.cafeId, cafe.facilitatorToken)
  organiser = await listen(server.url, cafe.cafeId, cafe.organiserToken)
  nino = await listen(server.url, cafe.cafeId, person.token)
  bystander = await listen(server.url, otherCafe.cafeId, otherCafe.facilitatorToken)
})
afterAll(async () => {
  for (const c of clients) c.disconnect()
  await server?.stop()
})

describe("the facilitator's message reaches every screen of the café", () => {
  it('is shown to participants, organisers and the facilitator, and to nobody of another café', async () => {
    const reply = await broadcast(facilitator, { text: '  Coffee is ready in the hall  ' })
    expect(reply).toMatchObject({ ok: true, value: { text: 'Coffee is ready in the hall' } })
    for (const client of [facilitator, organiser, nino]) {
      await expect.poll(() => last(client)?.text).toBe('Coffee is ready in the hall')
    }
    expect(heard.get(bystander)).toEqual([])
  })

  it('is shown to someone who connects after it was sent', async () => {
    const late = await listen(server.url, cafe.cafeId, cafe.organiserToken)
    await expect.poll(() => last(late)?.text).toBe('Coffee is ready in the hall')
  })

  it('is replaced by a new one, which a dismissed screen shows again (it has a new id)', async () => {
    const before = last(nino)!
    await broadcast(facilitator, { text: 'Round 2 starts in 5 minutes' })
    await expect.poll(() => last(nino)?.text).toBe('Round 2 starts in 5 minutes')
    expect(last(nino)!.id).not.toBe(before.id)
  })

  it('is cleared by an empty message, and a screen connecting afterwards shows none', async () => {
    expect(await broadcast(facilitator, { text: '' })).toMatchObject({ ok: true })
    for (const client of [facilitator, organiser, nino]) await expect.poll(() => last(client)?.text).toBe('')
    const late = await listen(server.url, cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => greeted.has(late)).toBe(true)
    expect(heard.get(late)).toEqual([])
  })
})

describe('only the facilitator can broadcast, and only a short text', () => {
  it.each([
    ['a participant', () => nino],
    ['an organiser', () => organiser],
  ])('%s is refused, and no screen changes', async (who, client) => {
    await broadcast(facilitator, { text: `Standing message before ${who}` })
    await everyScreenShows(`Standing message before ${who}`)
    const counts = clients.map((c) => heard.get(c)!.length)
    expect(await broadcast(client(), { text: 'Free lunch!' })).toMatchObject({ ok: false, code: 'forbidden' })
    await roundTrip(facilitator)
    expect(clients.map((c) => heard.get(c)!.length)).toEqual(counts)
    const late = await listen(server.url, cafe.cafeId, cafe.organiserToken)
    await expect.poll(() => last(late)?.text).toBe(`Standing message before ${who}`)
  })

  it.each([
    ['a text over 280 characters', { text: 'x'.repeat(281) }],
    ['a number', { text: 42 }],
    ['no text', {}],
    ['a bare string', 'hello'],
    ['null', null],
  ])('%s is a bad request and changes nothing', async (what, payload) => {
    await broadcast(facilitator, { text: `Before ${what}` })
    await everyScreenShows(`Before ${what}`)
    const counts = clients.map((c) => heard.get(c)!.length)
    expect(await broadcast(facilitator, payload)).toMatchObject({ ok: false, code: 'bad_request' })
    await roundTrip(facilitator)
    expect(clients.map((c) => heard.get(c)!.length)).toEqual(counts)
  })

  it('takes exactly 280 characters', async () => {
    expect(await broadcast(facilitator, { text: 'y'.repeat(280) })).toMatchObject({ ok: true })
    await expect.poll(() => last(nino)?.text).toHaveLength(280)
  })
})
