/**
 * Cluster (issue 10): three server processes (PostgreSQL store, Redis between them) against one
 * process on the same PostgreSQL, on the same typing workload, at 1,000 and 3,000 people.
 *
 * People sit 5 a table in cafés of 200 (a conference's parallel cafés). On the three-process side
 * each table's five are connected to different processes (person j of table t to process
 * (t + j) mod 3), so most of a writer's table-mates are on another process and their copy of the
 * edit crossed Redis: we time every receipt and split them by same process / other process, so
 * the Redis hop's added latency is read off one run. Clients connect to the processes directly
 * (nginx, which an operator puts in front, adds its own hop to both sides alike).
 *
 * Runs alternate (one, three, three, one, …), every run on a fresh database (and a fresh Redis).
 * `npm run bench -- --only cluster` (≈20–30 min with the defaults) or `--quick` (a smoke run).
 * Knobs: BENCH_CLUSTER_RUNS, BENCH_CLUSTER_PEOPLE=1000,3000, BENCH_CLUSTER_TYPING_S,
 * BENCH_CLUSTER_CLIENTS (client processes).
 */
import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'
import { rmSync } from 'node:fs'
import { startServer, type RunningServer } from '../tests/support/server.js'
import { startPostgres, type PostgresCluster } from '../tests/support/postgres.js'
import { startRedis, type RunningRedis } from '../tests/support/redis.js'
import { createCafe, joinCafe } from '../tests/support/cafe.js'
import type { JoinResponse } from '../shared/protocol/http.js'
import type { BenchSection } from './bench-section.js'
import { onExitKill } from './child-processes.js'
import { ClientProcess } from './client-process.js'
import type { ClientsResult, ClientsSetup, FromClients, ToClients } from './cloth-latency-clients.js'
import { cpuTicks, machineBusyTicks, rssBytes } from './proc.js'
import { bucketDelta, gauge, histogramQuantile, scrape, storeBuckets } from './server-metrics.js'
import { fmt, median, percentile, ratio, spread } from './stats.js'
import { knob, quick } from './knobs.js'

type Side = 'one' | 'three'

const CONFIG = {
  runs: knob('BENCH_CLUSTER_RUNS', 3, 1),
  scales: (process.env.BENCH_CLUSTER_PEOPLE ?? (quick ? '200' : '1000,3000')).split(',').map(Number).filter((n) => n > 0),
  typingSeconds: knob('BENCH_CLUSTER_TYPING_S', 60, 10),
  clientProcesses: knob('BENCH_CLUSTER_CLIENTS', 2, 2),
  processes: 3,
  perTable: 5,
  cafePeople: 200,
  gapMs: [1_000, 3_000] as [number, number],
  drainMs: 30_000,
  seed: 10_010,
}

interface Run {
  p50: number
  p99: number
  /** Three processes only: receipts whose writer and reader were on the same / another process. */
  sameP50: number
  sameP99: number
  crossP50: number
  crossP99: number
  receipts: number
  undelivered: number
  disconnects: number
  /** All server processes together: CPU seconds over the typing, and RSS growth per person (KiB). */
  cpuSeconds: number
  rssPerPersonKiB: number
  /** The slowest process's: store append p99 and event-loop lag p99 (ms). */
  storeP99: number
  loopP99: number
  /** Machine busy over the typing, in cores (server processes, PostgreSQL, Redis and the clients). */
  machineCores: number
}

