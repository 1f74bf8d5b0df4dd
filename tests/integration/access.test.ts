import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs, tryUpgrade } from '../support/yjs-client.js'
import { socketOutcome } from '../support/cafe-socket.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'

let server: RunningServer
let cafe: CreateCafeResponse
let otherCafe: CreateCafeResponse
let nino: JoinResponse
let giorgi: JoinResponse

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 2 })
  otherCafe = await createCafe(server.url)
  nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
  giorgi = await joinCafe(server.url, cafe.joinCode, 'Giorgi')
})
afterAll(() => server.stop())

describe('socket.io lets in only holders of a token of this café', () => {
  it('refuses a connection with no token', async () => {
    expect(await socketOutcome(server.url, {})).toEqual({ connected: false, code: 'unauthorized' })
  })
  it('refuses a wrong token', async () => {
    expect(await socketOutcome(server.url, { token: 'x'.repeat(43), cafeId: cafe.cafeId })).toEqual({ connected: false, code: 'unauthorized' })
  })
  it("refuses another café's token", async () => {
    expect(await socketOutcome(server.url, { token: otherCafe.facilitatorToken, cafeId: cafe.cafeId })).toEqual({
      connected: false,
      code: 'forbidden',
    })
  })
  it('lets in the facilitator and a participant', async () => {
    expect(await socketOutcome(server.url, { token: cafe.facilitatorToken, cafeId: cafe.cafeId })).toEqual({ connected: true })
    expect(await socketOutcome(server.url, { token: nino.token, cafeId: cafe.cafeId })).toEqual({ connected: true })
  })
})

describe('the Yjs endpoint lets in only holders of a token of this café', () => {
  const yjsUrl = (document: string, token?: string) =>
    `${server.url.replace('http', 'ws')}/yjs/${document}${token ? `?token=${token}` : ''}`

  it('answers 401 with no token and with a wrong token', async () => {
    expect(await tryUpgrade(yjsUrl(nino.document))).toEqual({ status: 401, opened: false })
    expect(await tryUpgrade(yjsUrl(nino.document, 'y'.repeat(43)))).toEqual({ status: 401, opened: false })
  })
  it("answers 403 to another café's token", async () => {
    expect(await tryUpgrade(yjsUrl(nino.document, otherCafe.facilitatorToken))).toEqual({ status: 403, opened: false })
  })
  it('answers 404 to a document that is not ours', async () => {
    expect(await tryUpgrade(yjsUrl('nonsense', cafe.facilitatorToken))).toEqual({ status: 404, opened: false })
    expect(await tryUpgrade(yjsUrl(`${cafe.cafeId}/table/99`, cafe.facilitatorToken))).toEqual({ status: 404, opened: false })
  })
  it("opens a participant's own table, every table for the facilitator, and others' tables to read", async () => {
    expect(nino.table).not.toBe(giorgi.table)
    expect(await tryUpgrade(yjsUrl(nino.document, nino.token))).toEqual({ opened: true })
    expect(await tryUpgrade(yjsUrl(giorgi.document, cafe.facilitatorToken))).toEqual({ opened: true })
    expect(await tryUpgrade(yjsUrl(giorgi.document, nino.token))).toEqual({ opened: true })
  })
  it('lets an organiser read a cloth but closes the connection on a write, with a named reason', async () => {
    const writer = connectYjs(server.url, nino.document, nino.token)
    writer.text.insert(0, 'Hotline calls doubled')
    await writer.synced
    const reader = connectYjs(server.url, nino.document, cafe.organiserToken)
    await reader.synced
    await expect.poll(() => reader.text.toString()).toBe('Hotline calls doubled')
    const closed = new Promise<number>((resolve) =>
      reader.provider.ws?.addEventListener('close', (e) => resolve((e as CloseEvent).code)),
    )
    reader.text.insert(0, 'organiser was here: ')
    expect(await closed).toBe(4403)
    // The refused write is not in the server's copy: a fresh reader gets the cloth without it.
    const fresh = connectYjs(server.url, nino.document, cafe.facilitatorToken)
    await fresh.synced
    expect(fresh.text.toString()).toBe('Hotline calls doubled')
    expect(writer.text.toString()).toBe('Hotline calls doubled')
    fresh.destroy()
    writer.destroy()
    reader.destroy()
  })
})
