/**
 * Every HTTP route of docs/PROTOCOL.md under whatever a curious participant (or a broken script)
 * sends: wrong types, missing and extra fields, huge strings and numbers, floats for integers,
 * arrays for objects, deep nesting, unknown ids, malformed join codes, wrong content types and
 * encodings, invalid JSON, bytes that are not UTF-8, bodies just over the limit — with a valid
 * staff token where the route needs one, so the body is really read. The server answers each with
 * a 4xx and a JSON `{error: {code, message}}`, never a 5xx, stays up, and a refused request
 * changes nothing: not the café's state (its version, as a socket client sees it), not one row
 * of the store (every table digested before and after), not the organisers' list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import { JOIN_CODE_ALPHABET } from '../../shared/join-code.js'
import { until } from '../support/wait.js'

const KEY = 'http-fuzz-organiser-key-0123456789'
const KIB = 1024
/** Fixed so a failure replays; `HTTP_FUZZ_SEED`/`HTTP_FUZZ_SCALE` widen a local hunt. */
const SEED = Number(process.env.HTTP_FUZZ_SEED ?? 9)
const RUNS_SCALE = Number(process.env.HTTP_FUZZ_SCALE ?? 1)

let server: RunningServer
/** The café most routes are aimed at: a lobby with one participant and a registration list. */
let cafe: CreateCafeResponse
/** A café of its own for the rehearsal routes (a body that happens to be valid starts one). */
let rehearsed: CreateCafeResponse
let nino: JoinResponse
let watchers: CafeClient[] = []
let db: Database.Database
let archive: Record<string, unknown>

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  cafe = await createCafe(server.url, { tables: 3 })
  rehearsed = await createCafe(server.url, { tables: 2 })
  nino = await joinCafe(server.url, cafe.joinCode, 'Nino', { country: 'Georgia' })
  const imported = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cafe.facilitatorToken}`, 'content-type': 'text/csv' },
    body: 'name,country\nAysel,Azerbaijan\nIon,Moldova\n',
  })
  expect(imported.status).toBe(201)
  archive = (await (await fetch(`${server.url}/api/cafes/${cafe.cafeId}/archive.json`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as Record<string, unknown>
  watchers = [await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken), await connectCafe(server.url, rehearsed.cafeId, rehearsed.facilitatorToken)]
  for (const w of watchers) await until(() => w.state())
  // Read-only beside the server (the store runs in WAL mode: readers never block its writes).
  db = new Database(join(server.dataDir, 'tablecloth.db'), { readonly: true, fileMustExist: true })
}, 60_000)

afterAll(async () => {
  for (const w of watchers) w.close()
  db?.close()
  await server?.stop()
})

// ---------------------------------------------------------------------------------------------
// What a request may find changed: every row of every table, the cafés' versions, the lists.

const TABLES = ['cafes', 'tokens', 'document_updates', 'document_snapshots', 'harvests', 'registrations', 'templates']

function storeDigest(): Record<string, string> {
  const digest: Record<string, string> = {}
  for (const table of TABLES) {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all()
    const json = JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))
    digest[table] = `${rows.length}:${createHash('sha256').update(json).digest('hex').slice(0, 16)}`
  }
  return digest
}

async function snapshot() {
  const [organisers, templates] = await Promise.all([
    fetch(`${server.url}/api/organiser/cafes`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.text()),
    fetch(`${server.url}/api/templates`).then((r) => r.text()),
  ])
  return { versions: watchers.map((w) => w.state()?.version), store: storeDigest(), organisers, templates }
}

// ---------------------------------------------------------------------------------------------
// Sending, and what every answer must be.

interface Probe {
  method: string
  path: string
  auth?: string
  contentType?: string
  contentEncoding?: string
  body?: string | Buffer
}

interface Answer {
  status: number
  type: string
  text: string
}

async function send(p: Probe): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (p.auth !== undefined) headers.authorization = p.auth
  if (p.contentType !== undefined) headers['content-type'] = p.contentType
  if (p.contentEncoding !== undefined) headers['content-encoding'] = p.contentEncoding
  const body = typeof p.body === 'string' || p.body === undefined ? p.body : new Uint8Array(p.body)
  const res = await fetch(`${server.url}${p.path}`, { method: p.method, headers, body, redirect: 'manual' })
  // A download is binary; only answers we read as text matter here.
  const type = res.headers.get('content-type') ?? ''
  const text = res.status >= 400 || type.includes('json') ? await res.text() : (await res.arrayBuffer(), '')
  return { status: res.status, type, text }
}

const describeProbe = (p: Probe) =>
  `${p.method} ${p.path.slice(0, 160)} auth=${p.auth?.slice(0, 20)} type=${p.contentType} enc=${p.contentEncoding} body=${
    typeof p.body === 'string' ? JSON.stringify(p.body.slice(0, 160)) : p.body ? `<${p.body.length} bytes>` : '-'
  }`

/** Never a 5xx; a refusal is a 4xx with a JSON `{error: {code, message}}`. */
function expectClearAnswer(p: Probe, a: Answer): void {
  const what = `${describeProbe(p)} → ${a.status} ${a.text.slice(0, 200)}`
  expect(a.status, what).toBeLessThan(500)
  if (a.status < 400) return
  expect(a.type, what).toContain('application/json')
  const body = JSON.parse(a.text) as { error?: { code?: unknown; message?: unknown } }
  expect(typeof body.error?.code, what).toBe('string')
  expect((body.error!.code as string).length, what).toBeGreaterThan(0)
  expect(typeof body.error?.message, what).toBe('string')
  expect((body.error!.message as string).length, what).toBeGreaterThan(0)
}

/** Counts of what each route answered, printed at the end as the run's figures. */
const tally = new Map<string, Map<number, number>>()
function count(route: string, status: number): void {
  const byStatus = tally.get(route) ?? new Map<number, number>()
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1)
  tally.set(route, byStatus)
}

let baseline: Awaited<ReturnType<typeof snapshot>>

/** Sends the probe; a refusal must leave everything as it was, a success becomes the new baseline. */
async function probe(route: string, p: Probe): Promise<Answer> {
  const answer = await send(p)
  count(route, answer.status)
  expectClearAnswer(p, answer)
  const after = await snapshot()
  if (answer.status >= 400) expect(after, `${describeProbe(p)} → ${answer.status} changed something`).toEqual(baseline)
  baseline = after
  return answer
}

// ---------------------------------------------------------------------------------------------
// What gets sent.

/** Strings people (or scripts) never meant: empty, blank, over every limit, control characters, lone surrogates. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\t\n', '\u0000', 'x'.repeat(81), 'x'.repeat(501), 'ü'.repeat(20_000), '\ud800', '__proto__', '<script>x</script>', '١٢٣'),
)
/** Numbers that are not what an integer field wants (JSON turns NaN and ±Infinity into null). */
const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 0.5, 1.5, -0, 2 ** 53 + 1, Number.MAX_VALUE, -Number.MAX_VALUE, 1e21, 200, 201, 240, 241),
)
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(nastyString, nastyNumber), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(nastyString, nastyNumber), { maxKeys: 3 }),
  fc.anything({ maxDepth: 2, withBigInt: false, withTypedArray: false }),
)

/** A body shaped like the route's: each field good, wrong, or missing, plus a few unknown fields. */
function shaped(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const one = Object.fromEntries(Object.entries(fields).map(([k, good]) => [k, fc.oneof(good, nastyValue)]))
  return fc
    .tuple(fc.record(one, { requiredKeys: [] }), fc.dictionary(fc.constantFrom('extra', 'id', 'role', '__proto__', 'constructor', 'cafeId'), nastyValue, { maxKeys: 2 }))
    .map(([known, extra]) => ({ ...extra, ...known }))
}

/** Text that is not JSON, or JSON a strict parser must refuse or read as something odd. */
const brokenJson = fc.oneof(
  fc.constantFrom(
    '{',
    '{"name":',
    '[1,]',
    "{'name':'x'}",
    '{"name":"x"}}',
    'null',
    '"a string"',
    '42',
    'true',
    '',
    '\u0000',
    '{"tables":NaN}',
    '{"tables":Infinity}',
    '{"tables":1e400,"roundMinutes":-1e400}',
    '{"tables":0x10}',
    '{"tables":1_0}',
    '{"tables":01}',
    '{"deleteAt":1e400}',
    '{"table":1.0000000000000001}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"name":"\\ud800"}',
    '{"name":"x","name":"y"}',
    '\ufeff{"name":"x"}',
  ),
  fc.string({ maxLength: 100 }),
)

/** Bytes that are not UTF-8: stray continuation bytes, overlong forms, surrogates, Latin-1 text. */
const notUtf8 = fc.oneof(
  fc.constantFrom(
    Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"name":"\xff\xfe"}
    Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]),
    Buffer.from('{"topic":"Café"}', 'latin1'),
    Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]), // UTF-16 BOM
  ),
  fc.uint8Array({ minLength: 1, maxLength: 120 }).map((b) => Buffer.from(b)),
)

/** JSON nested far deeper than any body of ours, still within the size limit. */
const deepJson = fc.tuple(fc.integer({ min: 500, max: 30_000 }), fc.boolean()).map(([depth, asArray]) =>
  asArray ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
)

type Body = Pick<Probe, 'contentType' | 'contentEncoding' | 'body'>

/** Every way of sending a body, around the route's own shape. */
function bodies(shape: fc.Arbitrary<unknown>, limit = 64 * KIB): fc.Arbitrary<Body> {
  const json = 'application/json'
  return fc.oneof(
    { weight: 6, arbitrary: shape.map((v): Body => ({ contentType: json, body: JSON.stringify(v) })) },
    // Arrays where objects are expected, bare values, anything at all.
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v): Body => ({ contentType: json, body: JSON.stringify(v) })) },
    { weight: 2, arbitrary: brokenJson.map((text): Body => ({ contentType: json, body: text })) },
    { weight: 1, arbitrary: notUtf8.map((bytes): Body => ({ contentType: json, body: bytes })) },
    { weight: 1, arbitrary: deepJson.map((text): Body => ({ contentType: json, body: text })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(shape, fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'json', '*/*', '', ';;;'))
        .map(([v, contentType]): Body => ({ contentType, body: JSON.stringify(v) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(shape, fc.constantFrom('application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=nonsense', 'application/json; charset='))
        .map(([v, contentType]): Body => ({ contentType, body: JSON.stringify(v) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip', 'identity'), fc.uint8Array({ maxLength: 40 }))
        .map(([contentEncoding, bytes]): Body => ({ contentType: json, contentEncoding, body: Buffer.from(bytes) })),
    },
    // Just over the limit, as one JSON string.
    { weight: 1, arbitrary: fc.constant<Body>({ contentType: json, body: JSON.stringify({ name: 'x'.repeat(limit) }) }) },
  )
}

/** Ids nobody has: random, encoded oddly, traversal, NUL, invalid percent-encoding, very long. */
const unknownId = fc.oneof(
  fc.constantFrom(
    'nope',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '..%2F..%2Fetc%2Fpasswd',
    // Not a bare `%2e%2e`: fetch reads that as `..` and sends the parent path (a real route).
    '%2e%2e%2f',
    '%00',
    'a%00b',
    '%',
    '%zz',
    '%C0%AF',
    '%ED%A0%80',
    '%FF',
    encodeURIComponent('ნინო'),
    encodeURIComponent('<script>'),
    '*',
    '-1',
    '0',
    '1e400',
    'NaN',
    'r-0',
    'r-99999',
    'w-x',
    'x'.repeat(4_000),
  ),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/),
)

/** Join codes that are not one, or are ours typed oddly (case, dashes, spaces: still ours). */
const joinCodes = () =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(cafe.joinCode, cafe.joinCode.toLowerCase(), `${cafe.joinCode.slice(0, 3)}-${cafe.joinCode.slice(3)}`, encodeURIComponent(` ${cafe.joinCode} `)) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom('OOOOOO', '000000', 'ABCDEF', 'АВСDЕF', 'ＡＢＣＤＥＦ', `${cafe.joinCode}7`, cafe.joinCode.slice(0, 5), `${cafe.joinCode.slice(0, 5)}0`),
        fc.string({ unit: fc.constantFrom(...JOIN_CODE_ALPHABET), minLength: 6, maxLength: 6 }),
        unknownId,
      ),
    },
  )

/** A staff credential that reaches past authorisation (mostly), or one that must not. */
const staffAuth = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(`Bearer ${cafe.facilitatorToken}`, `Bearer ${cafe.organiserToken}`, `Bearer ${KEY}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        '',
        'Bearer',
        'Bearer ',
        `bearer ${cafe.facilitatorToken}`,
        `Basic ${cafe.facilitatorToken}`,
        `Bearer ${cafe.facilitatorToken} ${cafe.facilitatorToken}`,
        `Bearer ${cafe.facilitatorToken.slice(0, -1)}`,
        `Bearer ${nino.token}`,
        `Bearer ${rehearsed.facilitatorToken}`,
        `Bearer ${'x'.repeat(5_000)}`,
        `Bearer ${KEY}\u00e9`,
      ),
    },
  )