export async function run(): Promise<BenchSection> {
  const pg = await startPostgres()
  const unregisterPg = onExitKill(() => void pg.stop())
  const results = new Map<string, Run[]>()
  try {
    for (const people of CONFIG.scales) {
      for (let r = 0; r < CONFIG.runs; r++) {
        const order: Side[] = r % 2 === 0 ? ['one', 'three'] : ['three', 'one']
        for (const side of order) {
          process.stderr.write(`  cluster ${people} typing: run ${r + 1}/${CONFIG.runs}, ${side === 'one' ? '1 process' : '3 processes'}… `)
          const started = Date.now()
          const result = await runOne(pg, side, people, CONFIG.seed + r)
          results.set(`${people}/${side}`, [...(results.get(`${people}/${side}`) ?? []), result])
          process.stderr.write(
            `p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms${side === 'three' ? ` (other process p50 ${fmt(result.crossP50)}, same ${fmt(result.sameP50)})` : ''}, undelivered ${result.undelivered} (${Math.round((Date.now() - started) / 1000)} s)\n`,
          )
        }
      }
    }
  } finally {
    await pg.stop()
    unregisterPg()
  }

  const rows: BenchSection['rows'] = []
  const notes: string[] = []
  for (const people of CONFIG.scales) {
    const one = results.get(`${people}/one`) ?? []
    const three = results.get(`${people}/three`) ?? []
    const label = `${people} typing`
    const measures: Array<[string, (r: Run) => number, boolean?]> = [
      ['edit-to-peer p50 (ms)', (r) => r.p50],
      ['edit-to-peer p99 (ms)', (r) => r.p99],
      ['server processes: CPU over the typing (CPU s, all together)', (r) => r.cpuSeconds],
      ['server processes: memory per person (KiB RSS, all together)', (r) => r.rssPerPersonKiB],
      ['store append p99, slowest process (ms)', (r) => r.storeP99],
      ['server event-loop lag p99, slowest process (ms)', (r) => r.loopP99],
      ['machine busy over the typing (cores of 2)', (r) => r.machineCores, true],
      ['receipts timed', (r) => r.receipts, true],
      ['receipts undelivered', (r) => r.undelivered, true],
      ['connections closed during the typing', (r) => r.disconnects, true],
    ]
    for (const [measure, f, noRatio] of measures) {
      const a = one.map(f)
      const b = three.map(f)
      rows.push({ scale: label, measure, '1 process': spread(a), '3 processes': spread(b), '3/1': noRatio ? '' : ratio(median(b), median(a)) })
    }
    rows.push({ scale: label, measure: 'same process: edit-to-peer p50 / p99 (ms)', '1 process': '', '3 processes': `${spread(three.map((r) => r.sameP50))} / ${spread(three.map((r) => r.sameP99))}`, '3/1': '' })
    rows.push({ scale: label, measure: 'other process (through Redis): p50 / p99 (ms)', '1 process': '', '3 processes': `${spread(three.map((r) => r.crossP50))} / ${spread(three.map((r) => r.crossP99))}`, '3/1': '' })
    const hopP50 = median(three.map((r) => r.crossP50 - r.sameP50))
    const hopP99 = median(three.map((r) => r.crossP99 - r.sameP99))
    rows.push({ scale: label, measure: 'added by the Redis hop: other − same process, p50 / p99 (ms)', '1 process': '', '3 processes': `${fmt(hopP50)} / ${fmt(hopP99)}`, '3/1': '' })
    notes.push(`${label}: the Redis hop adds ${fmt(hopP50)} ms at the median and ${fmt(hopP99)} ms at p99 (median over runs of other-process minus same-process receipts in the same run)`)
  }
  return {
    title: 'Cluster: 3 server processes (PostgreSQL + Redis) / 1 process (PostgreSQL), same typing workload',
    rows,
    notes: [
      ...notes,
      `cells: median (min–max) over ${CONFIG.runs} run(s) per side; 3/1 is the ratio of the medians; runs alternate with the order flipped each run; a fresh database (and Redis) and fresh server processes every run; loopback only`,
      `workload: people 5 a table in cafés of ${CONFIG.cafePeople}, joined over HTTP (spread over the processes), each inserting a word at the end of their table's text every ${CONFIG.gapMs[0] / 1000}–${CONFIG.gapMs[1] / 1000} s (seeded, the same schedule on both sides) for ${CONFIG.typingSeconds} s; edit-to-peer from the writer's insert to each table-mate's client applying it (bench/cloth-latency-clients.ts, ${CONFIG.clientProcesses} client processes, whole tables per process so each latency is on one clock); undelivered receipts count at the time waited (up to ${CONFIG.drainMs / 1000} s)`,
      `three processes: TABLECLOTH_DATABASE_URL (one throwaway PostgreSQL, tests/support/postgres.ts, fsync on) + TABLECLOTH_REDIS_URL (a throwaway redis-server, no persistence); person j of table t connects to process (t + j) mod 3, so a writer has table-mates on their own and on the other processes. One process: the same PostgreSQL, no Redis`,
      `every process stores each update in PostgreSQL before relaying it (and, in the cluster, before publishing it to the others); CPU from /proc/<pid>/stat of the server processes only (PostgreSQL and Redis are in "machine busy"); the slowest process's figures from its /metrics`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; every process — servers, PostgreSQL, Redis and clients — shares its cores, so three processes here compete for the same two cores: the figures show the cost of the cluster's path, not the capacity a larger machine gains`,
    ],
  }
}

async function runOne(pg: PostgresCluster, side: Side, people: number, seed: number): Promise<Run> {
  const database = await pg.createDatabase()
  let redis: RunningRedis | undefined
  const servers: RunningServer[] = []
  const unregister: Array<() => void> = []
  try {
    if (side === 'three') {
      redis = await startRedis()
      unregister.push(onExitKill(() => void redis?.stop()))
    }
    const count = side === 'three' ? CONFIG.processes : 1
    servers.push(
      ...(await Promise.all(
        Array.from({ length: count }, (_, i) =>
          startServer({
            env: {
              TABLECLOTH_DATABASE_URL: database,
              ...(redis ? { TABLECLOTH_REDIS_URL: redis.url, TABLECLOTH_NODE: `node${i + 1}` } : {}),
            },
          }),
        ),
      )),
    )
    for (const s of servers) unregister.push(onExitKill(() => void s.stop('SIGKILL')))
    return await typing(servers, people, seed)
  } catch (err) {
    const output = servers.map((s, i) => `server ${i + 1}:\n${s.output().slice(-3000)}`).join('\n')
    throw new Error(`cluster ${people}/${side}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n${output}`, { cause: err })
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
    for (const s of servers) rmSync(s.dataDir, { recursive: true, force: true })
    await redis?.stop()
    for (const u of unregister) u()
  }
}

