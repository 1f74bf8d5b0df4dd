/**
 * Yjs relay: our endpoint (store every update with an fsync, then relay) against the plain
 * `@y/websocket-server` relay (memory only), one writer and N readers, stock y-websocket
 * clients. Runs alternate between the two sides so that the machine's noise hits both alike.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createRequire } from 'node:module'
import Database from 'better-sqlite3'
import { startServer } from '../tests/support/server.js'
import { createCafe, joinCafe } from '../tests/support/cafe.js'
import type { BenchSection } from './bench-section.js'
import { onExitKill } from './child-processes.js'
import { startPlainRelay } from './plain-relay.js'
import { runScenario, type ScenarioOptions, type ScenarioResult, type ScenarioTarget } from './relay-scenario.js'
import { fmt, median, percentile, ratio } from './stats.js'

type Side = 'ours' | 'baseline'

const quick = process.env.BENCH_QUICK === '1'
const READER_COUNTS = [1, 20]
const RUNS = quick ? 1 : 3
const OPTIONS: ScenarioOptions = quick
  ? { warmupEdits: 5, latencyEdits: 30, throughputSeconds: 1, window: 16 }
  : { warmupEdits: 20, latencyEdits: 200, throughputSeconds: 5, window: 16 }

export async function run(): Promise<BenchSection> {
  const rows: BenchSection['rows'] = []
  const probeBefore = probeDurableInsert()
  for (const readers of READER_COUNTS) {
    const runs: Record<Side, ScenarioResult[]> = { ours: [], baseline: [] }
    for (let r = 0; r < RUNS; r++) {
      // Alternate who goes first too, so neither side always runs on a cooler machine.
      const order: Side[] = r % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours']
      for (const side of order) {
        process.stderr.write(`  relay: ${readers} reader(s), run ${r + 1}/${RUNS}, ${side}…\n`)
        runs[side].push(side === 'ours' ? await runOurs(readers) : await runBaseline(readers))
      }
    }
    rows.push(...rowsFor(readers, runs))
  }
  const probeAfter = probeDurableInsert()
  const relayVersion = (createRequire(import.meta.url)('@y/websocket-server/package.json') as { version: string }).version
  return {
    title: 'Yjs relay: one writer, N readers (ours / plain @y/websocket-server)',
    rows,
    notes: [
      `ours: the real server process (tests/support/server.ts), a café with one table, writer and readers joined over HTTP as participants; every update is INSERTed into SQLite (WAL, synchronous=FULL) before it is relayed`,
      `baseline: @y/websocket-server ${relayVersion} (node src/server.js, no YPERSISTENCE: memory only, relays at once)`,
      `clients: stock y-websocket WebsocketProvider (ws), all in the bench process; the writer inserts "edit <n>; " (~10 characters) at the start of the text (appending would make every doc re-slice one ever-longer merged string per edit: a Yjs cost that grows with the document, not the relay's)`,
      `latency: one edit at a time, from the writer's insert until every reader has it; ${OPTIONS.latencyEdits} edits per run after ${OPTIONS.warmupEdits} warm-up edits, pooled over ${RUNS} run(s) per side`,
      `throughput: ${OPTIONS.window} edits in flight for ${OPTIONS.throughputSeconds} s; an edit counts in the second every reader has it; the first window includes the ramp-up`,
      `runs alternate ours/baseline (order flipped each run), fresh server process and data folder each run, loopback only`,
      `with 20 readers every edit is decoded 21 times in the one bench process: there the plain relay idles (~30% of a core when we checked) while the clients are busy, so the baseline's edits/s at N=20 measures the clients more than the relay and that ratio understates the gap`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; server, relay and all clients share it`,
      `the disk (${tmpdir()}, where each run's data folder lives): a bare SQLite INSERT with WAL + synchronous=FULL took median ${fmt(probeBefore.median)} ms / p95 ${fmt(probeBefore.p95)} ms before the runs and ${fmt(probeAfter.median)} / ${fmt(probeAfter.p95)} ms after (the floor under our latency)`,
    ],
  }
}

async function runOurs(readers: number): Promise<ScenarioResult> {
  const server = await startServer()
  const unregister = onExitKill(() => void server.stop('SIGKILL'))
  try {
    const cafe = await createCafe(server.url, { tables: 1 })
    const writer = await joinCafe(server.url, cafe.joinCode, 'Writer')
    const seated = []
    for (let i = 1; i <= readers; i++) seated.push(await joinCafe(server.url, cafe.joinCode, `Reader ${i}`))
    if (seated.some((p) => p.document !== writer.document)) throw new Error('readers were not seated at the writer’s table')
    const target: ScenarioTarget = {
      baseUrl: server.url,
      document: writer.document,
      writerToken: writer.token,
      readerTokens: seated.map((p) => p.token),
    }
    return await runScenario(target, OPTIONS)
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver output:\n${server.output()}`, { cause: err })
  } finally {
    await server.stop()
    unregister()
    rmSync(server.dataDir, { recursive: true, force: true })
  }
}

async function runBaseline(readers: number): Promise<ScenarioResult> {
  const relay = await startPlainRelay()
  try {
    const target: ScenarioTarget = {
      baseUrl: relay.url,
      document: 'bench/table/1',
      readerTokens: new Array<undefined>(readers).fill(undefined),
    }
    return await runScenario(target, OPTIONS)
  } finally {
    await relay.stop()
  }
}

function rowsFor(readers: number, runs: Record<Side, ScenarioResult[]>): BenchSection['rows'] {
  const pooled = (side: Side, pick: (r: ScenarioResult) => number[]) => runs[side].flatMap(pick)
  const perRun = (side: Side, f: (r: ScenarioResult) => number) => runs[side].map((r) => fmt(f(r))).join(' / ')
  const meanRate = (r: ScenarioResult) => r.perSecond.reduce((a, b) => a + b, 0) / r.perSecond.length
  const row = (measure: string, f: (side: Side) => number) => ({
    readers,
    measure,
    ours: fmt(f('ours')),
    baseline: fmt(f('baseline')),
    'ours/baseline': ratio(f('ours'), f('baseline')),
  })
  const lat = (side: Side) => pooled(side, (r) => r.latenciesMs)
  const sec = (side: Side) => pooled(side, (r) => r.perSecond)
  return [
    row('latency median (ms)', (s) => median(lat(s))),
    row('latency p95 (ms)', (s) => percentile(lat(s), 95)),
    {
      readers,
      measure: 'latency median per run (ms)',
      ours: perRun('ours', (r) => median(r.latenciesMs)),
      baseline: perRun('baseline', (r) => median(r.latenciesMs)),
      'ours/baseline': '',
    },
    row('edits/s median (1-s windows)', (s) => median(sec(s))),
    row('edits/s slowest 1-s window', (s) => Math.min(...sec(s))),
    {
      readers,
      measure: 'edits/s per run (mean)',
      ours: perRun('ours', meanRate),
      baseline: perRun('baseline', meanRate),
      'ours/baseline': '',
    },
  ]
}

/**
 * What one durable SQLite commit (WAL, synchronous=FULL, a small INSERT) costs on this disk right
 * now: the floor under our latency. Virtual disks vary by the minute, hence before and after.
 */
function probeDurableInsert(): { median: number; p95: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tablecloth-probe-'))
  const db = new Database(join(dir, 'probe.db'))
  const samples: number[] = []
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE updates (id INTEGER PRIMARY KEY, data BLOB NOT NULL)')
    const insert = db.prepare('INSERT INTO updates (data) VALUES (?)')
    const bytes = Buffer.alloc(30, 1)
    for (let i = 0; i < 200; i++) {
      const start = performance.now()
      insert.run(bytes)
      samples.push(performance.now() - start)
    }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { median: median(samples), p95: percentile(samples, 95) }
}
