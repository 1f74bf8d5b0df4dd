/**
 * Load (issue 9): our server against a plain `@y/websocket-server` relay on the same workload,
 * in the same run, runs alternating (ours, relay, relay, ours, …: the order flips each run so that
 * neither side always meets the cooler machine), a fresh server or relay process for every run:
 *
 * 1. typing — 1,000 people at 200 tables (5 a table) typing for a minute at a human pace: edit-to-
 *    peer latency p50/p99, server memory per person, server CPU; for ours also the p99 of one
 *    durable store write, so that the issue's target can be checked;
 * 2. join — 500 people joining within 5 s: join time p50/p99;
 * 3. rotation — 200 people at 40 tables all moving to another table at once: time until all synced;
 * 4. flap — 100 people typing while their connections drop and come back at random for a minute:
 *    edits made and lost (must be 0).
 *
 * Clients are stock y-websocket providers (and socket.io clients for our rotation) spread over
 * forked client processes (bench/load-clients.ts; the typing scenario uses
 * bench/cloth-latency-clients.ts), whole tables per process, timing on the machine's shared clock.
 *
 * `npm run bench -- --only load` (≈25–35 min with the defaults) or `--quick` (≈2 min: smaller and
 * shorter, 1 run a side; a smoke test, not figures to quote). Every default can be changed with
 * an environment variable (see CONFIG below), e.g. BENCH_LOAD_RUNS=3 BENCH_LOAD_TYPING_S=30, and
 * BENCH_LOAD_SCENARIOS=typing,flap runs some scenarios only.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { startServer, type RunningServer } from '../tests/support/server.js'
import { createCafe, joinCafe } from '../tests/support/cafe.js'
import { connectCafe, type CafeClient } from '../tests/support/cafe-socket.js'
import { connectYjs } from '../tests/support/yjs-client.js'
import type { JoinResponse } from '../shared/protocol/http.js'
import type { BenchSection } from './bench-section.js'
import { onExitKill } from './child-processes.js'
import { ClientProcess, withTimeout } from './client-process.js'
import type { ClientsResult, ClientsSetup, FromClients, ToClients } from './cloth-latency-clients.js'
import type { FlapResult, FromLoadClients, JoinResult, SwitchResult, ToLoadClients } from './load-clients.js'
import { startPlainRelay, type PlainRelay } from './plain-relay.js'
import { fmt, median, percentile, ratio, spread } from './stats.js'
import { cpuTicks, findChildPid, machineBusyTicks, rssBytes } from './proc.js'
import { bucketDelta, gauge, histogramQuantile, scrape, storeBuckets } from './server-metrics.js'
import { knob, quick } from './knobs.js'

type Side = 'ours' | 'relay'
type Scenario = 'typing' | 'join' | 'rotation' | 'flap'


/** Every knob, its full default, its --quick default. */
const CONFIG = {
  runs: knob('BENCH_LOAD_RUNS', 5, 1),
  clientProcesses: knob('BENCH_LOAD_PROCESSES', 2, 2),
  perTable: 5,
  typingPeople: knob('BENCH_LOAD_TYPING_PEOPLE', 1000, 200),
  typingSeconds: knob('BENCH_LOAD_TYPING_S', 60, 10),
  typingGapMs: [1_000, 3_000] as [number, number],
  typingDrainMs: 30_000,
  joiners: knob('BENCH_LOAD_JOINERS', 500, 100),
  joinWindowMs: knob('BENCH_LOAD_JOIN_WINDOW_S', 5, 2) * 1000,
  rotating: knob('BENCH_LOAD_ROTATING', 200, 50),
  flappers: knob('BENCH_LOAD_FLAPPERS', 100, 20),
  flapSeconds: knob('BENCH_LOAD_FLAP_S', 60, 15),
  flapGapMs: [1_000, 3_000] as [number, number],
  flapOnlineMs: [2_000, 10_000] as [number, number],
  flapOfflineMs: [200, 5_000] as [number, number],
  flapSettleMs: 30_000,
  seed: 9_009,
}
const SCENARIOS: Scenario[] = (process.env.BENCH_LOAD_SCENARIOS?.split(',') ?? ['typing', 'join', 'rotation', 'flap']).filter(
  (s): s is Scenario => ['typing', 'join', 'rotation', 'flap'].includes(s),
)
const STORE_PROBE_WRITES = quick ? 300 : 2_000

// ---- what one run of each scenario yields -------------------------------------------------