const KEY_AUTH = () => fc.constantFrom(`Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${KEY}`, `Bearer ${cafe.organiserToken}`, undefined, 'Bearer x')

const cafeIds = () => fc.oneof({ weight: 3, arbitrary: fc.constant(cafe.cafeId) }, { weight: 2, arbitrary: unknownId })
/** A query string of odd parameters, repeated and nested. */
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?anonymous=1', '?anonymous=1&anonymous=1', '?anonymous[]=1', '?anonymous=%', '?token=x', '?base=http://x/&base=http://y/', `?base=${'x'.repeat(400)}`, '?skipUnreadable=true', '?%=%', '?a[b][c][d]=1'),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q)}`),
)

// ---------------------------------------------------------------------------------------------
// Every route of docs/PROTOCOL.md, each with what may vary in its requests.

const good = {
  topic: fc.constantFrom('Resource centres', ' A topic '),
  questions: fc.constantFrom(['Why?'], ['a', 'b', 'c']),
  tables: fc.constantFrom(1, 2, 200),
  roundMinutes: fc.constantFrom(1, 20, 240),
  tableNames: fc.constantFrom([], ['Window', ''], Array.from({ length: 201 }, () => 'n')),
  ask: fc.constantFrom({}, { country: true, organisation: false }),
  name: fc.constantFrom('Giorgi', ' Ion '),
  country: fc.constantFrom('Georgia', ''),
  organisation: fc.constantFrom('HOA Vake 12'),
  language: fc.constantFrom('ka', 'en-GB'),
  table: fc.constantFrom(0, 2, 3, 199),
  pseudonym: fc.boolean(),
}

