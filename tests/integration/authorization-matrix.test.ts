/**
 * The authorization matrix: every role × every HTTP route, socket event and Yjs document kind,
 * allowed or refused as docs/PROTOCOL.md says. The expected cells below were written out by hand
 * from PROTOCOL.md (each table names its section); nothing here asks the server's permission code
 * what to expect. Columns (tests/support/authz-cast.ts): the café's facilitator, table 1's host,
 * a participant at table 1 ("here"), one at table 2 ("elsewhere"), the café's organiser token,
 * the server's organiser key, another café's facilitator, organiser and participant, no token, a
 * forged token, a facilitator token the organiser replaced, and an erased participant's token.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { io } from 'socket.io-client'
import { startServer, type RunningServer } from '../support/server.js'
import { connectCafe, socketOutcome, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs, tryUpgrade } from '../support/yjs-client.js'
import { ok, until } from '../support/wait.js'
import { createCast, join, outsiders, ROLES, ROLE_NAMES, type Cast, type Outsiders, type Role } from '../support/authz-cast.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import type { CreateCafeResponse } from '../../shared/protocol/http.js'

const KEY = 'the-matrix-organiser-key-0123456789'

/** One expected outcome per column, in the order of ROLES. */
type Cells<T> = readonly [T, T, T, T, T, T, T, T, T, T, T, T, T]
const cellsOf = <T,>(cells: Cells<T>): [Role, T][] => ROLES.map((role, i) => [role, cells[i]!])

