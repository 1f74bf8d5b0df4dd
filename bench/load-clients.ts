/**
 * One client process of bench/load.ts (forked with IPC; not run by hand). It plays many people
 * at once — stock y-websocket clients, and for our server's rotation also a socket.io client each
 * — for three of the load scenarios (the typing scenario uses bench/cloth-latency-clients.ts).
 * Times are taken on the machine's shared clock, `performance.timeOrigin + performance.now()`
 * (epoch milliseconds with sub-millisecond steps), so the coordinator and every client process
 * agree on when something happened.
 *
 * Conversation with the coordinator (one request at a time, each answered once):
 *                   → hello                     once loaded and listening
 *   ← join {…}      → joined {JoinResult}       people join (ours: POST + Yjs sync; relay: Yjs sync) at given moments
 *   ← seat {…}      → seated                    rotation: people connect, sit and type a little
 *   ← switch {at?}  → switched {SwitchResult}   rotation: wait for the new seating (ours) or the moment (relay), move, sync
 *   ← flap {…}      → flapped {FlapResult}      people type while their connections drop and come back
 *   ← stop                                      destroys every client and exits
 * The process also exits when the coordinator goes away (IPC disconnect), so nothing lingers.
 */
import { performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import type WebSocket from 'ws'
import { connectYjs, type YjsClient } from '../tests/support/yjs-client.js'
import type { CafeState } from '../shared/cafe/types.js'
import type { JoinResponse } from '../shared/protocol/http.js'

/** The machine's clock in epoch ms, the same in every process. */
export const now = () => performance.timeOrigin + performance.now()

export interface JoinRequest {
  type: 'join'
  baseUrl: string
  /** Ours: every person joins over HTTP with this code, then opens the document they are given. */
  joinCode?: string
  people: Array<{ name: string; at: number; document?: string }>
  timeoutMs: number
}
export interface JoinResult {
  /** Per person, in the order asked: when their cloth was synced (shared clock; NaN: never). */
  syncedAt: number[]
  /** Ours only, per person: when the join's HTTP answer arrived (NaN: never). */
  answeredAt: number[]
  failures: string[]
}

export interface SeatRequest {
  type: 'seat'
  baseUrl: string
  /** Ours: the café to connect socket.io to (the participant's screen). */
  cafeId?: string
  people: Array<{ token?: string; personId?: string; document: string; next?: string }>
  /** Inserts each person types before the move, so the documents they move to hold something. */
  inserts: number
  timeoutMs: number
}
export interface SwitchRequest {
  type: 'switch'
  /** Relay: every person leaves for `next` at this moment (shared clock). Ours: on the new seating. */
  at?: number
  timeoutMs: number
}
export interface SwitchResult {
  /** Shared-clock moments each moving person's new document was synced. */
  syncedAt: number[]
  /** Shared-clock moments each moving person's screen received the new seating (ours). */
  seatingAt: number[]
  stayed: number
  failures: string[]
}

export interface FlapRequest {
  type: 'flap'
  baseUrl: string
  tables: Array<{ document: string; tokens: Array<string | undefined> }>
  seed: number
  durationMs: number
  gapMs: [number, number]
  onlineMs: [number, number]
  offlineMs: [number, number]
  settleMs: number
}
export interface FlapResult {
  /** Every marker typed, by document. */
  made: Record<string, string[]>
  /** Markers missing from at least one of that table's clients once everyone is back and settled. */
  missingInClients: string[]
  drops: number
  abrupt: number
  /** ms from the end of the flapping until every client at every table held every marker (NaN: never). */
  convergeMs: number
  /** Connections that the server closed (code ≥ 4000) rather than we: should be 0. */
  serverCloses: number[]
}

export type ToLoadClients = JoinRequest | SeatRequest | SwitchRequest | FlapRequest | { type: 'stop' }
export type FromLoadClients =
  | { type: 'hello' }
  | { type: 'joined'; result: JoinResult }
  | { type: 'seated' }
  | { type: 'switched'; result: SwitchResult }
  | { type: 'flapped'; result: FlapResult }
  | { type: 'error'; message: string }

/** mulberry32, as in bench/cloth-latency-clients.ts: a seeded schedule, the same on both sides. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const send = (message: FromLoadClients) => process.send?.(message)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
const between = (random: () => number, [min, max]: [number, number]) => min + random() * (max - min)

const clients = new Set<YjsClient>()
const sockets = new Set<Socket>()

function open(baseUrl: string, document: string, token: string | undefined): YjsClient {
  const client = connectYjs(baseUrl, document, token)
  clients.add(client)
  return client
}
function close(client: YjsClient): void {
  clients.delete(client)
  client.destroy()
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

// ---- join: people arrive at given moments -------------------------------------------------

async function join(msg: JoinRequest): Promise<JoinResult> {
  const syncedAt = msg.people.map(() => Number.NaN)
  const answeredAt = msg.people.map(() => Number.NaN)
  const failures: string[] = []
  await Promise.all(
    msg.people.map(async (person, i) => {
      await sleep(person.at - now())
      try {
        let document = person.document
        let token: string | undefined
        if (msg.joinCode !== undefined) {
          const res = await fetch(`${msg.baseUrl}/api/cafes/${msg.joinCode}/participants`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: person.name }),
          })
          if (res.status !== 201) throw new Error(`join answered ${res.status} ${await res.text()}`)
          const answer = (await res.json()) as JoinResponse
          answeredAt[i] = now()
          document = answer.document
          token = answer.token
        }
        if (document === undefined) throw new Error('no document to open')
        const client = open(msg.baseUrl, document, token)
        await withTimeout(client.synced, msg.timeoutMs, 'cloth not synced')
        syncedAt[i] = now()
      } catch (err) {
        failures.push(`${person.name}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }),
  )
  return { syncedAt, answeredAt, failures }
}

// ---- rotation: sit, type, then move to another table at once --------------------------------

interface Seated {
  client: YjsClient
  token?: string
  personId?: string
  document: string
  next?: string
  socket?: Socket
  /** Ours: the newest seating this person's screen has seen, with when it arrived. */
  latest?: { state: CafeState; at: number }
  onState?: () => void
}
let seated: Seated[] = []
let seatBaseUrl = ''

