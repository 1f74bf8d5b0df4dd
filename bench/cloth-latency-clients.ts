/**
 * One client process of bench/cloth-latency.ts (forked with IPC; not run by hand). It holds
 * whole tables — every person of a table is a stock y-websocket client in THIS process — so a
 * writer's insert and its table-mates' receipt are timed on one clock (`performance.now()`).
 *
 * Conversation with the coordinator:
 *   ← setup {baseUrl, tables, seed, durationMs, drainMs}   → ready {connectMs}
 *   ← go                                                   → done {ClientsResult}
 *   ← stop                                                 (destroys every client and exits)
 * The process also exits when the coordinator goes away (IPC disconnect), so nothing lingers.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { connectYjs, type YjsClient } from '../tests/support/yjs-client.js'

export interface ClientsSetup {
  type: 'setup'
  baseUrl: string
  /**
   * Each table's document and one token per person (undefined: the plain relay, no auth); `urls`,
   * one per person, connects people to different server processes (the cluster bench), else all
   * use `baseUrl`.
   */
  tables: Array<{ document: string; tokens: Array<string | undefined>; urls?: string[] }>
  seed: number
  /** How long people type. */
  durationMs: number
  /** How long to wait afterwards for edits still on their way; undelivered ones are counted. */
  drainMs: number
  /** Gap between one person's inserts: uniform in [min, max] ms. */
  gapMs: [number, number]
}

export interface ClientsResult {
  /** ms from a writer's insert until one other person at the table saw it; one per (edit, reader). */
  latenciesMs: number[]
  /**
   * With `urls`: the same receipts split by whether the writer and the reader were connected to
   * the same url (process) or to different ones (the cluster's cross-process path); else empty.
   */
  sameLatenciesMs: number[]
  crossLatenciesMs: number[]
  edits: number
  /** Receipts expected (edits × other people at the table) and those that never came. */
  expected: number
  undelivered: number
  /** process.cpuUsage() over the typing + drain window, as a share of one core (1 = 100%). */
  cpuShare: number
  windowMs: number
  /** Event-loop lag of this process over the window (ms): how late it could notice an incoming frame. */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** Connections that closed (and would reconnect) during the window: should be 0. */
  disconnects: number
}

export type ToClients = ClientsSetup | { type: 'go' } | { type: 'stop' }
export type FromClients =
  | { type: 'ready'; connectMs: number }
  | { type: 'done'; result: ClientsResult }
  | { type: 'error'; message: string }

const WORDS = ['idea', 'market', 'funding', 'we could', 'partners', 'law', 'homeowners', 'energy', 'advice', 'pilot']
const CONNECT_BATCH = 50
const LOOP_TICK_MS = 1
const SYNC_TIMEOUT_MS = 60_000

/** mulberry32: a tiny seeded generator, so both sides of a run type exactly the same schedule. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Person {
  client: YjsClient
  url: string
  table: number
  random: () => number
}

/** An edit on its way: when it was made, and how many table-mates have yet to see it. */
interface Pending {
  at: number
  url: string
  remaining: number
}

const send = (message: FromClients) => process.send?.(message)

let people: Person[] = []

async function setup(msg: ClientsSetup): Promise<void> {
  // Each stock WebsocketProvider adds a process 'exit' listener; hundreds are expected here.
  process.setMaxListeners(0)
  const started = performance.now()
  const all: Array<{ document: string; token: string | undefined; table: number; url: string }> = []
  msg.tables.forEach((t, table) => t.tokens.forEach((token, i) => all.push({ document: t.document, token, table, url: t.urls?.[i] ?? msg.baseUrl })))
  for (let i = 0; i < all.length; i += CONNECT_BATCH) {
    const batch = all.slice(i, i + CONNECT_BATCH).map(({ document, token, table, url }) => {
      const client = connectYjs(url, document, token)
      const person: Person = { client, url, table, random: seeded(msg.seed * 100_003 + people.length) }
      people.push(person)
      return client.synced
    })
    await withTimeout(Promise.all(batch), SYNC_TIMEOUT_MS, `clients ${i}–${i + batch.length} did not sync`)
  }
  send({ type: 'ready', connectMs: performance.now() - started })
}