interface TypingRun {
  p50: number
  p99: number
  receipts: number
  edits: number
  undelivered: number
  /** Server RSS at the end of the typing minus right after it started, per person (KiB). */
  rssPerPersonKiB: number
  idleRssMiB: number
  loadedRssMiB: number
  /** Server process CPU seconds over the typing window, and as a share of one core. */
  cpuSeconds: number
  cpuShare: number
  /** Ours: p99 of `tablecloth_store_seconds{operation="appendUpdate"}` over the typing window (ms). */
  storeP99: number
  storeCount: number
  /** Ours: the server's event-loop lag over the typing (prom-client's, reset at each scrape), p99 and max (ms). */
  serverLoopP99: number
  serverLoopMax: number
  clientCpu: number
  clientLoopP99: number
  otherCores: number
  disconnects: number
}
interface JoinRun {
  /** Ours: p99 of storing the café state (saveCafe, fsync included, one at a time per café; joins waiting their turn share one) and the server's event-loop lag p99, over the wave (ms). */
  saveP99: number
  serverLoopP99: number
  p50: number
  p99: number
  max: number
  httpP99: number
  failures: number
  spanMs: number
}
interface RotationRun {
  allSyncedMs: number
  p50: number
  p99: number
  moved: number
  stayed: number
  seatingAllMs: number
  failures: number
}
interface FlapRun {
  edits: number
  lost: number
  lostInClients: number
  lostAfterRestart: number
  drops: number
  abrupt: number
  convergeMs: number
  serverCloses: number
}
type RunOf = { typing: TypingRun; join: JoinRun; rotation: RotationRun; flap: FlapRun }