// ── HTTP: status codes ────────────────────────────────────────────────────────────────────────
// PROTOCOL.md "HTTP", "Organisers", "Their data", "Preparation", "Rehearsal", "Paper",
// "Results: the summary, its downloads and the archive" and "Operations".
const HTTP = {
  //                                                         fac  host here else org  key  oFac oOrg oPar none forg revk eras
  // "HTTP": anyone
  'GET /healthz':                                           [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /api/addresses':                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/cafes':                                        [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
  'GET /api/cafes/<joinCode>':                              [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'POST /api/cafes/<joinCode>/participants':                [201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
  'POST /api/cafes/<joinCode>/rejoin':                      [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  // "HTTP": a token (the key is no token)
  'GET /api/me':                                            [200, 200, 200, 200, 200, 401, 200, 200, 200, 401, 401, 401, 200],
  // "HTTP": a facilitator or the organiser of this café; 403 a participant or another café's token
  'POST /api/cafes/<cafeId>/facilitator-links':             [201, 403, 403, 403, 201, 401, 403, 403, 403, 401, 401, 401, 403],
  // "Organisers": the key only, 401 for anything else
  'GET /api/organiser/cafes':                               [401, 401, 401, 401, 401, 200, 401, 401, 401, 401, 401, 401, 401],
  'POST /api/cafes/<cafeId>/organiser-links':               [401, 401, 401, 401, 401, 201, 401, 401, 401, 401, 401, 401, 401],
  // "Organisers": the key or an organiser token of this café; 403 the facilitator, a participant, another café's token
  'DELETE /api/cafes/<cafeId>':                             [403, 403, 403, 403, 204, 204, 403, 403, 403, 401, 401, 401, 403],
  // "Their data"
  'DELETE /api/cafes/<cafeId>/people/<personId>':           [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'PUT /api/cafes/<cafeId>/deletion':                       [403, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  // "Preparation": staff (facilitator, organiser, the key); templates' list anyone; a template's deletion the key only
  'POST /api/cafes/<cafeId>/registrations':                 [201, 403, 403, 403, 201, 201, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/registrations':                  [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'PATCH /api/cafes/<cafeId>/registrations/<id>':           [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'DELETE /api/cafes/<cafeId>/registrations':               [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'POST /api/cafes/<cafeId>/template':                      [201, 403, 403, 403, 201, 201, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/templates':                                     [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'DELETE /api/templates/<id>':                             [401, 401, 401, 401, 401, 204, 401, 401, 401, 401, 401, 401, 401],
  // "Rehearsal": the facilitator token only; no or an unknown token 401; organiser, participant, another café 403
  'POST /api/cafes/<cafeId>/rehearsal':                     [201, 403, 403, 403, 403, 401, 403, 403, 403, 401, 401, 401, 403],
  'DELETE /api/cafes/<cafeId>/rehearsal':                   [200, 403, 403, 403, 403, 401, 403, 403, 403, 401, 401, 401, 403],
  // "Paper": facilitator, organiser, the key
  'GET /api/cafes/<cafeId>/paper':                          [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  // "Results": staff; a ?token= in the address is ignored; the import the key only (café tokens 403)
  'GET /api/cafes/<cafeId>/summary':                        [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/summary.docx':                   [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/summary.md':                     [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/summary.html':                   [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/proposals.csv':                  [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/archive.json':                   [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/summary.md?anonymous=1':         [200, 403, 403, 403, 200, 200, 403, 403, 403, 401, 401, 401, 403],
  'GET /api/cafes/<cafeId>/summary?token=… (no header)':    [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  'POST /api/cafes/import':                                 [403, 403, 403, 403, 403, 201, 403, 403, 403, 401, 401, 401, 403],
  // "Operations": this machine, or the key
  'GET /metrics (from this machine)':                       [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /metrics (from another address)':                    [401, 401, 401, 401, 401, 200, 401, 401, 401, 401, 401, 401, 401],
} as const satisfies Record<string, Cells<number>>

// ── socket.io: the connection ─────────────────────────────────────────────────────────────────
// PROTOCOL.md "socket.io": `unauthorized` (no or wrong token), `forbidden` (another café's token).
const SOCKET_CONNECTION: Cells<'connected' | 'unauthorized' | 'forbidden'> =
  //fac          host         here         else         org          key             oFac         oOrg         oPar         none            forg            revk            eras
  ['connected', 'connected', 'connected', 'connected', 'connected', 'unauthorized', 'forbidden', 'forbidden', 'forbidden', 'unauthorized', 'unauthorized', 'unauthorized', 'connected']

// ── socket.io: each client → server event, for everyone who can connect ───────────────────────
// PROTOCOL.md "socket.io" (time:sync every role; cafe:command the facilitator, add-person also a
// table's host at the table they host; cafe:broadcast the facilitator), "Café commands",
// "Harvest commands" (merges, edits and voting: the facilitator; dots: participants).
// Tokens that cannot connect (above) send no event at all.
type SocketCells = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]
type Outcome = 'ok' | 'forbidden' | 'not_a_voter'
const SOCKET_ROLES = ['facilitator', 'host', 'here', 'elsewhere', 'organiser', 'erased'] as const satisfies readonly Role[]
const SOCKET_EVENTS = {
  //                                                   fac   host         here         else         org          eras
  'time:sync':                                       ['ok', 'ok',        'ok',        'ok',        'ok',        'ok'],
  'cafe:broadcast':                                  ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command rename-table':                       ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command set-tables':                         ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command add-person (at the host’s table)':   ['ok', 'ok',        'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command add-person (at another table)':      ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command make-host':                          ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command unset-host':                         ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command move':                               ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command remove':                             ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command start':                              ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command pause':                              ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command resume':                             ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command extend':                             ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command end-round':                          ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command plan-rotation':                      ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command swap-in-plan':                       ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command apply-rotation':                     ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command end-round (the last round)':         ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command open-harvest':                       ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'harvest:command accept':                          ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'harvest:command edit':                            ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'harvest:command undo':                            ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'harvest:command reject':                          ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'harvest:command merge':                           ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'harvest:command open-voting':                     ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  // An erased person is removed from the café (PROTOCOL "Their data"): their token is still a
  // participant's, but they are no voter.
  'harvest:command place-dot':                       ['forbidden', 'ok', 'ok',    'ok',        'forbidden', 'not_a_voter'],
  'harvest:command remove-dot':                      ['forbidden', 'ok', 'ok',    'ok',        'forbidden', 'not_a_voter'],
  'harvest:command close-voting':                    ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
  'cafe:command close':                              ['ok', 'forbidden', 'forbidden', 'forbidden', 'forbidden', 'forbidden'],
} as const satisfies Record<string, SocketCells>
type SocketEvent = keyof typeof SOCKET_EVENTS

// ── Yjs documents ─────────────────────────────────────────────────────────────────────────────
// PROTOCOL.md "Yjs documents": every token of the café opens every cloth; the facilitator and
// those seated at table n now write it (4403 for a write without write access); the summary
// document opens for the facilitator and organiser tokens (participants 403) and they write it in
// every phase, closed included; a refused upgrade is 401 (no or wrong token) or 403 (another
// café's token). Once the café is closed its cloths are read-only for everyone (4403).
type YjsOutcome = 'open' | 'write' | 401 | 403 | 4403
const YJS = {
  //                                            fac      host     here     else     org      key  oFac oOrg oPar none forg revk eras
  'cloth of table 1: open':                    ['open',  'open',  'open',  'open',  'open',  401, 403, 403, 403, 401, 401, 401, 'open'],
  'cloth of table 1: write':                   ['write', 'write', 'write', 4403,    4403,    401, 403, 403, 403, 401, 401, 401, 4403],
  'cloth of table 2: open':                    ['open',  'open',  'open',  'open',  'open',  401, 403, 403, 403, 401, 401, 401, 'open'],
  'cloth of table 2: write':                   ['write', 4403,    4403,    'write', 4403,    401, 403, 403, 403, 401, 401, 401, 4403],
  'summary: open':                             ['open',  403,     403,     403,     'open',  401, 403, 403, 403, 401, 401, 401, 403],
  'summary: write':                            ['write', 403,     403,     403,     'write', 401, 403, 403, 403, 401, 401, 401, 403],
} as const satisfies Record<string, Cells<YjsOutcome>>
const YJS_CLOSED = {
  //                                            fac      host     here     else     org      key  oFac oOrg oPar none forg revk eras
  'closed café, cloth of table 1: write':      [4403,    4403,    4403,    4403,    4403,    401, 403, 403, 403, 401, 401, 401, 4403],
  'closed café, summary: write':               ['write', 403,     403,     403,     'write', 401, 403, 403, 403, 401, 401, 401, 403],
} as const satisfies Record<string, Cells<YjsOutcome>>

// ── the server, the casts ─────────────────────────────────────────────────────────────────────
let server: RunningServer
let outside: Outsiders
/** The café most rows ask about: in its lobby, with every role, and 13 people to erase. */
let main: Cast
/** A café anyone may join, for the "anyone" rows that add people. */
let joinable: CreateCafeResponse
let rejoinCode: string
let templateIds: string[]
let archive: string

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  outside = await outsiders(server.url, KEY)
  main = await createCast(server.url, outside, { revoked: true, erased: true, spare: ROLES.length })
  const joinRes = await call('POST', '/api/cafes', undefined, { topic: 'Open to all', questions: ['Why?'], tables: 1, roundMinutes: 5 })
  joinable = (await joinRes.json()) as CreateCafeResponse
  rejoinCode = (await join(server.url, joinable.joinCode, 'Tamar')).rejoinCode
  templateIds = await Promise.all(
    ROLES.map(async (role) => {
      const res = await call('POST', `/api/cafes/${main.cafe.cafeId}/template`, main.facilitatorToken, { name: `For ${role}` })
      return ((await res.json()) as { id: string }).id
    }),
  )
  archive = await (await call('GET', `/api/cafes/${main.cafe.cafeId}/archive.json`, KEY)).text()
}, 60_000)
afterAll(() => server?.stop())

function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {}
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  return fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) })
}

/** A GET from 127.0.0.2: the same machine's loopback, standing in for a laptop elsewhere in the hall. */
function getFromElsewhere(path: string, token: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, localAddress: '127.0.0.2', headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

// ── how each HTTP row is sent ─────────────────────────────────────────────────────────────────
interface HttpRow {
  /** A café of its own for every row (the row deletes, revokes or resets), prepared like this. */
  own?: (cast: Cast) => Promise<void>
  send(cast: Cast, token: string | undefined, role: Role): Promise<Response | number>
  /** What must hold afterwards, allowed or refused: a refusal changed nothing. */
  after?(cast: Cast, allowed: boolean, role: Role): Promise<void>
}
const cafePath = (cast: Cast, rest = '') => `/api/cafes/${cast.cafe.cafeId}${rest}`
const staffGet = (rest: string): HttpRow => ({ send: (cast, token) => call('GET', cafePath(cast, rest), token) })

const HTTP_ROWS: Record<keyof typeof HTTP, HttpRow> = {
  'GET /healthz': { send: (_c, token) => call('GET', '/healthz', token) },
  'GET /api/addresses': { send: (_c, token) => call('GET', '/api/addresses', token) },
  'POST /api/cafes': {
    send: (_c, token) => call('POST', '/api/cafes', token, { topic: 'Made by anyone', questions: ['Why?'], tables: 1, roundMinutes: 5 }),
  },
  'GET /api/cafes/<joinCode>': { send: (cast, token) => call('GET', `/api/cafes/${cast.cafe.joinCode}`, token) },
  'POST /api/cafes/<joinCode>/participants': {
    send: (_c, token, role) => call('POST', `/api/cafes/${joinable.joinCode}/participants`, token, { name: `Walk-in ${role}` }),
  },
  'POST /api/cafes/<joinCode>/rejoin': { send: (_c, token) => call('POST', `/api/cafes/${joinable.joinCode}/rejoin`, token, { code: rejoinCode }) },
  'GET /api/me': { send: (_c, token) => call('GET', '/api/me', token) },
  'POST /api/cafes/<cafeId>/facilitator-links': {
    own: async () => {},
    send: (cast, token) => call('POST', cafePath(cast, '/facilitator-links'), token),
    // The organiser's new link replaces every earlier facilitator token; nobody else's does.
    after: async (cast, allowed, role) => {
      const me = await call('GET', '/api/me', cast.facilitatorToken)
      expect(me.status).toBe(allowed && role === 'organiser' ? 401 : 200)
    },
  },
  'GET /api/organiser/cafes': { send: (_c, token) => call('GET', '/api/organiser/cafes', token) },
  'POST /api/cafes/<cafeId>/organiser-links': { send: (cast, token) => call('POST', cafePath(cast, '/organiser-links'), token) },
  'DELETE /api/cafes/<cafeId>': {
    own: async () => {},
    send: (cast, token) => call('DELETE', cafePath(cast), token),
    after: async (cast, allowed) => {
      expect((await call('GET', `/api/cafes/${cast.cafe.joinCode}`, undefined)).status).toBe(allowed ? 404 : 200)
    },
  },
  'DELETE /api/cafes/<cafeId>/people/<personId>': {
    // Each row its own person, so a wrongly allowed erasure shows on its own row.
    send: (cast, token, role) => call('DELETE', cafePath(cast, `/people/${cast.spare[ROLES.indexOf(role)]!.participantId}`), token),
    // Their walk-in entry's name follows the person's: the stand-in once erased, theirs while not.
    after: async (cast, allowed, role) => {
      const res = await call('GET', cafePath(cast, '/registrations'), cast.facilitatorToken)
      const entries = ((await res.json()) as { registrations: { name: string; personId?: string }[] }).registrations
      const entry = entries.find((r) => r.personId === cast.spare[ROLES.indexOf(role)]!.participantId)
      expect(entry?.name === `Spare ${ROLES.indexOf(role) + 1}`).toBe(!allowed)
    },
  },
  'PUT /api/cafes/<cafeId>/deletion': {
    send: (cast, token) => call('PUT', cafePath(cast, '/deletion'), token, { deleteAt: Date.now() + 30 * 86_400_000 }),
  },
  'POST /api/cafes/<cafeId>/registrations': {
    send: (cast, token, role) => call('POST', cafePath(cast, '/registrations'), token, { csv: `name,email\nGuest of ${role},guest@example.org\n` }),
  },
  'GET /api/cafes/<cafeId>/registrations': staffGet('/registrations'),
  'PATCH /api/cafes/<cafeId>/registrations/<id>': { send: (cast, token) => call('PATCH', cafePath(cast, '/registrations/r-1'), token, { table: 1 }) },
  'DELETE /api/cafes/<cafeId>/registrations': { send: (cast, token) => call('DELETE', cafePath(cast, '/registrations'), token) },
  'POST /api/cafes/<cafeId>/template': { send: (cast, token) => call('POST', cafePath(cast, '/template'), token, { name: 'Resource centres' }) },
  'GET /api/templates': { send: (_c, token) => call('GET', '/api/templates', token) },
  'DELETE /api/templates/<id>': { send: (_c, token, role) => call('DELETE', `/api/templates/${templateIds[ROLES.indexOf(role)]}`, token) },
  'POST /api/cafes/<cafeId>/rehearsal': {
    own: async () => {},
    send: (cast, token) => call('POST', cafePath(cast, '/rehearsal'), token, { perTable: 1, everyMs: 60_000 }),
  },
  'DELETE /api/cafes/<cafeId>/rehearsal': {
    own: async (cast) => {
      const res = await call('POST', cafePath(cast, '/rehearsal'), cast.facilitatorToken, { perTable: 1, everyMs: 60_000 })
      expect(res.status).toBe(201)
    },
    send: (cast, token) => call('DELETE', cafePath(cast, '/rehearsal'), token),
    // A refused reset leaves everyone in: the host still gets into their café.
    after: async (cast, allowed) => {
      expect((await call('GET', '/api/me', cast.host.token)).status).toBe(allowed ? 401 : 200)
    },
  },
  'GET /api/cafes/<cafeId>/paper': staffGet('/paper'),
  'GET /api/cafes/<cafeId>/summary': staffGet('/summary'),
  'GET /api/cafes/<cafeId>/summary.docx': staffGet('/summary.docx'),
  'GET /api/cafes/<cafeId>/summary.md': staffGet('/summary.md'),
  'GET /api/cafes/<cafeId>/summary.html': staffGet('/summary.html'),
  'GET /api/cafes/<cafeId>/proposals.csv': staffGet('/proposals.csv'),
  'GET /api/cafes/<cafeId>/archive.json': staffGet('/archive.json'),
  'GET /api/cafes/<cafeId>/summary.md?anonymous=1': staffGet('/summary.md?anonymous=1'),
  'GET /api/cafes/<cafeId>/summary?token=… (no header)': {
    send: (cast, token) => call('GET', cafePath(cast, `/summary${token ? `?token=${token}` : ''}`), undefined),
  },
  'POST /api/cafes/import': {
    send: (_c, token) =>
      fetch(`${server.url}/api/cafes/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: archive,
      }),
  },
  'GET /metrics (from this machine)': { send: (_c, token) => call('GET', '/metrics', token) },
  'GET /metrics (from another address)': { send: (_c, token) => getFromElsewhere('/metrics', token) },
}

describe('HTTP routes', () => {
  const rows = Object.entries(HTTP).flatMap(([op, cells]) =>
    cellsOf(cells as Cells<number>).map(([role, status]) => ({ op: op as keyof typeof HTTP, role, status })),
  )
  it.each(rows)('$op — $role → $status', async ({ op, role, status }) => {
    const row = HTTP_ROWS[op]
    let cast = main
    if (row.own) {
      cast = await createCast(server.url, outside, { revoked: role === 'revoked', erased: role === 'erased' })
      await row.own(cast)
    }
    const res = await row.send(cast, cast.token(role), role)
    const got = typeof res === 'number' ? res : res.status
    expect(got, `${op} by ${ROLE_NAMES[role]}`).toBe(status)
    if (typeof res !== 'number' && (status === 401 || status === 403)) {
      const body = (await res.json()) as { error?: { code?: string } }
      expect(body.error?.code).toBe(status === 401 ? 'unauthorized' : 'forbidden')
    }
    await row.after?.(cast, status < 400, role)
  })
})

describe('socket.io', () => {
  it.each(cellsOf(SOCKET_CONNECTION))("the connection to the café — %s → %s", async (role, expected) => {
    const token = main.token(role)
    const outcome = await socketOutcome(server.url, { ...(token ? { token } : {}), cafeId: main.cafe.cafeId })
    expect(outcome).toEqual(expected === 'connected' ? { connected: true } : { connected: false, code: expected })
  })

  it("a facilitator's open connections close when the organiser replaces their link (socket.io disconnected, Yjs 4401)", async () => {
    const cast = await createCast(server.url, outside)
    const screen = await connectCafe(server.url, cast.cafe.cafeId, cast.facilitatorToken)
    screen.socket.io.opts.reconnection = false
    const cloth = connectYjs(server.url, clothDocumentName(cast.cafe.cafeId, 0), cast.facilitatorToken)
    await cloth.synced
    const disconnected = new Promise<string>((resolve) => screen.socket.on('disconnect', (reason) => resolve(reason)))
    const closed = new Promise<number>((resolve) => cloth.provider.on('connection-close', (e) => resolve(e?.code ?? 0)))
    expect((await call('POST', cafePath(cast, '/facilitator-links'), cast.cafe.organiserToken)).status).toBe(201)
    expect(await disconnected).toBe('io server disconnect')
    expect(await closed).toBe(4401)
    cloth.destroy()
    screen.close()
  })

  // PROTOCOL.md "socket.io", server → client: `cafe:cloths` goes to the facilitator and organisers
  // only; the café's state never carries a personal code.
  it("only staff screens get the cloths' counters, and nobody's personal code reaches a participant", async () => {
    const roles = ['facilitator', 'organiser', 'host', 'here', 'elsewhere', 'erased'] as const
    const heard = await Promise.all(roles.map((role) => listen(main.cafe.cafeId, main.token(role)!)))
    const [facilitator, organiser, ...participants] = heard
    await until(() => facilitator!.count('cafe:cloths') > 0 && organiser!.count('cafe:cloths') > 0)
    for (const p of participants) await until(() => p.count('cafe:presence') > 0)
    // A cloth changes: the counters go out again, to the staff room.
    const cloth = connectYjs(server.url, clothDocumentName(main.cafe.cafeId, 0), main.facilitatorToken)
    await cloth.synced
    cloth.text.insert(0, 'Counted on the board')
    await until(() => facilitator!.count('cafe:cloths') > 1 && organiser!.count('cafe:cloths') > 1)
    cloth.destroy()
    const codes = [main.host, main.here, main.elsewhere, ...main.spare].map((p) => p.rejoinCode)
    for (const [i, p] of participants.entries()) {
      expect(p.count('cafe:cloths'), roles[i + 2]).toBe(0)
      for (const code of codes) expect(p.text()).not.toContain(code)
    }
    for (const h of heard) h.close()
  })

  describe('every event of a café played from its lobby to closed', () => {
    let tour: Cast
    const clients = {} as Record<(typeof SOCKET_ROLES)[number], CafeClient>
    let cafeVersion = 0
    let harvestVersion = 0
    const staff = () => clients.facilitator
    const personNamed = (name: string) => Object.values(staff().state()!.people).find((p) => p.name === name)?.id
    const mergedKey = () => staff().harvest()?.items.find((i) => i.kind === 'merged')?.key

    beforeAll(async () => {
      tour = await createCast(server.url, outside, { revoked: true, erased: true })
      // Two near-identical proposals at different tables (the harvest suggests them together) and two others.
      const proposals: [number, string, string][] = [
        [0, 'p-hotline', 'A national hotline for homeowners'],
        [0, 'p-training', 'Training for association chairs'],
        [1, 'p-hotline2', 'National hotline for home owners'],
        [1, 'p-cofund', 'The municipality co-funds the resource centre'],
      ]
      for (const table of [0, 1]) {
        const writer = connectYjs(server.url, clothDocumentName(tour.cafe.cafeId, table), (table === 0 ? tour.here : tour.elsewhere).token)
        await writer.synced
        for (const [t, id, title] of proposals) {
          if (t !== table) continue
          const map = new Y.Map<string | number>()
          for (const [k, v] of Object.entries({ id, title, what: '', who: '', when: '', round: 1 })) map.set(k, v)
          writer.doc.getArray(PROPOSALS_FIELD).push([map])
          await until(() => writer.doc.getMap(PROVENANCE_FIELD).has(id))
        }
        writer.destroy()
      }
      for (const role of SOCKET_ROLES) clients[role] = await connectCafe(server.url, tour.cafe.cafeId, tour.token(role)!)
      await until(() => staff().state() !== undefined)
      cafeVersion = staff().state()!.version
    })
    afterAll(() => {
      for (const c of Object.values(clients)) c.close()
    })

    /** The payload of each event at its moment in the café, in the order they run. */
    const steps: [SocketEvent, () => Promise<unknown> | unknown][] = [
      ['time:sync', () => ({ clientTime: Date.now() })],
      ['cafe:broadcast', () => ({ text: 'Coffee in five minutes' })],
      ['cafe:command rename-table', () => ({ type: 'rename-table', table: 1, name: 'Funding' })],
      ['cafe:command set-tables', () => ({ type: 'set-tables', names: ['Hotline', 'Funding'] })],
      ['cafe:command add-person (at the host’s table)', () => ({ type: 'add-person', name: 'Tamar', table: 0 })],
      ['cafe:command add-person (at another table)', () => ({ type: 'add-person', name: 'Levan', table: 1 })],
      ['cafe:command make-host', () => ({ type: 'make-host', personId: tour.elsewhere.participantId, table: 1 })],
      ['cafe:command unset-host', () => ({ type: 'unset-host', table: 1 })],
      ['cafe:command move', async () => {
        await until(() => personNamed('Levan'))
        return { type: 'move', personId: personNamed('Levan'), table: 0 }
      }],
      ['cafe:command remove', () => ({ type: 'remove', personId: personNamed('Levan') })],
      ['cafe:command start', () => ({ type: 'start' })],
      ['cafe:command pause', () => ({ type: 'pause' })],
      ['cafe:command resume', () => ({ type: 'resume' })],
      ['cafe:command extend', () => ({ type: 'extend', minutes: 1 })],
      ['cafe:command end-round', () => ({ type: 'end-round' })],
      ['cafe:command plan-rotation', () => ({ type: 'plan-rotation', seed: 1 })],
      ['cafe:command swap-in-plan', () => ({ type: 'swap-in-plan', a: tour.here.participantId, b: tour.elsewhere.participantId })],
      ['cafe:command apply-rotation', () => ({ type: 'apply-rotation' })],
      ['cafe:command end-round (the last round)', () => ({ type: 'end-round' })],
      ['cafe:command open-harvest', () => ({ type: 'open-harvest' })],
      ['harvest:command accept', async () => {
        await until(() => staff().harvest()?.suggestions.length)
        harvestVersion = staff().harvest()!.version
        const suggestion = staff().harvest()!.suggestions[0]!
        return { type: 'accept', suggestionId: suggestion.id, keys: suggestion.keys }
      }],
      ['harvest:command edit', async () => {
        await until(() => mergedKey())
        return { type: 'edit', mergeId: mergedKey(), title: 'A free national hotline' }
      }],
      ['harvest:command undo', () => ({ type: 'undo', mergeId: mergedKey() })],
      ['harvest:command reject', () => ({ type: 'reject', suggestionId: 'kept-apart', keys: ['0:p-training', '1:p-cofund'] })],
      ['harvest:command merge', () => ({ type: 'merge', keys: ['0:p-hotline', '1:p-hotline2'] })],
      ['harvest:command open-voting', () => ({ type: 'open-voting', dotsPerVoter: 2 })],
      ['harvest:command place-dot', () => ({ type: 'place-dot', itemKey: '0:p-training' })],
      ['harvest:command remove-dot', () => ({ type: 'remove-dot', itemKey: '0:p-training' })],
      ['harvest:command close-voting', () => ({ type: 'close-voting' })],
      ['cafe:command close', () => ({ type: 'close' })],
    ]

    it('runs every event of the table, each once', () => {
      expect(steps.map(([event]) => event).sort()).toEqual(Object.keys(SOCKET_EVENTS).sort())
    })

    // One test per event (they run in order); within it, the refused roles first — a refused
    // event changes nothing, so the allowed one that follows moves the version by exactly one.
    it.each(steps)('%s', async (event, payload) => {
      const name = event.split(' ')[0] as 'time:sync' | 'cafe:broadcast' | 'cafe:command' | 'harvest:command'
      const cells = SOCKET_ROLES.map((role, i) => [role, SOCKET_EVENTS[event][i]] as const)
      const ordered = [...cells.filter(([, o]) => o !== 'ok'), ...cells.filter(([, o]) => o === 'ok')]
      const body = await payload()
      for (const [role, expected] of ordered) {
        const reply = (await clients[role].socket.timeout(10_000).emitWithAck(name as 'cafe:command', body as never)) as
          | { ok: true; value: { version?: number } }
          | { ok: false; code: string; message: string }
        const outcome = reply.ok ? 'ok' : reply.code
        expect.soft(outcome, `${event} by ${ROLE_NAMES[role]}: ${reply.ok ? '' : reply.message}`).toBe(expected)
        if (reply.ok && (name === 'cafe:command' || name === 'harvest:command')) {
          const version = reply.value.version!
          if (name === 'cafe:command') expect.soft(version, 'the café moved by this command only').toBe(++cafeVersion)
          else expect.soft(version, 'the harvest moved by this command only').toBe(++harvestVersion)
        }
      }
    })

    // PROTOCOL.md `harvest:state`: `dotsLeft`/`myDots` only on a participant's own connections.
    it("shows a participant their own dots and staff nobody's", async () => {
      await until(() => clients.here.harvest()?.votingStatus === 'closed')
      for (const role of ['host', 'here', 'elsewhere'] as const) expect(clients[role].harvest()?.myDots, role).toBeDefined()
      for (const role of ['facilitator', 'organiser'] as const) {
        expect(clients[role].harvest()?.dotsLeft, role).toBeUndefined()
        expect(clients[role].harvest()?.myDots, role).toBeUndefined()
      }
    })
  })
})

/** A socket that records every event from the first frame on (listeners set before it connects). */
async function listen(cafeId: string, token: string) {
  const socket = io(server.url, { auth: { token, cafeId }, transports: ['websocket'], reconnection: false })
  const events: [string, unknown][] = []
  socket.onAny((event: string, ...args: unknown[]) => events.push([event, args]))
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return {
    count: (event: string) => events.filter(([e]) => e === event).length,
    text: () => JSON.stringify(events),
    close: () => socket.disconnect(),
  }
}

// ── Yjs ───────────────────────────────────────────────────────────────────────────────────────
const wsUrl = (document: string, token: string | undefined) =>
  `${server.url.replace(/^http/, 'ws')}/yjs/${document}${token ? `?token=${token}` : ''}`

/** Opens the document as `token` and, for a write, edits it: 'write' once a watcher sees the edit. */
async function yjsOutcome(document: string, field: string, token: string | undefined, write: boolean, watcherToken: string): Promise<YjsOutcome> {
  const upgrade = await tryUpgrade(wsUrl(document, token))
  if (!upgrade.opened) return upgrade.status as 401 | 403
  if (!write) return 'open'
  const marker = `edit-${Math.random().toString(36).slice(2)}`
  const writer = connectYjs(server.url, document, token, field)
  const watcher = connectYjs(server.url, document, watcherToken, field)
  try {
    await Promise.all([writer.synced, watcher.synced])
    const closed = new Promise<number>((resolve) => writer.provider.on('connection-close', (e) => resolve(e?.code ?? 0)))
    writer.text.insert(0, marker)
    const seen = until(() => watcher.text.toString().includes(marker)).then(() => 'write' as const)
    const outcome = await Promise.race([seen, closed])
    if (outcome !== 'write') {
      // Refused: nothing of it reached the server's copy.
      const fresh = connectYjs(server.url, document, watcherToken, field)
      await fresh.synced
      expect(fresh.text.toString()).not.toContain(marker)
      expect(watcher.text.toString()).not.toContain(marker)
      fresh.destroy()
    }
    return outcome as YjsOutcome
  } finally {
    writer.destroy()
    watcher.destroy()
  }
}

function yjsRows(table: Record<string, Cells<YjsOutcome>>) {
  return Object.entries(table).flatMap(([op, cells]) => cellsOf(cells).map(([role, expected]) => ({ op, role, expected })))
}
function documentOf(cast: Cast, op: string): { name: string; field: string } {
  if (op.includes('summary')) return { name: summaryDocumentName(cast.cafe.cafeId), field: 'introduction' }
  return { name: clothDocumentName(cast.cafe.cafeId, op.includes('table 2') ? 1 : 0), field: 'notes' }
}

describe('Yjs documents', () => {
  it.each(yjsRows(YJS))('$op — $role → $expected', async ({ op, role, expected }) => {
    const { name, field } = documentOf(main, op)
    expect(await yjsOutcome(name, field, main.token(role), op.endsWith('write'), main.facilitatorToken)).toBe(expected)
  })

  describe('once the café is closed', () => {
    let closed: Cast
    beforeAll(async () => {
      closed = await createCast(server.url, outside, { revoked: true, erased: true })
      const staffScreen = await connectCafe(server.url, closed.cafe.cafeId, closed.facilitatorToken)
      for (const type of ['start', 'end-round', 'plan-rotation', 'apply-rotation', 'end-round', 'open-harvest', 'close'] as const) {
        await ok(type, staffScreen.command(type === 'plan-rotation' ? { type, seed: 1 } : { type }))
      }
      staffScreen.close()
    })
    it.each(yjsRows(YJS_CLOSED))('$op — $role → $expected', async ({ op, role, expected }) => {
      const { name, field } = documentOf(closed, op)
      expect(await yjsOutcome(name, field, closed.token(role), true, closed.facilitatorToken)).toBe(expected)
    })
  })
})
