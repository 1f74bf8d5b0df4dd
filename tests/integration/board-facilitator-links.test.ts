import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, socketOutcome } from '../support/cafe-socket.js'
import { connectYjs, tryUpgrade } from '../support/yjs-client.js'
import type { CreateCafeResponse, FacilitatorLinkResponse, JoinResponse } from '../../shared/protocol/http.js'

let server: RunningServer
let cafe: CreateCafeResponse
let otherCafe: CreateCafeResponse
let nino: JoinResponse

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 2 })
  otherCafe = await createCafe(server.url, { tables: 2 })
  nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
})
afterAll(() => server?.stop())

async function makeLink(cafeId: string, token?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/cafes/${cafeId}/facilitator-links`, {
    method: 'POST',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  })
  return { status: res.status, body: await res.json() }
}

const me = (token: string) => fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status)
const yjsUrl = (token: string) => `${server.url.replace('http', 'ws')}/yjs/${cafe.cafeId}/table/1?token=${token}`

describe('a co-facilitator is invited with a second facilitator link', () => {
  let second: string

  it('the facilitator makes one; both links run the café', async () => {
    const { status, body } = await makeLink(cafe.cafeId, cafe.facilitatorToken)
    expect(status).toBe(201)
    expect(body).toMatchObject({ replaced: false })
    second = (body as FacilitatorLinkResponse).facilitatorToken
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const coFacilitator = await connectCafe(server.url, cafe.cafeId, second)
    expect(await coFacilitator.command({ type: 'rename-table', table: 0, name: 'Gori' })).toMatchObject({ ok: true })
    coFacilitator.close()
    expect(await socketOutcome(server.url, { token: cafe.facilitatorToken, cafeId: cafe.cafeId })).toEqual({ connected: true })
    expect(await me(second)).toBe(200)
  })

  it.each([
    ['no token', () => undefined, 401, 'unauthorized'],
    ['a wrong token', () => 'x'.repeat(43), 401, 'unauthorized'],
    ["a participant's token", () => nino.token, 403, 'forbidden'],
    ["another café's facilitator", () => otherCafe.facilitatorToken, 403, 'forbidden'],
    ["another café's organiser", () => otherCafe.organiserToken, 403, 'forbidden'],
  ])('is refused with %s, and no token is made', async (_who, token, status, code) => {
    const { status: got, body } = await makeLink(cafe.cafeId, token())
    expect(got).toBe(status)
    expect(body).toMatchObject({ error: { code } })
    // Nothing was replaced either: the facilitator's link still works.
    expect(await me(cafe.facilitatorToken)).toBe(200)
  })
})

describe('a facilitator who lost their link gets a new one from the organiser link', () => {
  it('gives a new facilitator token, and every earlier one stops working at once', async () => {
    const open = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    let disconnected = false
    open.socket.on('disconnect', () => (disconnected = true))
    const cloth = connectYjs(server.url, `${cafe.cafeId}/table/1`, cafe.facilitatorToken)
    await cloth.synced
    const closes: number[] = []
    cloth.provider.ws?.addEventListener('close', (event) => closes.push(event.code))
    const coFacilitator = (await makeLink(cafe.cafeId, cafe.facilitatorToken)).body as FacilitatorLinkResponse

    const { status, body } = await makeLink(cafe.cafeId, cafe.organiserToken)
    expect(status).toBe(201)
    expect(body).toMatchObject({ replaced: true })
    const fresh = (body as FacilitatorLinkResponse).facilitatorToken

    // Connections already open with an old link are closed…
    await expect.poll(() => disconnected).toBe(true)
    await expect.poll(() => closes).toContain(4401)
    cloth.destroy()
    open.close()
    // …and no old link opens anything again: not the API, not the café, not a cloth.
    for (const old of [cafe.facilitatorToken, coFacilitator.facilitatorToken]) {
      expect(await me(old)).toBe(401)
      expect(await socketOutcome(server.url, { token: old, cafeId: cafe.cafeId })).toEqual({ connected: false, code: 'unauthorized' })
      expect(await tryUpgrade(yjsUrl(old))).toEqual({ status: 401, opened: false })
      expect((await makeLink(cafe.cafeId, old)).status).toBe(401)
    }
    // The new one runs the café; the organiser and the participants are untouched.
    const facilitator = await connectCafe(server.url, cafe.cafeId, fresh)
    expect(await facilitator.command({ type: 'rename-table', table: 1, name: 'Kutaisi' })).toMatchObject({ ok: true })
    facilitator.close()
    expect(await me(cafe.organiserToken)).toBe(200)
    expect(await me(nino.token)).toBe(200)
  })

  it("leaves other cafés' facilitators alone", async () => {
    expect(await me(otherCafe.facilitatorToken)).toBe(200)
  })
})