export async function run(): Promise<BenchSection> {
  const rows: BenchSection['rows'] = []
  const notes: string[] = []
  const probeBefore = SCENARIOS.includes('typing') ? probeDurableWrites(STORE_PROBE_WRITES) : []
  const results: { [S in Scenario]: Record<Side, Array<RunOf[S]>> } = {
    typing: { ours: [], relay: [] },
    join: { ours: [], relay: [] },
    rotation: { ours: [], relay: [] },
    flap: { ours: [], relay: [] },
  }
  for (const scenario of SCENARIOS) {
    for (let r = 0; r < CONFIG.runs; r++) {
      const order: Side[] = r % 2 === 0 ? ['ours', 'relay'] : ['relay', 'ours']
      for (const side of order) {
        process.stderr.write(`  load ${scenario}: run ${r + 1}/${CONFIG.runs}, ${side}… `)
        const started = Date.now()
        const result = await runOne(scenario, side, CONFIG.seed + r)
        ;(results[scenario][side] as unknown[]).push(result)
        process.stderr.write(`${describeRun(scenario, result)} (${Math.round((Date.now() - started) / 1000)} s)\n`)
      }
    }
  }
  const probeAfter = SCENARIOS.includes('typing') ? probeDurableWrites(STORE_PROBE_WRITES) : []

  function rowsOf<S extends Scenario>(scenario: S, label: string, measures: Array<[string, (r: RunOf[S]) => number, boolean?]>) {
    for (const [measure, f, noRatio] of measures) {
      const ours = (results[scenario].ours as Array<RunOf[S]>).map(f)
      const relay = (results[scenario].relay as Array<RunOf[S]>).map(f)
      rows.push({
        scenario: label,
        measure,
        ours: spread(ours),
        relay: spread(relay),
        'ours/relay': noRatio || ours.length === 0 || relay.length === 0 ? '' : ratio(median(ours), median(relay)),
      })
    }
  }

  if (SCENARIOS.includes('typing')) {
    const label = `${CONFIG.typingPeople} typing`
    rowsOf('typing', label, [
      ['edit-to-peer p50 (ms)', (r) => r.p50],
      ['edit-to-peer p99 (ms)', (r) => r.p99],
      ['server memory per person (KiB RSS)', (r) => r.rssPerPersonKiB],
      ['server RSS idle → loaded (MiB)', (r) => r.loadedRssMiB, true],
      [`server CPU over the ${CONFIG.typingSeconds} s (CPU s)`, (r) => r.cpuSeconds],
      ['server CPU (% of one core)', (r) => r.cpuShare * 100],
      ['edits typed', (r) => r.edits, true],
      ['receipts timed (edit × table-mate)', (r) => r.receipts, true],
      ['receipts undelivered', (r) => r.undelivered, true],
      ['connections closed during the typing', (r) => r.disconnects, true],
      ['busiest client process CPU (% of one core)', (r) => r.clientCpu * 100, true],
      ['busiest client process event-loop lag p99 (ms)', (r) => r.clientLoopP99, true],
      ['everything else on the machine (% of one core)', (r) => r.otherCores * 100, true],
    ])
    const oursStore = results.typing.ours.map((r) => r.storeP99)
    rows.push({ scenario: label, measure: 'ours: one durable write p99, in the server under this load (ms)', ours: spread(oursStore), relay: '', 'ours/relay': '' })
    rows.push({ scenario: label, measure: 'ours: durable writes in the typing window', ours: spread(results.typing.ours.map((r) => r.storeCount)), relay: '', 'ours/relay': '' })
    rows.push({
      scenario: label,
      // prom-client samples the loop every 10 ms and counts the whole interval: an idle loop reads ≈10.
      measure: 'ours: server event-loop lag p99 / max in the typing window (ms; an idle loop reads ≈10)',
      ours: `${spread(results.typing.ours.map((r) => r.serverLoopP99))} / ${spread(results.typing.ours.map((r) => r.serverLoopMax))}`,
      relay: '',
      'ours/relay': '',
    })
    const probe = [...probeBefore, ...probeAfter]
    const probeP99 = percentile(probe, 99)
    rows.push({ scenario: label, measure: `one durable write p99, bare SQLite probe, ${probe.length} writes (ms)`, ours: fmt(probeP99), relay: '', 'ours/relay': '' })
    const oursP99 = median(results.typing.ours.map((r) => r.p99))
    const relayP99 = median(results.typing.relay.map((r) => r.p99))
    const storeP99 = median(oursStore)
    for (const [what, write] of [
      ['in the server', storeP99],
      ['bare probe', probeP99],
    ] as const) {
      const bound = relayP99 + write
      const met = oursP99 <= bound
      rows.push({
        scenario: label,
        measure: `target (write p99 ${what}): ours p99 ≤ relay p99 + write p99 = ${fmt(relayP99)} + ${fmt(write)} = ${fmt(bound)} ms`,
        ours: fmt(oursP99),
        relay: fmt(bound),
        'ours/relay': met ? 'MET' : 'NOT MET',
      })
      notes.push(
        `target with the durable write's p99 ${what}: ${met ? 'met' : 'NOT met'} — our median p99 ${fmt(oursP99)} ms vs the relay's ${fmt(relayP99)} ms + ${fmt(write)} ms = ${fmt(bound)} ms`,
      )
    }
  }
  if (SCENARIOS.includes('join')) {
    rowsOf('join', `${CONFIG.joiners} joining in ${CONFIG.joinWindowMs / 1000} s`, [
      ['join time p50 (ms)', (r) => r.p50],
      ['join time p99 (ms)', (r) => r.p99],
      ['join time max (ms)', (r) => r.max],
      ['ours: HTTP join answered, p99 (ms)', (r) => r.httpP99, true],
      ['ours: storing the café state (saveCafe; joins waiting their turn share one) p99 (ms)', (r) => r.saveP99, true],
      ['ours: server event-loop lag p99 over the wave (ms)', (r) => r.serverLoopP99, true],
      ['first arrival → last synced (ms)', (r) => r.spanMs],
      ['failed joins', (r) => r.failures, true],
    ])
  }
  if (SCENARIOS.includes('rotation')) {
    rowsOf('rotation', `${CONFIG.rotating} moving at once`, [
      ['until all synced at their new table (ms)', (r) => r.allSyncedMs],
      ['per person p50 (ms)', (r) => r.p50],
      ['per person p99 (ms)', (r) => r.p99],
      ['ours: until every screen had the new seating (ms)', (r) => r.seatingAllMs, true],
      ['people who moved', (r) => r.moved, true],
      ['people whose table stayed the same', (r) => r.stayed, true],
      ['failures', (r) => r.failures, true],
    ])
  }
  if (SCENARIOS.includes('flap')) {
    rowsOf('flap', `${CONFIG.flappers} dropping for ${CONFIG.flapSeconds} s`, [
      ['edits made', (r) => r.edits, true],
      ['edits lost (must be 0)', (r) => r.lost, true],
      ['drops (half abrupt, half clean close)', (r) => r.drops, true],
      ['from the end of the flapping until every client has every edit (ms)', (r) => r.convergeMs],
      ['closes by the server (code ≥ 4000)', (r) => r.serverCloses, true],
    ])
    const lost = [...results.flap.ours, ...results.flap.relay].reduce((a, r) => a + r.lost, 0)
    notes.push(`flap: ${lost === 0 ? 'no edit lost on either side' : `${lost} edit(s) LOST`} (edits made: ours ${sum(results.flap.ours.map((r) => r.edits))}, relay ${sum(results.flap.relay.map((r) => r.edits))})`)
  }

  const relayVersion = (createRequire(import.meta.url)('@y/websocket-server/package.json') as { version: string }).version
  return {
    title: 'Load: a hall of people (ours with auth + durable store / plain @y/websocket-server)',
    rows,
    notes: [
      ...notes,
      `cells: median (min–max) over ${CONFIG.runs} run(s) per side; ours/relay is the ratio of the medians; runs alternate ours/relay with the order flipped each run, a fresh server or relay process (and data folder) every run, loopback only`,
      `ours: the real server process (tests/support/server.ts: node --import tsx server/main.ts, LOG_LEVEL=warn), a café per run, people joined over HTTP with their own participant tokens; every Yjs update is INSERTed and committed to SQLite (WAL, synchronous=FULL) before it is relayed. relay: @y/websocket-server ${relayVersion} (node src/server.js, no YPERSISTENCE: memory only, no auth), one room per table`,
      `clients: stock y-websocket WebsocketProvider (ws) in ${CONFIG.clientProcesses} forked client processes, whole tables per process; times on the machine's shared clock (performance.timeOrigin + performance.now() in every process)`,
      `typing: ${CONFIG.typingPeople} people at ${CONFIG.typingPeople / CONFIG.perTable} tables, each inserting a word at the end of their table's text every ${CONFIG.typingGapMs[0] / 1000}–${CONFIG.typingGapMs[1] / 1000} s (uniform, seeded: the same schedule on both sides of a run) for ${CONFIG.typingSeconds} s (bench/cloth-latency-clients.ts); edit-to-peer = from the writer's insert to each of its ${CONFIG.perTable - 1} table-mates' clients applying it (one sample per edit × table-mate, undelivered ones counted at the time waited, up to ${CONFIG.typingDrainMs / 1000} s). Memory: server RSS (/proc/<pid>/status VmRSS) at the end of the typing minus its RSS right after start, / people. CPU: utime+stime of the server process (/proc/<pid>/stat) over exactly the typing window. Durable write in the server: histogram_quantile(0.99) of the tablecloth_store_seconds{operation="appendUpdate"} buckets the run added (from /metrics before and after the typing; linear within a bucket; the call includes waiting for its group commit and the fsync); bare probe: better-sqlite3 INSERTs back to back (WAL + synchronous=FULL) in ${tmpdir()}, before and after all runs`,
      `join: ${CONFIG.joiners} people arriving evenly over ${CONFIG.joinWindowMs / 1000} s. ours: from the moment a person starts to POST /api/cafes/<code>/participants (seated 5 a table at ${CONFIG.joiners / CONFIG.perTable} tables by the server) until the Yjs sync of the cloth they were given is complete (the café screen's socket.io connection is not part of it); relay: from the moment they open a WebSocket to their table's room until its sync is complete`,
      `rotation: ${CONFIG.rotating} people at ${CONFIG.rotating / CONFIG.perTable} tables, each having typed 3 short lines, all move at once. ours: the people also hold their café screen (socket.io); the facilitator ends round 1, plans the rotation (the real planner) and applies it: time from sending apply-rotation until every moved person's client, having received the new seating in cafe:state, dropped its old cloth and finished the Yjs sync of the new one (includes storing the café state, the broadcast to every screen and the new connections' auth). relay: no café, no seating: at one moment every client drops its room and opens another (5 from each table to 5 different tables); time from that moment until all are synced. The relay's figure has no command, storage or broadcast in it: it is what moving the WebSockets alone costs`,
      `flap: ${CONFIG.flappers} people at ${CONFIG.flappers / CONFIG.perTable} tables typing a unique marker at a random place every ${CONFIG.flapGapMs[0] / 1000}–${CONFIG.flapGapMs[1] / 1000} s for ${CONFIG.flapSeconds} s; each is online ${CONFIG.flapOnlineMs[0] / 1000}–${CONFIG.flapOnlineMs[1] / 1000} s, then drops (half the time abruptly: socket terminated, no close handshake, frames in flight lost; else a clean close) and stays away ${CONFIG.flapOfflineMs[0] / 1000}–${CONFIG.flapOfflineMs[1] / 1000} s, typing on while offline. Lost = markers typed that are missing from any of: every client of that table once all are back (waited up to ${CONFIG.flapSettleMs / 1000} s), a fresh client opening the document afterwards, and for ours a fresh client after the server was stopped (SIGTERM) and started again on the same data folder`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; server, relay and all client processes share it`,
    ],
  }
}

function describeRun(scenario: Scenario, r: RunOf[Scenario]): string {
  if (scenario === 'typing') {
    const t = r as TypingRun
    return `p50 ${fmt(t.p50)} ms, p99 ${fmt(t.p99)} ms, ${fmt(t.rssPerPersonKiB)} KiB/person, CPU ${fmt(t.cpuSeconds)} s, store p99 ${fmt(t.storeP99)} ms, server loop lag p99 ${fmt(t.serverLoopP99)} ms max ${fmt(t.serverLoopMax)} ms, others ${Math.round(t.otherCores * 100)}%`
  }
  if (scenario === 'join') {
    const j = r as JoinRun
    return `p50 ${fmt(j.p50)} ms, p99 ${fmt(j.p99)} ms, ${j.failures} failed, saveCafe p99 ${fmt(j.saveP99)} ms, server loop lag p99 ${fmt(j.serverLoopP99)} ms`
  }
  if (scenario === 'rotation') {
    const o = r as RotationRun
    return `all synced in ${fmt(o.allSyncedMs)} ms (${o.moved} moved, ${o.stayed} stayed, ${o.failures} failed)`
  }
  const f = r as FlapRun
  return `${f.edits} edits, ${f.lost} lost, ${f.drops} drops, converged in ${fmt(f.convergeMs)} ms`
}

// ---- one run: a fresh server or relay -------------------------------------------------------

interface Target {
  side: Side
  url: string
  pid: number | undefined
  server?: RunningServer
  relay?: PlainRelay
}

async function runOne<S extends Scenario>(scenario: S, side: Side, seed: number): Promise<RunOf[S]> {
  let target: Target
  let unregister = () => {}
  if (side === 'ours') {
    const server = await startServer()
    unregister = onExitKill(() => void server.stop('SIGKILL'))
    target = { side, url: server.url, pid: findChildPid((cmd) => cmd.includes(join('server', 'main.ts'))), server }
  } else {
    const relay = await startPlainRelay()
    target = { side, url: relay.url, pid: findChildPid((cmd) => cmd.includes('websocket-server')), relay }
  }
  try {
    const f = { typing, join: joinWave, rotation, flap }[scenario] as (t: Target, seed: number) => Promise<RunOf[S]>
    return await f(target, seed)
  } catch (err) {
    const output = target.server ? `\nserver output:\n${target.server.output().slice(-4000)}` : ''
    throw new Error(`${scenario}/${side}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}${output}`, { cause: err })
  } finally {
    if (target.server) {
      await target.server.stop()
      unregister()
      rmSync(target.server.dataDir, { recursive: true, force: true })
    }
    await target.relay?.stop()
  }
}

/** Our café with `people` joined over HTTP (5 a table), grouped by the document they were given. */
async function seatedCafe(url: string, people: number) {
  const tables = people / CONFIG.perTable
  const cafe = await createCafe(url, { tables })
  const joined: JoinResponse[] = []
  let next = 0
  // A few joins at a time: setting up, not what is measured.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < people) {
        const i = ++next
        joined.push(await joinCafe(url, cafe.joinCode, `Person ${i}`))
      }
    }),
  )
  const byDocument = new Map<string, JoinResponse[]>()
  for (const p of joined) byDocument.set(p.document, [...(byDocument.get(p.document) ?? []), p])
  if (byDocument.size !== tables || [...byDocument.values()].some((ps) => ps.length !== CONFIG.perTable)) {
    throw new Error(`expected ${CONFIG.perTable} people at each of ${tables} tables`)
  }
  const ordered = [...byDocument.entries()].sort(([a], [b]) => tableNumber(a) - tableNumber(b))
  return { cafe, tables: ordered.map(([document, ps]) => ({ document, people: ps })) }
}
const tableNumber = (document: string) => Number(document.split('/').pop())

/** Whole tables per client process. */
function split<T>(tables: T[]): T[][] {
  const n = Math.min(CONFIG.clientProcesses, tables.length)
  const share = Math.ceil(tables.length / n)
  return Array.from({ length: n }, (_, i) => tables.slice(i * share, (i + 1) * share)).filter((part) => part.length > 0)
}

// ---- 1. typing ------------------------------------------------------------------------------

async function typing(target: Target, seed: number): Promise<TypingRun> {
  const people = CONFIG.typingPeople
  await sleep(1_000)
  const idleRss = rssBytes(target.pid)
  let tables: Array<{ document: string; tokens: Array<string | undefined> }>
  if (target.side === 'ours') {
    const cafe = await seatedCafe(target.url, people)
    tables = cafe.tables.map((t) => ({ document: t.document, tokens: t.people.map((p) => p.token) }))
  } else {
    tables = Array.from({ length: people / CONFIG.perTable }, (_, t) => ({
      document: `bench/table/${t + 1}`,
      tokens: new Array<undefined>(CONFIG.perTable).fill(undefined),
    }))
  }
  const workers = split(tables).map(() => new ClientProcess<ToClients, FromClients>('cloth-latency-clients.ts'))
  try {
    const durationMs = CONFIG.typingSeconds * 1000
    await Promise.all(
      split(tables).map((part, i) =>
        workers[i]!.request(
          {
            type: 'setup',
            baseUrl: target.url,
            tables: part,
            seed: seed * 31 + i,
            durationMs,
            drainMs: CONFIG.typingDrainMs,
            gapMs: CONFIG.typingGapMs,
          } satisfies ClientsSetup,
          'ready',
          180_000,
        ),
      ),
    )
    const metricsBefore = target.side === 'ours' ? await scrape(target.url) : undefined
    const cpuBefore = cpuTicks(target.pid)
    const machineBefore = machineBusyTicks()
    const started = performance.now()
    const done = Promise.all(workers.map((w) => w.request({ type: 'go' }, 'done', durationMs + CONFIG.typingDrainMs + 60_000)))
    // The window is the typing itself: measured on our own timer, whatever the drain takes after.
    await sleep(durationMs)
    const elapsed = performance.now() - started
    const cpuAfter = cpuTicks(target.pid)
    const machineAfter = machineBusyTicks()
    const loadedRss = rssBytes(target.pid)
    const metricsAfter = target.side === 'ours' ? await scrape(target.url) : undefined
    const results = (await done).map((m) => (m as Extract<FromClients, { type: 'done' }>).result)
    const cpuSeconds = cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / 100 : Number.NaN
    const clientsCores = results.reduce((a, r) => a + r.cpuShare, 0)
    const machineCores = machineBefore !== undefined && machineAfter !== undefined ? (machineAfter - machineBefore) / 100 / (elapsed / 1000) : Number.NaN
    const store = metricsBefore && metricsAfter ? bucketDelta(storeBuckets(metricsBefore), storeBuckets(metricsAfter)) : undefined
    const latencies = results.flatMap((r: ClientsResult) => r.latenciesMs)
    return {
      p50: median(latencies),
      p99: percentile(latencies, 99),
      receipts: latencies.length,
      edits: sum(results.map((r) => r.edits)),
      undelivered: sum(results.map((r) => r.undelivered)),
      rssPerPersonKiB: (loadedRss - idleRss) / 1024 / people,
      idleRssMiB: idleRss / 2 ** 20,
      loadedRssMiB: loadedRss / 2 ** 20,
      cpuSeconds,
      cpuShare: cpuSeconds / (elapsed / 1000),
      storeP99: store ? histogramQuantile(0.99, store) * 1000 : Number.NaN,
      storeCount: store ? (store.at(-1)?.count ?? 0) : 0,
      serverLoopP99: metricsAfter ? gauge(metricsAfter, 'tablecloth_nodejs_eventloop_lag_p99_seconds') * 1000 : Number.NaN,
      serverLoopMax: metricsAfter ? gauge(metricsAfter, 'tablecloth_nodejs_eventloop_lag_max_seconds') * 1000 : Number.NaN,
      clientCpu: Math.max(...results.map((r) => r.cpuShare)),
      clientLoopP99: Math.max(...results.map((r) => r.loopDelayP99Ms)),
      // The clients' share is over typing + drain; close enough when the drain is short.
      otherCores: Math.max(0, machineCores - cpuSeconds / (elapsed / 1000) - clientsCores),
      disconnects: sum(results.map((r) => r.disconnects)),
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()))
  }
}

// ---- 2. join --------------------------------------------------------------------------------

async function joinWave(target: Target): Promise<JoinRun> {
  const n = CONFIG.joiners
  const tables = n / CONFIG.perTable
  const joinCode = target.side === 'ours' ? (await createCafe(target.url, { tables })).joinCode : undefined
  const workers = Array.from({ length: CONFIG.clientProcesses }, () => new ClientProcess<ToLoadClients, FromLoadClients>('load-clients.ts'))
  try {
    await Promise.all(workers.map((w) => w.ready()))
    const metricsBefore = joinCode === undefined ? undefined : await scrape(target.url)
    const first = now() + 500
    const people = Array.from({ length: n }, (_, i) => ({
      name: `Joiner ${i + 1}`,
      at: first + (i * CONFIG.joinWindowMs) / n,
      ...(joinCode === undefined ? { document: `bench/join/${(i % tables) + 1}` } : {}),
    }))
    // Round robin: each process has arrivals all through the window.
    const parts = workers.map((_, w) => people.filter((_, i) => i % workers.length === w))
    const results = (
      await Promise.all(
        parts.map((part, i) =>
          workers[i]!.request({ type: 'join', baseUrl: target.url, joinCode, people: part, timeoutMs: 60_000 }, 'joined', 180_000),
        ),
      )
    ).map((m) => (m as Extract<FromLoadClients, { type: 'joined' }>).result)
    // A failed join counts as never: the percentiles take it as the slowest.
    const never = (t: number) => (Number.isFinite(t) ? t : Number.POSITIVE_INFINITY)
    const joinMs = results.flatMap((r: JoinResult, w) => r.syncedAt.map((t, i) => never(t) - parts[w]![i]!.at))
    const httpMs = results.flatMap((r: JoinResult, w) => r.answeredAt.map((t, i) => never(t) - parts[w]![i]!.at))
    const failures = results.flatMap((r) => r.failures)
    if (failures.length > 0) process.stderr.write(`\n    join failures: ${failures.slice(0, 5).join('; ')}\n`)
    const metricsAfter = metricsBefore === undefined ? undefined : await scrape(target.url)
    return {
      saveP99:
        metricsBefore && metricsAfter
          ? histogramQuantile(0.99, bucketDelta(storeBuckets(metricsBefore, 'saveCafe'), storeBuckets(metricsAfter, 'saveCafe'))) * 1000
          : Number.NaN,
      serverLoopP99: metricsAfter ? gauge(metricsAfter, 'tablecloth_nodejs_eventloop_lag_p99_seconds') * 1000 : Number.NaN,
      p50: percentile(joinMs, 50),
      p99: percentile(joinMs, 99),
      max: Math.max(...joinMs),
      httpP99: joinCode === undefined ? Number.NaN : percentile(httpMs, 99),
      failures: failures.length,
      spanMs: Math.max(...results.flatMap((r) => r.syncedAt.map(never))) - first,
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()))
  }
}

// ---- 3. rotation ----------------------------------------------------------------------------

async function rotation(target: Target, seed: number): Promise<RotationRun> {
  const n = CONFIG.rotating
  const tableCount = n / CONFIG.perTable
  let facilitator: CafeClient | undefined
  let cafeId: string | undefined
  let tables: Array<Array<{ token?: string; personId?: string; document: string; next?: string }>>
  if (target.side === 'ours') {
    const seatedAt = await seatedCafe(target.url, n)
    cafeId = seatedAt.cafe.cafeId
    facilitator = await connectCafe(target.url, cafeId, seatedAt.cafe.facilitatorToken)
    await command(facilitator, { type: 'start' })
    tables = seatedAt.tables.map((t) => t.people.map((p) => ({ token: p.token, personId: p.participantId, document: p.document })))
  } else {
    // 5 from each table to 5 different tables; each table receives 5.
    const room = (t: number) => `bench/rotation/${(t % tableCount) + 1}`
    tables = Array.from({ length: tableCount }, (_, t) =>
      Array.from({ length: CONFIG.perTable }, (_, k) => ({ personId: `t${t}p${k}`, document: room(t), next: room(t + 1 + k) })),
    )
  }
  const parts = split(tables)
  const workers = parts.map(() => new ClientProcess<ToLoadClients, FromLoadClients>('load-clients.ts'))
  try {
    await Promise.all(
      parts.map((part, i) =>
        workers[i]!.request({ type: 'seat', baseUrl: target.url, cafeId, people: part.flat(), inserts: 3, timeoutMs: 60_000 }, 'seated', 120_000),
      ),
    )
    let t0: number
    let switched: Promise<FromLoadClients[]>
    if (facilitator) {
      await command(facilitator, { type: 'end-round' })
      await command(facilitator, { type: 'plan-rotation', seed })
      // Let the typed lines and the 'rotating' state settle, as they would while the plan is shown.
      await sleep(1_000)
      switched = Promise.all(workers.map((w) => w.request({ type: 'switch', timeoutMs: 60_000 }, 'switched', 120_000)))
      await sleep(300)
      t0 = now()
      await command(facilitator, { type: 'apply-rotation' })
    } else {
      await sleep(1_000)
      t0 = now() + 300
      switched = Promise.all(workers.map((w) => w.request({ type: 'switch', at: t0, timeoutMs: 60_000 }, 'switched', 120_000)))
    }
    const results = (await switched).map((m) => (m as Extract<FromLoadClients, { type: 'switched' }>).result)
    const syncedAt = results.flatMap((r: SwitchResult) => r.syncedAt)
    const failures = sum(results.map((r) => r.failures.length))
    if (failures > 0) process.stderr.write(`\n    rotation failures: ${results.flatMap((r) => r.failures).slice(0, 5).join('; ')}\n`)
    const perPerson = syncedAt.map((t) => t - t0)
    const seatingAt = results.flatMap((r) => r.seatingAt)
    return {
      allSyncedMs: failures > 0 ? Number.POSITIVE_INFINITY : Math.max(...perPerson),
      p50: median(perPerson),
      p99: percentile(perPerson, 99),
      moved: syncedAt.length,
      stayed: sum(results.map((r) => r.stayed)),
      seatingAllMs: seatingAt.length > 0 ? Math.max(...seatingAt) - t0 : Number.NaN,
      failures,
    }
  } finally {
    facilitator?.close()
    await Promise.all(workers.map((w) => w.stop()))
  }
}

async function command(client: CafeClient, cmd: Parameters<CafeClient['command']>[0]): Promise<void> {
  const r = await client.command(cmd)
  if (!r.ok) throw new Error(`${cmd.type} refused: ${r.code} ${r.message}`)
}

// ---- 4. flap --------------------------------------------------------------------------------

async function flap(target: Target, seed: number): Promise<FlapRun> {
  const n = CONFIG.flappers
  let tables: Array<{ document: string; tokens: Array<string | undefined> }>
  let readerToken: string | undefined
  if (target.side === 'ours') {
    const { cafe, tables: seatedTables } = await seatedCafe(target.url, n)
    const facilitator = await connectCafe(target.url, cafe.cafeId, cafe.facilitatorToken)
    await command(facilitator, { type: 'start' })
    facilitator.close()
    readerToken = cafe.facilitatorToken
    tables = seatedTables.map((t) => ({ document: t.document, tokens: t.people.map((p) => p.token) }))
  } else {
    tables = Array.from({ length: n / CONFIG.perTable }, (_, t) => ({ document: `bench/flap/${t + 1}`, tokens: new Array<undefined>(CONFIG.perTable).fill(undefined) }))
  }
  const parts = split(tables)
  const workers = parts.map(() => new ClientProcess<ToLoadClients, FromLoadClients>('load-clients.ts'))
  const made = new Map<string, string[]>()
  /** Markers a fresh client opening each document does not find. */
  const missingIn = async (url: string) => {
    const missing = new Set<string>()
    for (const [document, markers] of made) {
      const reader = connectYjs(url, document, readerToken)
      try {
        await withTimeout(reader.synced, 20_000, `fresh reader of ${document} did not sync`)
        const text = reader.text.toString()
        for (const m of markers) if (!text.includes(m)) missing.add(m)
      } finally {
        reader.destroy()
      }
    }
    return missing
  }
  let results: FlapResult[]
  const lost = new Set<string>()
  try {
    results = (
      await Promise.all(
        parts.map((part, i) =>
          workers[i]!.request(
            {
              type: 'flap',
              baseUrl: target.url,
              tables: part,
              seed: seed * 13 + i,
              durationMs: CONFIG.flapSeconds * 1000,
              gapMs: CONFIG.flapGapMs,
              onlineMs: CONFIG.flapOnlineMs,
              offlineMs: CONFIG.flapOfflineMs,
              settleMs: CONFIG.flapSettleMs,
            },
            'flapped',
            CONFIG.flapSeconds * 1000 + CONFIG.flapSettleMs + 120_000,
          ),
        ),
      )
    ).map((m) => (m as Extract<FromLoadClients, { type: 'flapped' }>).result)
    for (const r of results) for (const [doc, markers] of Object.entries(r.made)) made.set(doc, [...(made.get(doc) ?? []), ...markers])
    for (const r of results) for (const m of r.missingInClients) lost.add(m)
    // While the people are still there: the relay forgets a room once its last client leaves.
    for (const m of await missingIn(target.url)) lost.add(m)
  } finally {
    await Promise.all(workers.map((w) => w.stop()))
  }
  let lostAfterRestart = 0
  if (target.server) {
    // Stored, not only held in memory: stop the server, start it again, read every cloth afresh.
    await target.server.stop()
    await target.server.restart()
    for (const m of await missingIn(target.url)) {
      lostAfterRestart++
      lost.add(m)
    }
  }
  return {
    edits: sum([...made.values()].map((m) => m.length)),
    lost: lost.size,
    lostInClients: new Set(results.flatMap((r) => r.missingInClients)).size,
    lostAfterRestart,
    drops: sum(results.map((r) => r.drops)),
    abrupt: sum(results.map((r) => r.abrupt)),
    convergeMs: Math.max(...results.map((r) => r.convergeMs)),
    serverCloses: sum(results.map((r) => r.serverCloses.length)),
  }
}

/** Back-to-back single-row commits shaped like our store's appends (WAL, synchronous=FULL). */
function probeDurableWrites(count: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'tablecloth-load-probe-'))
  const db = new Database(join(dir, 'probe.db'))
  const samples: number[] = []
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE document_updates (id INTEGER PRIMARY KEY AUTOINCREMENT, document TEXT NOT NULL, data BLOB NOT NULL)')
    const insert = db.prepare('INSERT INTO document_updates (document, data) VALUES (?, ?)')
    const bytes = Buffer.alloc(40, 1)
    for (let i = 0; i < count; i++) {
      const start = performance.now()
      insert.run(`probe/table/${(i % 200) + 1}`, bytes)
      samples.push(performance.now() - start)
    }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return samples
}

// ---- small things ---------------------------------------------------------------------------

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
const sum = (values: number[]) => values.reduce((a, v) => a + v, 0)