interface Route {
  name: string
  runs?: number
  request: () => fc.Arbitrary<Probe>
}

const noBody = (method: string, path: fc.Arbitrary<string>, auth: fc.Arbitrary<string | undefined>) =>
  fc.tuple(path, auth).map(([path, auth]): Probe => ({ method, path, auth }))
const withBody = (method: string, path: fc.Arbitrary<string>, auth: fc.Arbitrary<string | undefined>, body: fc.Arbitrary<Body>) =>
  fc.tuple(path, auth, body).map(([path, auth, b]): Probe => ({ method, path, auth, ...b }))

const routes: Route[] = [
  { name: 'GET /healthz', runs: 10, request: () => noBody('GET', query.map((q) => `/healthz${q}`), staffAuth()) },
  { name: 'GET /api/addresses', runs: 10, request: () => noBody('GET', query.map((q) => `/api/addresses${q}`), staffAuth()) },
  {
    name: 'POST /api/cafes',
    request: () =>
      withBody('POST', fc.constant('/api/cafes'), fc.constant(undefined), bodies(shaped({ topic: good.topic, questions: good.questions, tables: good.tables, roundMinutes: good.roundMinutes, tableNames: good.tableNames, ask: good.ask }))),
  },
  { name: 'GET /api/cafes/<joinCode>', request: () => noBody('GET', joinCodes().map((c) => `/api/cafes/${c}`), fc.constant(undefined)) },
  {
    name: 'POST /api/cafes/<joinCode>/participants',
    runs: 60,
    request: () =>
      withBody(
        'POST',
        joinCodes().map((c) => `/api/cafes/${c}/participants`),
        fc.constant(undefined),
        bodies(
          shaped({
            name: good.name,
            country: good.country,
            organisation: good.organisation,
            language: good.language,
            registrationId: fc.oneof(fc.constantFrom('r-1', 'r-2'), unknownId),
            table: good.table,
            pseudonym: good.pseudonym,
          }),
        ),
      ),
  },
  {
    name: 'POST /api/cafes/<joinCode>/rejoin',
    request: () =>
      withBody('POST', joinCodes().map((c) => `/api/cafes/${c}/rejoin`), fc.constant(undefined), bodies(shaped({ code: fc.oneof(fc.constantFrom('AAAA-AAAA', 'aaaa aaaa', '', 'x'.repeat(21)), unknownId) }))),
  },
  { name: 'GET /api/me', runs: 20, request: () => noBody('GET', fc.constant('/api/me'), staffAuth()) },
  { name: 'POST /api/cafes/<cafeId>/facilitator-links', runs: 20, request: () => noBody('POST', unknownId.map((id) => `/api/cafes/${id}/facilitator-links`), staffAuth()) },
  { name: 'GET /api/organiser/cafes', runs: 20, request: () => noBody('GET', query.map((q) => `/api/organiser/cafes${q}`), staffAuth()) },
  { name: 'POST /api/cafes/<cafeId>/organiser-links', runs: 20, request: () => noBody('POST', unknownId.map((id) => `/api/cafes/${id}/organiser-links`), KEY_AUTH()) },
  { name: 'DELETE /api/cafes/<cafeId>', runs: 30, request: () => noBody('DELETE', unknownId.map((id) => `/api/cafes/${id}`), KEY_AUTH()) },
  {
    name: 'DELETE /api/cafes/<cafeId>/people/<personId>',
    runs: 30,
    request: () => noBody('DELETE', fc.tuple(cafeIds(), unknownId).map(([c, p]) => `/api/cafes/${c}/people/${p}`), staffAuth()),
  },
  {
    name: 'PUT /api/cafes/<cafeId>/deletion',
    request: () =>
      withBody(
        'PUT',
        cafeIds().map((c) => `/api/cafes/${c}/deletion`),
        KEY_AUTH(),
        bodies(shaped({ deleteAt: fc.constantFrom(0, 1, Date.now() - 1, 8.64e15 + 1, 1.5e12 + 0.5, '2030-01-01') })),
      ),
  },
  {
    name: 'POST /api/cafes/<cafeId>/registrations (JSON)',
    request: () =>
      withBody(
        'POST',
        fc.tuple(cafeIds(), query).map(([c, q]) => `/api/cafes/${c}/registrations${q}`),
        staffAuth(),
        bodies(shaped({ csv: fc.constantFrom('', 'name\n', 'email\nx@y', 'name\n"unclosed', 'name,country\nA,' + 'x'.repeat(61)), skipUnreadable: fc.constant(false) }), 3 * 1024 * KIB),
      ),
  },
  {
    name: 'POST /api/cafes/<cafeId>/registrations (CSV file)',
    request: () =>
      fc
        .tuple(
          cafeIds(),
          fc.constantFrom('', '?skipUnreadable=false', '?skipUnreadable=yes'),
          staffAuth(),
          fc.constantFrom('text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'text/csv; charset=latin1', 'application/octet-stream', undefined),
          fc.oneof(
            notUtf8,
            fc.constantFrom('', '\n\n', 'email\nx@y.z', 'name\n"never closed', 'name;country\n;Georgia', `name\n${'x'.repeat(81)}`, 'name,email\nAna,not-an-email', '\u0000\u0001'),
            fc.string({ maxLength: 200 }),
          ),
        )
        .map(([c, q, auth, contentType, body]): Probe => ({ method: 'POST', path: `/api/cafes/${c}/registrations${q}`, auth, contentType, body })),
  },
  { name: 'GET /api/cafes/<cafeId>/registrations', runs: 20, request: () => noBody('GET', unknownId.map((c) => `/api/cafes/${c}/registrations`), staffAuth()) },
  {
    name: 'PATCH /api/cafes/<cafeId>/registrations/<id>',
    runs: 60,
    request: () =>
      withBody(
        'PATCH',
        fc.tuple(cafeIds(), fc.oneof(fc.constantFrom('r-1', 'r-2', `w-${nino.participantId}`), unknownId)).map(([c, id]) => `/api/cafes/${c}/registrations/${id}`),
        staffAuth(),
        bodies(shaped({ hostOf: fc.constantFrom(0, 2, 3, null), table: fc.constantFrom(1, 3, 199, null) })),
      ),
  },
  { name: 'DELETE /api/cafes/<cafeId>/registrations', runs: 20, request: () => noBody('DELETE', unknownId.map((c) => `/api/cafes/${c}/registrations`), staffAuth()) },
  {
    name: 'POST /api/cafes/<cafeId>/template',
    request: () => withBody('POST', cafeIds().map((c) => `/api/cafes/${c}/template`), staffAuth(), bodies(shaped({ name: fc.constantFrom('Tbilisi 2026', '', 'x'.repeat(81)) }))),
  },
  { name: 'GET /api/templates', runs: 10, request: () => noBody('GET', query.map((q) => `/api/templates${q}`), staffAuth()) },
  { name: 'DELETE /api/templates/<id>', runs: 30, request: () => noBody('DELETE', unknownId.map((id) => `/api/templates/${id}`), KEY_AUTH()) },
  {
    name: 'POST /api/cafes/<cafeId>/rehearsal',
    runs: 60,
    request: () =>
      withBody(
        'POST',
        fc.oneof({ weight: 3, arbitrary: fc.constant(rehearsed.cafeId) }, { weight: 1, arbitrary: unknownId }).map((c) => `/api/cafes/${c}/rehearsal`),
        fc.oneof({ weight: 5, arbitrary: fc.constant(`Bearer ${rehearsed.facilitatorToken}`) }, { weight: 1, arbitrary: staffAuth() }),
        bodies(shaped({ perTable: fc.constantFrom(1, 8, 9, 0), everyMs: fc.constantFrom(199, 200, 60_000, 60_001), language: fc.constantFrom('ka', 'fr', 'EN') })),
      ),
  },
  { name: 'DELETE /api/cafes/<cafeId>/rehearsal', runs: 20, request: () => noBody('DELETE', cafeIds().map((c) => `/api/cafes/${c}/rehearsal`), staffAuth()) },
  { name: 'GET /api/cafes/<cafeId>/paper', request: () => noBody('GET', fc.tuple(cafeIds(), query).map(([c, q]) => `/api/cafes/${c}/paper${q}`), staffAuth()) },
  ...['summary', 'summary.docx', 'summary.md', 'summary.html', 'proposals.csv', 'archive.json'].map(
    (file): Route => ({
      name: `GET /api/cafes/<cafeId>/${file}`,
      runs: 15,
      request: () => noBody('GET', fc.tuple(cafeIds(), query).map(([c, q]) => `/api/cafes/${c}/${file}${q}`), staffAuth()),
    }),
  ),
  {
    name: 'POST /api/cafes/import',
    request: () =>
      withBody(
        'POST',
        fc.constant('/api/cafes/import'),
        KEY_AUTH(),
        bodies(shaped({ format: fc.constant('tablecloth-cafe-archive'), version: fc.constantFrom(1, 2), exportedAt: fc.constant(0), cafe: fc.constant({}), cloths: fc.constant([]), harvest: fc.constant(null), summary: fc.constant({}) })),
      ),
  },
  { name: 'GET /metrics', runs: 10, request: () => noBody('GET', query.map((q) => `/metrics${q}`), staffAuth()) },
]

describe('every HTTP route under bad input', () => {
  beforeAll(async () => {
    baseline = await snapshot()
  })

  for (const route of routes) {
    it(`${route.name}: never a 5xx, a clear JSON refusal, nothing changed by a refused request`, async () => {
      await fc.assert(
        fc.asyncProperty(route.request(), async (p) => {
          await probe(route.name, p)
        }),
        { numRuns: Math.round((route.runs ?? 40) * RUNS_SCALE), seed: SEED },
      )
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    }, 60_000)
  }

  it('a café archive with one part broken is refused whole: no café is made', async () => {
    const paths = leafPaths(archive)
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(nastyValue, fc.constant(undefined), fc.constantFrom('AAAA', '////', 'AQID', ''))), { minLength: 1, maxLength: 3 }),
        async (changes) => {
          const broken = structuredClone(archive)
          for (const [path, value] of changes) setAt(broken, path, value)
          await probe('POST /api/cafes/import (archive, one part broken)', {
            method: 'POST',
            path: '/api/cafes/import',
            auth: `Bearer ${KEY}`,
            contentType: 'application/json',
            body: JSON.stringify(broken),
          })
        },
      ),
      { numRuns: Math.round(60 * RUNS_SCALE), seed: SEED },
    )
  }, 60_000)
})