/** Every café's tables with their people's tokens and, per person, the process they connect to. */
async function seat(servers: RunningServer[], people: number) {
  const tables: ClientsSetup['tables'] = []
  for (let c = 0; c * CONFIG.cafePeople < people; c++) {
    const size = Math.min(CONFIG.cafePeople, people - c * CONFIG.cafePeople)
    const cafe = await createCafe(servers[c % servers.length]!.url, { tables: size / CONFIG.perTable })
    const joined: JoinResponse[] = []
    let next = 0
    // A few joins at a time, through every process: setting up, not what is measured.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < size) {
          const i = next++
          joined.push(await joinCafe(servers[i % servers.length]!.url, cafe.joinCode, `Person ${c}-${i}`))
        }
      }),
    )
    const byDocument = new Map<string, JoinResponse[]>()
    for (const p of joined) byDocument.set(p.document, [...(byDocument.get(p.document) ?? []), p])
    for (const [document, ps] of byDocument) {
      const t = tables.length
      tables.push({ document, tokens: ps.map((p) => p.token), urls: ps.map((_, j) => servers[(t + j) % servers.length]!.url) })
    }
  }
  return tables
}

async function typing(servers: RunningServer[], people: number, seed: number): Promise<Run> {
  const pids = servers.map((s) => s.pid())
  const idleRss = pids.reduce<number>((a, pid) => a + rssBytes(pid), 0)
  const tables = await seat(servers, people)
  const n = Math.min(CONFIG.clientProcesses, tables.length)
  const share = Math.ceil(tables.length / n)
  const parts = Array.from({ length: n }, (_, i) => tables.slice(i * share, (i + 1) * share)).filter((p) => p.length > 0)
  const workers = parts.map(() => new ClientProcess<ToClients, FromClients>('cloth-latency-clients.ts'))
  const durationMs = CONFIG.typingSeconds * 1000
  try {
    await Promise.all(
      parts.map((part, i) =>
        workers[i]!.request(
          { type: 'setup', baseUrl: servers[0]!.url, tables: part, seed: seed * 31 + i, durationMs, drainMs: CONFIG.drainMs, gapMs: CONFIG.gapMs } satisfies ClientsSetup,
          'ready',
          300_000,
        ),
      ),
    )
    const before = await Promise.all(servers.map((s) => scrape(s.url)))
    const cpuBefore = pids.map((pid) => cpuTicks(pid) ?? Number.NaN)
    const machineBefore = machineBusyTicks() ?? Number.NaN
    const started = performance.now()
    const done = Promise.all(workers.map((w) => w.request({ type: 'go' }, 'done', durationMs + CONFIG.drainMs + 60_000)))
    await new Promise((resolve) => setTimeout(resolve, durationMs))
    const elapsed = performance.now() - started
    const cpuAfter = pids.map((pid) => cpuTicks(pid) ?? Number.NaN)
    const machineAfter = machineBusyTicks() ?? Number.NaN
    const loadedRss = pids.reduce<number>((a, pid) => a + rssBytes(pid), 0)
    const after = await Promise.all(servers.map((s) => scrape(s.url)))
    const results = (await done).map((m) => (m as Extract<FromClients, { type: 'done' }>).result)
    const all = results.flatMap((r: ClientsResult) => r.latenciesMs)
    const same = results.flatMap((r) => r.sameLatenciesMs)
    const cross = results.flatMap((r) => r.crossLatenciesMs)
    const storeP99s = before.map((b, i) => histogramQuantile(0.99, bucketDelta(storeBuckets(b), storeBuckets(after[i]!))) * 1000)
    return {
      p50: median(all),
      p99: percentile(all, 99),
      sameP50: median(same),
      sameP99: percentile(same, 99),
      crossP50: median(cross),
      crossP99: percentile(cross, 99),
      receipts: all.length,
      undelivered: results.reduce((a, r) => a + r.undelivered, 0),
      disconnects: results.reduce((a, r) => a + r.disconnects, 0),
      cpuSeconds: cpuAfter.reduce((a, t, i) => a + (t - cpuBefore[i]!), 0) / 100,
      rssPerPersonKiB: (loadedRss - idleRss) / 1024 / people,
      storeP99: Math.max(...storeP99s.filter((v) => Number.isFinite(v))),
      loopP99: Math.max(...after.map((text) => gauge(text, 'tablecloth_nodejs_eventloop_lag_p99_seconds') * 1000)),
      machineCores: (machineAfter - machineBefore) / 100 / (elapsed / 1000),
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()))
  }
}