async function seat(msg: SeatRequest): Promise<void> {
  seatBaseUrl = msg.baseUrl
  seated = msg.people.map((p) => ({ ...p, client: open(msg.baseUrl, p.document, p.token) }))
  await withTimeout(Promise.all(seated.map((s) => s.client.synced)), msg.timeoutMs, 'seated clients did not sync')
  if (msg.cafeId !== undefined) {
    const cafeId = msg.cafeId
    await withTimeout(
      Promise.all(
        seated.map(
          (s) =>
            new Promise<void>((resolve, reject) => {
              const socket: Socket = io(msg.baseUrl, { auth: { token: s.token, cafeId }, transports: ['websocket'] })
              sockets.add(socket)
              s.socket = socket
              socket.on('cafe:state', (state: CafeState) => {
                if (s.latest && state.version < s.latest.state.version) return
                s.latest = { state, at: now() }
                s.onState?.()
              })
              socket.once('connect', () => resolve())
              socket.once('connect_error', reject)
            }),
        ),
      ),
      msg.timeoutMs,
      'café screens did not connect',
    )
  }
  for (let i = 0; i < msg.inserts; i++) {
    for (const s of seated) s.client.text.insert(s.client.text.length, `round one, ${s.personId ?? 'someone'} says ${i}; `)
    await sleep(50)
  }
}

async function switchTables(msg: SwitchRequest): Promise<SwitchResult> {
  const syncedAt: number[] = []
  const seatingAt: number[] = []
  const failures: string[] = []
  let stayed = 0
  const move = async (s: Seated, next: string) => {
    close(s.client)
    s.client = open(seatBaseUrl, next, s.token)
    s.document = next
    await withTimeout(s.client.synced, msg.timeoutMs, `${next} not synced`)
    syncedAt.push(now())
  }
  await Promise.all(
    seated.map(async (s) => {
      try {
        if (msg.at !== undefined) {
          // Relay: no café, no seating: everyone leaves for the next room at the same moment.
          await sleep(msg.at - now())
          await move(s, s.next!)
          return
        }
        // Ours: the participant's screen learns the new seating from `cafe:state`, then the cloth follows.
        const cafeId = s.document.split('/')[0]
        const newSeat = () => {
          const state = s.latest?.state
          if (!state || state.phase.kind !== 'running' || state.phase.round < 2) return undefined
          const table = state.seating[s.personId!]
          return table === undefined ? undefined : `${cafeId}/table/${table + 1}`
        }
        const next = await withTimeout(
          new Promise<string>((resolve) => {
            const check = () => {
              const n = newSeat()
              if (n !== undefined) resolve(n)
            }
            s.onState = check
            check()
          }),
          msg.timeoutMs,
          'new seating not received',
        )
        seatingAt.push(s.latest!.at)
        if (next === s.document) stayed++
        else await move(s, next)
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err))
      }
    }),
  )
  return { syncedAt, seatingAt, stayed, failures }
}