describe('bodies just over the documented limits', () => {
  const staff = () => `Bearer ${cafe.facilitatorToken}`
  /** A JSON object padded with spaces to exactly `bytes` bytes. */
  const padded = (value: object, bytes: number) => {
    const json = JSON.stringify(value)
    return `${json.slice(0, -1)}${' '.repeat(bytes - json.length)}}`
  }
  const over = (limit: number) => limit + 1
  const cases: { name: string; probe: () => Probe; codes: string[] }[] = [
    { name: 'POST /api/cafes', probe: () => ({ method: 'POST', path: '/api/cafes', contentType: 'application/json', body: padded({ topic: 'x' }, over(64 * KIB)) }), codes: ['body_too_large'] },
    {
      name: 'POST /api/cafes/<joinCode>/participants',
      probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.joinCode}/participants`, contentType: 'application/json', body: padded({ name: 'x' }, over(64 * KIB)) }),
      codes: ['body_too_large'],
    },
    {
      name: 'POST /api/cafes/<joinCode>/rejoin',
      probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.joinCode}/rejoin`, contentType: 'application/json', body: padded({ code: 'x' }, over(64 * KIB)) }),
      codes: ['body_too_large'],
    },
    {
      name: 'PUT /api/cafes/<cafeId>/deletion',
      probe: () => ({ method: 'PUT', path: `/api/cafes/${cafe.cafeId}/deletion`, auth: `Bearer ${KEY}`, contentType: 'application/json', body: padded({ deleteAt: null }, over(64 * KIB)) }),
      codes: ['body_too_large'],
    },
    {
      name: 'PATCH /api/cafes/<cafeId>/registrations/<id>',
      probe: () => ({ method: 'PATCH', path: `/api/cafes/${cafe.cafeId}/registrations/r-1`, auth: staff(), contentType: 'application/json', body: padded({ table: 1 }, over(64 * KIB)) }),
      codes: ['body_too_large'],
    },
    {
      name: 'POST /api/cafes/<cafeId>/template',
      probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.cafeId}/template`, auth: staff(), contentType: 'application/json', body: padded({ name: 'x' }, over(64 * KIB)) }),
      codes: ['body_too_large'],
    },
    {
      name: 'POST /api/cafes/<cafeId>/rehearsal',
      probe: () => ({ method: 'POST', path: `/api/cafes/${rehearsed.cafeId}/rehearsal`, auth: `Bearer ${rehearsed.facilitatorToken}`, contentType: 'application/json', body: padded({}, over(64 * KIB)) }),
      codes: ['body_too_large'],
    },
    {
      name: 'POST /api/cafes/<cafeId>/registrations (a CSV file over 1 MB)',
      probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.cafeId}/registrations`, auth: staff(), contentType: 'text/csv', body: `name\n${'x\n'.repeat(KIB * KIB)}`.slice(0, over(KIB * KIB)) }),
      codes: ['body_too_large', 'csv_too_large'],
    },
    {
      name: 'POST /api/cafes/<cafeId>/registrations (JSON {csv} over 1 MB)',
      probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.cafeId}/registrations`, auth: staff(), contentType: 'application/json', body: JSON.stringify({ csv: `name\n${'x\n'.repeat(KIB * KIB)}`.slice(0, over(KIB * KIB)) }) }),
      codes: ['csv_too_large'],
    },
    {
      name: 'POST /api/cafes/import (over 50 MB)',
      probe: () => ({ method: 'POST', path: '/api/cafes/import', auth: `Bearer ${KEY}`, contentType: 'application/json', body: padded({ format: 'tablecloth-cafe-archive' }, over(50 * KIB * KIB)) }),
      codes: ['body_too_large'],
    },
  ]
  for (const c of cases) {
    it(`${c.name}: 413 ${c.codes.join(' or ')}, and nothing stored`, async () => {
      baseline = await snapshot()
      const answer = await probe(`${c.name} (over the limit)`, c.probe())
      expect(answer.status).toBe(413)
      expect(c.codes).toContain((JSON.parse(answer.text) as { error: { code: string } }).error.code)
    }, 30_000)
  }
})

describe('a body in another type than JSON is refused, never taken for an empty one', () => {
  // Each would be accepted as JSON: sent as text or a form, it must not be read as "no body".
  const cases: { name: string; probe: () => Probe }[] = [
    { name: 'POST /api/cafes', probe: () => ({ method: 'POST', path: '/api/cafes', body: JSON.stringify({ topic: 'x', questions: ['q'], tables: 1, roundMinutes: 5 }) }) },
    { name: 'POST /api/cafes/<joinCode>/participants', probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.joinCode}/participants`, body: JSON.stringify({ name: 'Olena' }) }) },
    { name: 'POST /api/cafes/<joinCode>/rejoin', probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.joinCode}/rejoin`, body: JSON.stringify({ code: nino.rejoinCode }) }) },
    { name: 'PUT /api/cafes/<cafeId>/deletion', probe: () => ({ method: 'PUT', path: `/api/cafes/${cafe.cafeId}/deletion`, auth: `Bearer ${KEY}`, body: JSON.stringify({ deleteAt: null }) }) },
    {
      name: 'PATCH /api/cafes/<cafeId>/registrations/<id>',
      probe: () => ({ method: 'PATCH', path: `/api/cafes/${cafe.cafeId}/registrations/r-2`, auth: `Bearer ${cafe.facilitatorToken}`, body: JSON.stringify({ table: 1 }) }),
    },
    { name: 'POST /api/cafes/<cafeId>/template', probe: () => ({ method: 'POST', path: `/api/cafes/${cafe.cafeId}/template`, auth: `Bearer ${cafe.facilitatorToken}`, body: JSON.stringify({ name: 'Plain' }) }) },
    // Was a bug: the rehearsal read any body it could not parse as "no body", and started with every default.
    {
      name: 'POST /api/cafes/<cafeId>/rehearsal',
      probe: () => ({ method: 'POST', path: `/api/cafes/${rehearsed.cafeId}/rehearsal`, auth: `Bearer ${rehearsed.facilitatorToken}`, body: JSON.stringify({ perTable: 99 }) }),
    },
    { name: 'POST /api/cafes/import', probe: () => ({ method: 'POST', path: '/api/cafes/import', auth: `Bearer ${KEY}`, body: JSON.stringify(archive) }) },
  ]
  for (const c of cases) {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      it(`${c.name} as ${contentType}: 400, nothing changed`, async () => {
        // Whatever the fuzz left running (a rehearsal a valid body started) is over first.
        await fetch(`${server.url}/api/cafes/${rehearsed.cafeId}/rehearsal`, { method: 'DELETE', headers: { authorization: `Bearer ${rehearsed.facilitatorToken}` } })
        baseline = await snapshot()
        const answer = await probe(`${c.name} (as ${contentType})`, { ...c.probe(), contentType })
        expect(answer.status).toBe(400)
      })
    }
  }
})

describe('a method a route does not have', () => {
  // Each path with the methods docs/PROTOCOL.md does not list for it (real ids, the organiser key).
  const paths: [() => string, string[]][] = [
    [() => '/api/addresses', ['POST', 'PUT', 'PATCH', 'DELETE']],
    [() => '/api/cafes', ['GET', 'PUT', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.joinCode}`, ['POST', 'PUT', 'PATCH']],
    [() => `/api/cafes/${cafe.joinCode}/participants`, ['GET', 'PUT', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.joinCode}/rejoin`, ['GET', 'PUT', 'PATCH', 'DELETE']],
    [() => '/api/me', ['POST', 'PUT', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.cafeId}/facilitator-links`, ['GET', 'PUT', 'PATCH', 'DELETE']],
    [() => '/api/organiser/cafes', ['POST', 'PUT', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.cafeId}/organiser-links`, ['GET', 'PUT', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.cafeId}/people/${nino.participantId}`, ['GET', 'POST', 'PUT', 'PATCH']],
    [() => `/api/cafes/${cafe.cafeId}/deletion`, ['GET', 'POST', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.cafeId}/registrations`, ['PUT', 'PATCH']],
    [() => `/api/cafes/${cafe.cafeId}/registrations/r-2`, ['GET', 'POST', 'PUT', 'DELETE']],
    [() => `/api/cafes/${cafe.cafeId}/template`, ['GET', 'PUT', 'PATCH', 'DELETE']],
    [() => '/api/templates', ['POST', 'PUT', 'PATCH', 'DELETE']],
    [() => `/api/cafes/${cafe.cafeId}/rehearsal`, ['GET', 'PUT', 'PATCH']],
    [() => `/api/cafes/${cafe.cafeId}/paper`, ['POST', 'PUT', 'PATCH', 'DELETE']],
    ...['summary', 'summary.docx', 'summary.md', 'summary.html', 'proposals.csv', 'archive.json'].map((f): [() => string, string[]] => [() => `/api/cafes/${cafe.cafeId}/${f}`, ['POST', 'PUT', 'PATCH', 'DELETE']]),
    [() => '/api/cafes/import', ['GET', 'PUT', 'PATCH', 'DELETE']],
  ]
  it('answers 404 (JSON), nothing changed', async () => {
    baseline = await snapshot()
    for (const [path, methods] of paths) {
      for (const method of methods) {
        const answer = await probe('(a method the route does not have)', { method, path: path(), auth: `Bearer ${KEY}`, contentType: 'application/json', body: method === 'GET' ? undefined : '{}' })
        expect(answer.status, `${method} ${path()}`).toBe(404)
        // `/api/cafes/import` is also `/api/cafes/<joinCode>` and `/api/cafes/<cafeId>`: a café nobody has.
        expect(['not_found', 'unknown_cafe'], `${method} ${path()}`).toContain((JSON.parse(answer.text) as { error: { code: string } }).error.code)
      }
    }
  })
})

describe('requests HTTP itself refuses', () => {
  /** A raw request, for what fetch will not send: headers past Node's limit, a lying length. */
  function raw(head: string, body = ''): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const [requestLine, ...headerLines] = head.split('\r\n')
      const [method, path] = requestLine!.split(' ')
      const headers = Object.fromEntries(headerLines.filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]))
      const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  it('an address or header past the size Node reads answers 431, and the server stays up', async () => {
    baseline = await snapshot()
    const long = await raw(`GET /api/cafes/${'x'.repeat(20 * KIB)} HTTP/1.1\r\n`)
    expect(long.status).toBe(431)
    const header = await raw(`GET /api/me HTTP/1.1\r\nAuthorization: Bearer ${'x'.repeat(20 * KIB)}\r\n`)
    expect(header.status).toBe(431)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(await snapshot()).toEqual(baseline)
  })

  it('a body shorter than its Content-Length is refused as unreadable once the client gives up, nothing stored', async () => {
    baseline = await snapshot()
    const answer = await new Promise<number | 'closed'>((resolve) => {
      const req = httpRequest(`${server.url}/api/cafes`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', () => resolve('closed'))
      req.write('{"topic":"x"')
      // The client goes away mid-body: the server must not be left holding anything.
      setTimeout(() => req.destroy(), 200)
    })
    expect(answer === 'closed' || (answer >= 400 && answer < 500)).toBe(true)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(await snapshot()).toEqual(baseline)
  })
})

describe('after all of it', () => {
  it('the server is up, logged no failure, and the café is as the valid requests left it', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    // pino's error level is 50: an unexpected failure would have been logged as one.
    expect(server.output()).not.toMatch(/"level":(50|60)/)
    for (const w of watchers) expect(w.socket.connected).toBe(true)
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${nino.token}` } })
    expect(me.status).toBe(200)
    // The check above is not blind: a request that does change something shows in it.
    const before = await snapshot()
    const saved = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/template`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cafe.facilitatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Seen by the digest' }),
    })
    expect(saved.status).toBe(201)
    const after = await snapshot()
    expect(after.store.templates).not.toBe(before.store.templates)
    expect(after.templates).not.toBe(before.templates)
    const figures = [...tally].map(([route, byStatus]) => `${route}: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`)
    console.info(`HTTP fuzz, ${[...tally.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0)} requests:\n${figures.join('\n')}`)
  })
})

// ---------------------------------------------------------------------------------------------

/** Every path to a value inside a JSON value (objects and arrays), leaves and branches alike. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = prefix.length > 0 ? [prefix] : []
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...leafPaths(v, [...prefix, i])))
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths.push(...leafPaths(v, [...prefix, k]))
  return paths
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let at = root as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) {
    const next = at[key]
    if (!next || typeof next !== 'object') return
    at = next as Record<string | number, unknown>
  }
  const last = path[path.length - 1]!
  if (value === undefined) delete at[last]
  else at[last] = value
}
