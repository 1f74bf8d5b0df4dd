/**
 * The preparation over real HTTP: the registration list (import, report by line, nothing half
 * imported, pre-assignments), people picking their names or using their printed code, a table
 * card's seat, pseudonyms, templates — and who may do each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import type { CafeLobbyInfo, CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { ImportRegistrationsResponse, RegistrationsResponse, TemplatesResponse, UnreadableRowsBody } from '../../shared/protocol/prep.js'
import type { CafeState } from '../../shared/cafe/types.js'

const KEY = 'organisers-key-for-the-preparation-tests'
let server: RunningServer
beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
})
afterAll(() => server.stop())

const auth = (token: string) => ({ authorization: `Bearer ${token}` })

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

function importCsv(cafe: CreateCafeResponse, csv: string, skipUnreadable?: boolean, token = cafe.facilitatorToken) {
  return post(`/api/cafes/${cafe.cafeId}/registrations`, { csv, ...(skipUnreadable ? { skipUnreadable } : {}) }, auth(token))
}

async function list(cafe: CreateCafeResponse) {
  const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { headers: auth(cafe.facilitatorToken) })
  expect(res.status).toBe(200)
  return ((await res.json()) as RegistrationsResponse).registrations
}

const patch = (cafe: CreateCafeResponse, id: string, body: unknown, token = cafe.facilitatorToken) =>
  fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth(token) }, body: JSON.stringify(body) })

const lobby = async (cafe: CreateCafeResponse) => (await (await fetch(`${server.url}/api/cafes/${cafe.joinCode}`)).json()) as CafeLobbyInfo

async function stateOf(cafe: CreateCafeResponse): Promise<CafeState> {
  const client = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  try {
    await expect.poll(() => client.state()).toBeDefined()
    return client.state()!
  } finally {
    client.close()
  }
}

const LIST = ['name;country;organisation;email', 'Nino Beridze;Georgia;IWO;nino@example.ge', 'Олена Коваленко;Україна;MAMA-86;', 'Aysel Məmmədova;Azərbaycan;;', 'Ion Popescu;Moldova;;'].join('\r\n')

describe('the registration list', () => {
  it('imports a clean file: each entry gets a personal code, and the join screen shows names only', async () => {
    const cafe = await createCafe(server.url)
    const res = await importCsv(cafe, LIST)
    expect(res.status).toBe(201)
    const body = (await res.json()) as ImportRegistrationsResponse
    expect(body.imported).toBe(4)
    expect(body.registrations.map((r) => [r.id, r.name])).toEqual([
      ['r-1', 'Nino Beridze'],
      ['r-2', 'Олена Коваленко'],
      ['r-3', 'Aysel Məmmədova'],
      ['r-4', 'Ion Popescu'],
    ])
    expect(body.registrations[0]).toMatchObject({ country: 'Georgia', organisation: 'IWO', email: 'nino@example.ge' })
    for (const r of body.registrations) expect(r.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    const info = await lobby(cafe)
    expect(info.registrations).toEqual(body.registrations.map((r) => ({ id: r.id, name: r.name })))
    // Never an e-mail, a code or a country on the public screen.
    expect(JSON.stringify(info)).not.toMatch(/example\.ge|Georgia|IWO|[A-Z0-9]{4}-[A-Z0-9]{4}/)
  })

  it('takes the file itself as text/csv too', async () => {
    const cafe = await createCafe(server.url)
    const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...auth(cafe.organiserToken) },
      body: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(LIST)]),
    })
    expect(res.status).toBe(201)
    expect(((await res.json()) as ImportRegistrationsResponse).imported).toBe(4)
  })

  it('a file with unreadable rows stores nothing until the facilitator says to leave them out; then stores the rest at once', async () => {
    const cafe = await createCafe(server.url)
    const broken = `${LIST}\r\n;Georgia;;\r\nMaria;Moldova;;not-an-email\r\n`
    const check = await importCsv(cafe, broken)
    expect(check.status).toBe(422)
    const report = (await check.json()) as UnreadableRowsBody
    expect(report.error.code).toBe('unreadable_rows')
    expect(report.readable).toBe(4)
    expect(report.problems.map((p) => [p.line, p.reason])).toEqual([
      [6, 'missing_name'],
      [7, 'bad_email'],
    ])
    expect(await list(cafe)).toEqual([])
    const res = await importCsv(cafe, broken, true)
    expect(res.status).toBe(201)
    const body = (await res.json()) as ImportRegistrationsResponse
    expect(body.imported).toBe(4)
    expect(body.problems.map((p) => p.line)).toEqual([6, 7])
    expect(await list(cafe)).toHaveLength(4)
  })

  it.each([
    ['no name column', 'country,email\nGeorgia,a@b.ge\n', 400, 'csv_no_name_column'],
    ['an empty file', '\uFEFF\r\n', 400, 'csv_empty'],
    ['a file over 1 MB', 'name\n' + 'Nino\n'.repeat(210_000), 413, 'csv_too_large'],
    ['more than 5,000 rows', 'name\n' + Array.from({ length: 5001 }, (_, i) => `P${i}`).join('\n'), 400, 'csv_too_many_rows'],
  ])('a file with %s is rejected as a whole, and the list stays as it was', async (_what, csv, status, code) => {
    const cafe = await createCafe(server.url)
    expect((await importCsv(cafe, LIST)).status).toBe(201)
    const before = await list(cafe)
    const res = await importCsv(cafe, csv, true)
    expect(res.status).toBe(status)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
    expect(await list(cafe)).toEqual(before)
  })

  it('a binary file sent as text/csv is rejected as not text', async () => {
    const cafe = await createCafe(server.url)
    const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...auth(cafe.facilitatorToken) },
      body: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe]),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csv_not_text')
    expect(await list(cafe)).toEqual([])
  })

  it('only the café’s facilitator and organisers (and the server key) may read or change it', async () => {
    const cafe = await createCafe(server.url)
    const other = await createCafe(server.url)
    const person = await joinCafe(server.url, cafe.joinCode, 'Nino')
    expect((await importCsv(cafe, LIST, false, person.token)).status).toBe(403)
    expect((await importCsv(cafe, LIST, false, other.facilitatorToken)).status).toBe(403)
    expect((await importCsv(cafe, LIST, false, 'x'.repeat(43))).status).toBe(401)
    for (const token of [person.token, other.organiserToken]) {
      expect((await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { headers: auth(token) })).status).toBe(403)
      expect((await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { method: 'DELETE', headers: auth(token) })).status).toBe(403)
    }
    expect((await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`)).status).toBe(401)
    expect((await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { headers: auth(KEY) })).status).toBe(200)
    // The walk-in's own entry is all there is: nothing was imported by the refused calls.
    expect((await list(cafe)).map((r) => r.name)).toEqual(['Nino'])
  })

  it('bad bodies get 400 with what is wrong', async () => {
    const cafe = await createCafe(server.url)
    const res = await post(`/api/cafes/${cafe.cafeId}/registrations`, { csv: 42 }, auth(cafe.facilitatorToken))
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('csv')
    await importCsv(cafe, LIST)
    for (const body of [{ hostOf: 8 }, { hostOf: -1 }, { table: 'two' }, { colour: 'red' }]) {
      expect((await patch(cafe, 'r-1', body)).status).toBe(400)
    }
    expect((await patch(cafe, 'r-99', { hostOf: 1 })).status).toBe(404)
  })
})

describe('pre-assigning and claiming', () => {
  it('a pre-assigned host picks their name and lands at their table as its host; one host per table on the list', async () => {
    const cafe = await createCafe(server.url)
    await importCsv(cafe, LIST)
    expect((await patch(cafe, 'r-2', { hostOf: 3 })).status).toBe(200)
    // Pre-assigning Nino to table 4 as well moves the role to her: one host per table.
    const res = await patch(cafe, 'r-1', { hostOf: 3 })
    const after = ((await res.json()) as RegistrationsResponse).registrations
    expect(after.find((r) => r.id === 'r-1')!.hostOf).toBe(3)
    expect(after.find((r) => r.id === 'r-2')!.hostOf).toBeUndefined()
    await patch(cafe, 'r-3', { table: 5 })

    const nino = await post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-1' })
    expect(nino.status).toBe(201)
    const seat = (await nino.json()) as JoinResponse
    expect(seat.table).toBe(3)
    const aysel = (await (await post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-3' })).json()) as JoinResponse
    expect(aysel.table).toBe(5)
    const state = await stateOf(cafe)
    expect(state.people[seat.participantId]).toMatchObject({ name: 'Nino Beridze', country: 'Georgia', organisation: 'IWO', hostOf: 3, registrationId: 'r-1' })
    // The café's state, which every participant receives, never holds an e-mail.
    expect(JSON.stringify(state)).not.toContain('example.ge')
    const entries = await list(cafe)
    expect(entries.find((r) => r.id === 'r-1')).toMatchObject({ personId: seat.participantId })
    expect(seat.rejoinCode).toBe(entries.find((r) => r.id === 'r-1')!.code)
    expect((await lobby(cafe)).registrations.map((r) => r.id)).toEqual(['r-2', 'r-4'])
    // Once claimed, the entry's seat is the café's business: the list refuses to change it.
    expect((await patch(cafe, 'r-1', { hostOf: null })).status).toBe(409)
  })

  it('a name already taken says to use the personal code, and changes nothing', async () => {
    const cafe = await createCafe(server.url)
    await importCsv(cafe, LIST)
    await post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-2' })
    const again = await post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-2' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'registration_claimed', message: expect.stringContaining('personal code') })
    expect(Object.keys((await stateOf(cafe)).people)).toHaveLength(1)
    expect((await post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-77' })).status).toBe(404)
    expect((await post(`/api/cafes/${cafe.joinCode}/participants`, {})).status).toBe(400)
  })

  it('two phones picking the same name at the same moment: one person joins, the other is told', async () => {
    const cafe = await createCafe(server.url)
    await importCsv(cafe, LIST)
    const both = await Promise.all([1, 2].map(() => post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-4' })))
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(Object.keys((await stateOf(cafe)).people)).toHaveLength(1)
  })

  it('a personal code from a slip joins its person before they ever picked their name, then continues as them', async () => {
    const cafe = await createCafe(server.url)
    await importCsv(cafe, LIST)
    await patch(cafe, 'r-4', { hostOf: 6 })
    const code = (await list(cafe)).find((r) => r.id === 'r-4')!.code
    const first = await post(`/api/cafes/${cafe.joinCode}/rejoin`, { code: code.toLowerCase().replace('-', '') })
    expect(first.status).toBe(200)
    const ion = (await first.json()) as JoinResponse
    expect(ion.table).toBe(6)
    const second = (await (await post(`/api/cafes/${cafe.joinCode}/rejoin`, { code })).json()) as JoinResponse
    expect(second).toMatchObject({ participantId: ion.participantId, table: 6 })
    expect(second.token).not.toBe(ion.token)
    const state = await stateOf(cafe)
    expect(Object.values(state.people).map((p) => p.name)).toEqual(['Ion Popescu'])
    expect((await list(cafe)).find((r) => r.id === 'r-4')!.personId).toBe(ion.participantId)
  })

  it('deleting the list keeps the entries of people already in the café; their codes still work', async () => {
    const cafe = await createCafe(server.url)
    await importCsv(cafe, LIST)
    await post(`/api/cafes/${cafe.joinCode}/participants`, { registrationId: 'r-1' })
    const walkIn = await joinCafe(server.url, cafe.joinCode, 'Ana Walk-in')
    const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { method: 'DELETE', headers: auth(cafe.facilitatorToken) })
    expect(((await res.json()) as RegistrationsResponse).registrations.map((r) => r.name)).toEqual(['Nino Beridze', 'Ana Walk-in'])
    expect((await lobby(cafe)).registrations).toEqual([])
    expect((await post(`/api/cafes/${cafe.joinCode}/rejoin`, { code: walkIn.rejoinCode })).status).toBe(200)
    // A second file adds to what is left, with new ids.
    const again = (await (await importCsv(cafe, LIST)).json()) as ImportRegistrationsResponse
    expect(again.registrations.map((r) => r.id)).toEqual(['r-1', `w-${walkIn.participantId}`, 'r-2', 'r-3', 'r-4', 'r-5'])
  })
})

describe('joining from the join screen', () => {
  it('a walk-in gets an entry with their personal code, for a slip; a table card seats them at its table; a pseudonym is marked', async () => {
    const cafe = await createCafe(server.url)
    const res = await post(`/api/cafes/${cafe.joinCode}/participants`, { name: 'Blue Heron', pseudonym: true, table: 4 })
    expect(res.status).toBe(201)
    const heron = (await res.json()) as JoinResponse
    expect(heron.table).toBe(4)
    expect(await list(cafe)).toEqual([{ id: `w-${heron.participantId}`, name: 'Blue Heron', code: heron.rejoinCode, personId: heron.participantId }])
    expect((await stateOf(cafe)).people[heron.participantId]).toMatchObject({ pseudonym: true })
    // Walk-ins are not offered to others as names to pick.
    expect((await lobby(cafe)).registrations).toEqual([])
    expect((await post(`/api/cafes/${cafe.joinCode}/participants`, { name: 'Late', table: 8 })).status).toBe(400)
  })

  it('the join screen hears the café’s deletion date when the organisers set one', async () => {
    const cafe = await createCafe(server.url)
    expect((await lobby(cafe)).deleteAt).toBeUndefined()
  })
})

describe('templates', () => {
  it('the staff save a café as a template; anyone creating a café lists it; no people in it; the key deletes it', async () => {
    const cafe = await createCafe(server.url, { tables: 3, tableNames: ['Tbilisi', 'Kutaisi', 'Gori'], roundMinutes: 15, ask: { country: true } })
    await joinCafe(server.url, cafe.joinCode, 'Nino Beridze')
    const person = await joinCafe(server.url, cafe.joinCode, 'Olena')
    expect((await post(`/api/cafes/${cafe.cafeId}/template`, { name: 'Tbilisi seminar' }, auth(person.token))).status).toBe(403)
    expect((await post(`/api/cafes/${cafe.cafeId}/template`, { name: '' }, auth(cafe.facilitatorToken))).status).toBe(400)
    const saved = await post(`/api/cafes/${cafe.cafeId}/template`, { name: 'Tbilisi seminar' }, auth(cafe.facilitatorToken))
    expect(saved.status).toBe(201)
    const { templates } = (await (await fetch(`${server.url}/api/templates`)).json()) as TemplatesResponse
    const mine = templates.find((t) => t.name === 'Tbilisi seminar')!
    expect(mine.cafe).toMatchObject({ tables: 3, tableNames: ['Tbilisi', 'Kutaisi', 'Gori'], roundMinutes: 15, ask: { country: true, organisation: false, language: false } })
    expect(JSON.stringify(templates)).not.toMatch(/Nino|Olena/)
    // It starts a new café as it is.
    expect((await post('/api/cafes', mine.cafe)).status).toBe(201)
    expect((await fetch(`${server.url}/api/templates/${mine.id}`, { method: 'DELETE', headers: auth(cafe.organiserToken) })).status).toBe(401)
    expect((await fetch(`${server.url}/api/templates/${mine.id}`, { method: 'DELETE', headers: auth(KEY) })).status).toBe(204)
    const after = (await (await fetch(`${server.url}/api/templates`)).json()) as TemplatesResponse
    expect(after.templates.find((t) => t.id === mine.id)).toBeUndefined()
  })
})