// ---- flap: type while connections drop and come back --------------------------------------

async function flap(msg: FlapRequest): Promise<FlapResult> {
  interface Flapper {
    client: YjsClient
    document: string
    random: () => number
    id: string
    serial: number
  }
  const made: Record<string, string[]> = {}
  const people: Flapper[] = []
  msg.tables.forEach((t) =>
    t.tokens.forEach((token) => {
      const index = people.length
      people.push({ client: open(msg.baseUrl, t.document, token), document: t.document, random: seeded(msg.seed * 7_919 + index), id: `p${msg.seed}x${index}`, serial: 0 })
    }),
  )
  await withTimeout(Promise.all(people.map((p) => p.client.synced)), 60_000, 'flapping clients did not sync')
  let drops = 0
  let abrupt = 0
  const serverCloses: number[] = []
  for (const p of people) {
    p.client.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code >= 4000) serverCloses.push(event.code)
    })
  }
  const end = now() + msg.durationMs
  const typing = people.map(async (p) => {
    await sleep(p.random() * msg.gapMs[1])
    while (now() < end) {
      // A marker nobody else types: found or not in the final text, whatever else is around it.
      const marker = `<${p.id}e${p.serial++}>`
      ;(made[p.document] ??= []).push(marker)
      // At a random boundary between markers (inside one would split it and hide it from the check).
      const text = p.client.text.toString()
      const boundaries = [0]
      for (let i = text.indexOf('>'); i !== -1; i = text.indexOf('>', i + 1)) boundaries.push(i + 1)
      p.client.text.insert(boundaries[Math.floor(p.random() * boundaries.length)]!, marker)
      await sleep(between(p.random, msg.gapMs))
    }
  })
  const dropping = people.map(async (p) => {
    while (true) {
      const online = between(p.random, msg.onlineMs)
      if (now() + online >= end) break
      await sleep(online)
      drops++
      const provider = p.client.provider
      // Stay away until we say so: the provider would otherwise reconnect within ~100 ms.
      provider.shouldConnect = false
      if (p.random() < 0.5) {
        // Abrupt: the laptop's Wi-Fi is gone (no close handshake; frames still queued are lost).
        abrupt++
        ;(provider.ws as unknown as WebSocket | null)?.terminate()
      } else {
        provider.disconnect()
      }
      await sleep(between(p.random, msg.offlineMs))
      provider.connect()
    }
  })
  await Promise.all([...typing, ...dropping])
  for (const p of people) if (!p.client.provider.shouldConnect) p.client.provider.connect()
  const stoppedAt = now()
  // Settled: every client of a table holds every marker typed at that table.
  const missing = () => {
    const markers = new Set<string>()
    for (const p of people) {
      const text = p.client.text.toString()
      for (const m of made[p.document] ?? []) if (!text.includes(m)) markers.add(m)
    }
    return [...markers]
  }
  let convergeMs = Number.NaN
  while (now() - stoppedAt < msg.settleMs) {
    if (missing().length === 0) {
      convergeMs = now() - stoppedAt
      break
    }
    await sleep(50)
  }
  return { made, missingInClients: missing(), drops, abrupt, convergeMs, serverCloses }
}

// ---- plumbing ------------------------------------------------------------------------------

function stop(code: number): never {
  for (const s of sockets) s.disconnect()
  for (const c of [...clients]) close(c)
  process.exit(code)
}

function fail(err: unknown): void {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  setTimeout(() => stop(1), 100)
}

if (process.send) {
  // Each stock WebsocketProvider adds a process 'exit' listener; hundreds are expected here.
  process.setMaxListeners(0)
  process.on('message', (msg: ToLoadClients) => {
    if (msg.type === 'join') join(msg).then((result) => send({ type: 'joined', result }), fail)
    else if (msg.type === 'seat') seat(msg).then(() => send({ type: 'seated' }), fail)
    else if (msg.type === 'switch') switchTables(msg).then((result) => send({ type: 'switched', result }), fail)
    else if (msg.type === 'flap') flap(msg).then((result) => send({ type: 'flapped', result }), fail)
    else if (msg.type === 'stop') stop(0)
  })
  process.on('disconnect', () => stop(0))
  process.on('uncaughtException', fail)
  process.on('unhandledRejection', fail)
  // Loaded and listening: a schedule may start now.
  send({ type: 'hello' })
}