async function go(msg: ClientsSetup): Promise<ClientsResult> {
  const latenciesMs: number[] = []
  const sameLatenciesMs: number[] = []
  const crossLatenciesMs: number[] = []
  const split = msg.tables.some((t) => t.urls !== undefined)
  const pending = new Map<string, Pending>()
  const tableSize = new Map<number, number>()
  for (const p of people) tableSize.set(p.table, (tableSize.get(p.table) ?? 0) + 1)
  let edits = 0
  let expected = 0
  let disconnects = 0
  let drained: (() => void) | undefined

  for (const p of people) {
    p.client.text.observe((event) => {
      if (event.transaction.local) return
      const now = performance.now()
      // Items this transaction added (a remote insert keeps its writer's (client, clock) id).
      // Y.Text events leave `changes.added` empty, so walk the text: a few dozen items per run.
      for (let item = p.client.text._start; item !== null; item = item.right) {
        if (item.deleted || !event.adds(item)) continue
        const key = `${item.id.client}:${item.id.clock}`
        const edit = pending.get(key)
        if (!edit) continue
        latenciesMs.push(now - edit.at)
        if (split) (edit.url === p.url ? sameLatenciesMs : crossLatenciesMs).push(now - edit.at)
        if (--edit.remaining === 0) {
          pending.delete(key)
          if (pending.size === 0) drained?.()
        }
      }
    })
    p.client.provider.on('connection-close', () => disconnects++)
  }

  const loop = monitorEventLoopDelay({ resolution: LOOP_TICK_MS })
  loop.enable()
  const cpuBefore = process.cpuUsage()
  const start = performance.now()
  const end = start + msg.durationMs
  const timers = new Set<NodeJS.Timeout>()
  const [minGap, maxGap] = msg.gapMs

  const type = (p: Person) => {
    const text = p.client.text
    const doc = p.client.doc
    const word = WORDS[Math.floor(p.random() * WORDS.length)]!
    const others = (tableSize.get(p.table) ?? 1) - 1
    // The insert creates one item whose id is (clientID, the doc's next clock): what peers receive.
    const key = `${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`
    if (others > 0) {
      pending.set(key, { at: performance.now(), url: p.url, remaining: others })
      expected += others
    }
    edits++
    text.insert(text.length, `${word} `)
  }
  const schedule = (p: Person, delay: number) => {
    if (performance.now() + delay >= end) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      type(p)
      schedule(p, minGap + p.random() * (maxGap - minGap))
    }, delay)
    timers.add(timer)
  }
  // The first insert anywhere in the first max gap, so that people do not all type at once.
  for (const p of people) schedule(p, p.random() * maxGap)

  await new Promise((resolve) => setTimeout(resolve, msg.durationMs))
  for (const t of timers) clearTimeout(t)
  if (pending.size > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, msg.drainMs)
      drained = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
  const stoppedAt = performance.now()
  const cpu = process.cpuUsage(cpuBefore)
  loop.disable()
  // An edit that never arrived counts at least as long as we waited for it: a lower bound, never dropped.
  let undelivered = 0
  for (const edit of pending.values()) {
    for (let i = 0; i < edit.remaining; i++) latenciesMs.push(stoppedAt - edit.at)
    undelivered += edit.remaining
  }
  const windowMs = stoppedAt - start
  return {
    latenciesMs,
    sameLatenciesMs,
    crossLatenciesMs,
    edits,
    expected,
    undelivered,
    cpuShare: (cpu.user + cpu.system) / 1000 / windowMs,
    windowMs,
    // The histogram holds tick-to-tick times: subtract the tick to get how late the loop was.
    loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_TICK_MS),
    loopDelayMaxMs: Math.max(0, loop.max / 1e6 - LOOP_TICK_MS),
    disconnects,
  }
}

function stop(code: number): never {
  for (const p of people) p.client.destroy()
  people = []
  process.exit(code)
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function fail(err: unknown): void {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  // Let the message leave before exiting.
  setTimeout(() => stop(1), 100)
}

if (process.send) {
  let config: ClientsSetup | undefined
  process.on('message', (msg: ToClients) => {
    if (msg.type === 'setup') {
      config = msg
      setup(msg).catch(fail)
    } else if (msg.type === 'go') {
      if (!config) return fail(new Error('go before setup'))
      go(config).then((result) => send({ type: 'done', result }), fail)
    } else if (msg.type === 'stop') {
      stop(0)
    }
  })
  // The coordinator died or hung up: nobody will ever stop us otherwise.
  process.on('disconnect', () => stop(0))
  process.on('uncaughtException', fail)
  process.on('unhandledRejection', fail)
}
