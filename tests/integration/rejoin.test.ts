import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import type { JoinResponse } from '../../shared/protocol/http.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

const rejoin = (joinCode: string, code: string) =>
  fetch(`${server.url}/api/cafes/${joinCode}/rejoin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })

describe('continuing on another device with a personal code', () => {
  it('gives the same person, at the same seat, a token of their own for the new device', async () => {
    const cafe = await createCafe(server.url)
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    expect(nino.rejoinCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    // Typed on a phone: lower case, no dash.
    const res = await rejoin(cafe.joinCode, nino.rejoinCode.replace('-', '').toLowerCase())
    expect(res.status).toBe(200)
    const phone = (await res.json()) as JoinResponse
    expect(phone).toMatchObject({ cafeId: cafe.cafeId, participantId: nino.participantId, table: nino.table, document: nino.document })
    expect(phone.token).not.toBe(nino.token)
    for (const token of [nino.token, phone.token]) {
      const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
      expect(await me.json()).toMatchObject({ participantId: nino.participantId })
    }
  })

  it('does not accept a code from another café, nor a made-up one', async () => {
    const cafe = await createCafe(server.url)
    const other = await createCafe(server.url)
    const olena = await joinCafe(server.url, other.joinCode, 'Olena')
    expect((await rejoin(cafe.joinCode, olena.rejoinCode)).status).toBe(404)
    const res = await rejoin(cafe.joinCode, 'AAAA-AAAA')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_rejoin_code')
  })

  it('stops guessing after 20 wrong codes in a minute, for that café only', async () => {
    const cafe = await createCafe(server.url)
    const other = await createCafe(server.url)
    const ion = await joinCafe(server.url, cafe.joinCode, 'Ion')
    const aysel = await joinCafe(server.url, other.joinCode, 'Aysel')
    for (let i = 0; i < 20; i++) expect((await rejoin(cafe.joinCode, `WRNG-${String(i).padStart(4, '7')}`)).status).toBe(404)
    const blocked = await rejoin(cafe.joinCode, ion.rejoinCode)
    expect(blocked.status).toBe(429)
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts')
    // Another café in the same hall is not affected.
    expect((await rejoin(other.joinCode, aysel.rejoinCode)).status).toBe(200)
  })
})
