/**
 * Round clock (issues 3 and 5): do all screens in the hall show the same remaining time, and how
 * soon does every participant's screen hear of a facilitator's pause, resume, extension, end of
 * round or rotation?
 *
 * 1. Screens agree: the real server process, a café of 8 tables, 40 participants and the
 *    facilitator connected over socket.io. Each simulated device runs on its own clock, off by a
 *    random skew (uniform ±10 minutes), and estimates its offset to the server exactly as the web
 *    app's CafeConnection does (3 `time:sync` round trips, `estimateOffset`). After `start`, at
 *    several instants, every screen computes what it would display,
 *    `remainingMs(phase, deviceNow + offset)`; the spread (max − min over the 41 screens) is
 *    reported against a naive countdown on the same skewed devices (`endsAt − deviceNow`).
 * 2. Commands reach every screen: the facilitator sends pause, resume, extend(+1), end-round,
 *    plan-rotation and apply-rotation in turn; each is timed from its emit until the last of the
 *    40 participants has the `cafe:state` of the version the ack names. Baseline: a plain
 *    socket.io server in this process that, when one client emits, broadcasts a payload of the
 *    same size (our own states, replayed) to 40 clients: no storage, no auth, no café logic.
 *    Runs alternate ours/baseline, order flipped each run.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus } from 'node:os'
import { performance } from 'node:perf_hooks'
import { rmSync } from 'node:fs'
import { Server } from 'socket.io'
import { io, type Socket } from 'socket.io-client'
import { startServer } from '../tests/support/server.js'
import { createCafe, joinCafe } from '../tests/support/cafe.js'
import { connectCafe, type CafeClient } from '../tests/support/cafe-socket.js'
import { estimateOffset, type ClockSample } from '../shared/cafe/clock.js'
import { remainingMs } from '../shared/cafe/cafe-queries.js'
import type { CafeState } from '../shared/cafe/types.js'
import type { ClientCommand } from '../shared/protocol/commands.js'
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol/socket.js'
import type { BenchSection } from './bench-section.js'
import { onExitKill } from './child-processes.js'
import { fmt, median, percentile, ratio } from './stats.js'
import { createRng } from '../shared/cafe/seeded-random.js'

type Side = 'ours' | 'baseline'
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const quick = process.env.BENCH_QUICK === '1'
const TABLES = 8
const PARTICIPANTS = 40
const MAX_SKEW_MS = 10 * 60_000
const SAMPLES = quick ? 5 : 20
const SAMPLE_GAP_MS = 100
const RUNS = quick ? 1 : 3
const WARMUP_COMMANDS = 4 // pause/resume pairs, not counted
const COMMANDS = quick ? 12 : 30
const COMMAND_GAP_MS = 100 // a facilitator does not click 30 times a second
const REACH_TIMEOUT_MS = 10_000
const TARGET_MS = 1000
// Enough rounds for every apply-rotation of the measured cycles (one round per 6 commands).
const QUESTIONS = Array.from({ length: Math.ceil(COMMANDS / 6) + 2 }, (_, i) => `Question for round ${i + 1}?`)

type Kind = 'pause' | 'resume' | 'extend +1' | 'end-round' | 'plan-rotation' | 'apply-rotation'
const KINDS: Kind[] = ['pause', 'resume', 'extend +1', 'end-round', 'plan-rotation', 'apply-rotation']

function commandFor(kind: Kind, cycle: number): ClientCommand {
  switch (kind) {
    case 'pause':
      return { type: 'pause' }
    case 'resume':
      return { type: 'resume' }
    case 'extend +1':
      return { type: 'extend', minutes: 1 }
    case 'end-round':
      return { type: 'end-round' }
    case 'plan-rotation':
      return { type: 'plan-rotation', seed: 1000 + cycle }
    case 'apply-rotation':
      return { type: 'apply-rotation' }
  }
}

/** Warm-up (pause/resume), then the measured commands cycling through KINDS. */
function commandPlan(): Array<{ kind: Kind; command: ClientCommand; measured: boolean }> {
  const plan: Array<{ kind: Kind; command: ClientCommand; measured: boolean }> = []
  for (let i = 0; i < WARMUP_COMMANDS; i++) {
    const kind: Kind = i % 2 === 0 ? 'pause' : 'resume'
    plan.push({ kind, command: commandFor(kind, 0), measured: false })
  }
  for (let i = 0; i < COMMANDS; i++) {
    const kind = KINDS[i % KINDS.length]!
    plan.push({ kind, command: commandFor(kind, Math.floor(i / KINDS.length)), measured: true })
  }
  return plan
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One screen's view of `cafe:state`: when (bench clock, ms) each version arrived. */
class Screen {
  latest: CafeState | undefined
  private readonly arrivals = new Map<number, number>()
  private readonly listeners = new Set<() => void>()

  constructor(socket: ClientSocket) {
    socket.on('cafe:state', (state) => {
      const at = performance.now()
      if (!this.arrivals.has(state.version)) this.arrivals.set(state.version, at)
      if (!this.latest || state.version >= this.latest.version) this.latest = state
      for (const l of [...this.listeners]) l()
    })
  }

  get version(): number {
    return this.latest?.version ?? -1
  }

  /** When this screen first held version `v` or later. */
  reachedAt(v: number): number | undefined {
    let first: number | undefined
    for (const [version, at] of this.arrivals) if (version >= v && (first === undefined || at < first)) first = at
    return first
  }

  onState(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/** Resolves once every screen holds version `v` or later. */
function allReach(screens: Screen[], v: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const unsubscribes: Array<() => void> = []
    const done = () => {
      clearTimeout(timer)
      for (const u of unsubscribes) u()
    }
    const check = () => {
      if (screens.every((s) => s.version >= v)) {
        done()
        resolve()
      }
    }
    const timer = setTimeout(() => {
      done()
      const behind = screens.filter((s) => s.version < v).length
      reject(new Error(`${behind} of ${screens.length} screens did not get version ${v} (${what}) within ${REACH_TIMEOUT_MS} ms`))
    }, REACH_TIMEOUT_MS)
    for (const s of screens) unsubscribes.push(s.onState(check))
    check()
  })
}

/** What each command cost: emit → ack, and emit → the last of the 40 participants has it. */
interface CommandTiming {
  kind: Kind
  ackMs: number
  reachMs: number
}

/** Sends the plan's commands one at a time from `send`, timing each against `screens`. */
async function timeCommands(
  send: (command: ClientCommand) => Promise<{ ok: true; value: { version: number } } | { ok: false; code: string; message: string }>,
  screens: Screen[],
  onApplied?: (version: number) => void,
): Promise<CommandTiming[]> {
  const timings: CommandTiming[] = []
  for (const step of commandPlan()) {
    const start = performance.now()
    const reply = await send(step.command)
    const acked = performance.now()
    if (!reply.ok) throw new Error(`${step.kind} was refused: ${reply.code} ${reply.message}`)
    const v = reply.value.version
    await allReach(screens, v, step.kind)
    const last = Math.max(...screens.map((s) => s.reachedAt(v)!))
    onApplied?.(v)
    if (step.measured) timings.push({ kind: step.kind, ackMs: acked - start, reachMs: last - start })
    await sleep(COMMAND_GAP_MS)
  }
  return timings
}

/** A simulated device: its own clock, off by `skew`, and the offset it estimated to the server. */
interface Device {
  skew: number
  now: () => number
  offset: number
  /** Round trip of the sample the estimate used (the shortest of three). */
  bestRttMs: number
}

/** Exactly the web app's CafeConnection.syncClock, on the device's skewed clock. */
async function syncClock(socket: ClientSocket, skew: number): Promise<Device> {
  const now = () => Date.now() + skew
  const samples: ClockSample[] = []
  for (let i = 0; i < 3; i++) {
    const sent = now()
    const reply = await socket
      .timeout(5000)
      .emitWithAck('time:sync', { clientTime: sent })
      .catch(() => undefined)
    if (reply?.ok) samples.push({ sent, serverTime: reply.value.serverTime, received: now() })
  }
  const offset = estimateOffset(samples)
  if (offset === undefined) throw new Error('no time:sync round trip succeeded')
  const bestRttMs = Math.min(...samples.map((s) => s.received - s.sent))
  return { skew, now, offset, bestRttMs }
}

interface ClockResult {
  /** Per sampling instant: max − min of the displayed remaining time over all screens. */
  spreadMs: number[]
  naiveSpreadMs: number[]
  /** Per screen: |estimated offset − true offset| (true offset = −skew: same machine). */
  offsetErrorMs: number[]
  bestRttMs: number[]
}

interface OursResult {
  clock: ClockResult
  commands: CommandTiming[]
  /** The café states the participants received, in command order: the baseline replays them. */
  states: CafeState[]
}

async function runOurs(seed: number): Promise<OursResult> {
  const server = await startServer()
  const unregister = onExitKill(() => void server.stop('SIGKILL'))
  const clients: CafeClient[] = []
  try {
    const cafe = await createCafe(server.url, { tables: TABLES, questions: QUESTIONS, roundMinutes: 20 })
    const people = []
    for (let i = 1; i <= PARTICIPANTS; i++) people.push(await joinCafe(server.url, cafe.joinCode, `Participant ${i}`))
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    clients.push(facilitator)
    for (const p of people) clients.push(await connectCafe(server.url, cafe.cafeId, p.token))
    const screens = clients.map((c) => new Screen(c.socket))
    const participantScreens = screens.slice(1)

    // Every device syncs at once, as a hall of laptops does when the page opens.
    const random = createRng(seed).next
    const devices = await Promise.all(clients.map((c) => syncClock(c.socket, (random() * 2 - 1) * MAX_SKEW_MS)))

    const started = await facilitator.command({ type: 'start' })
    if (!started.ok) throw new Error(`start was refused: ${started.code}`)
    await allReach(screens, started.value.version, 'start')

    const clock: ClockResult = {
      spreadMs: [],
      naiveSpreadMs: [],
      offsetErrorMs: devices.map((d) => Math.abs(d.offset + d.skew)),
      bestRttMs: devices.map((d) => d.bestRttMs),
    }
    for (let i = 0; i < SAMPLES; i++) {
      if (i > 0) await sleep(SAMPLE_GAP_MS)
      const shown: number[] = []
      const naive: number[] = []
      screens.forEach((screen, k) => {
        const phase = screen.latest!.phase
        if (phase.kind !== 'running') throw new Error(`screen ${k} shows phase ${phase.kind}, not running`)
        const device = devices[k]!
        const deviceNow = device.now()
        shown.push(remainingMs(phase, deviceNow + device.offset)!)
        naive.push(Math.max(0, phase.endsAt - deviceNow))
      })
      clock.spreadMs.push(Math.max(...shown) - Math.min(...shown))
      clock.naiveSpreadMs.push(Math.max(...naive) - Math.min(...naive))
    }

    const states: CafeState[] = []
    const commands = await timeCommands(
      (command) => facilitator.command(command),
      participantScreens,
      (v) => {
        const state = participantScreens[0]!.latest!
        if (state.version !== v) throw new Error(`expected version ${v}, screen holds ${state.version}`)
        states.push(state)
      },
    )
    return { clock, commands, states }
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver output:\n${server.output()}`, { cause: err })
  } finally {
    for (const c of clients) c.close()
    await server.stop()
    unregister()
    rmSync(server.dataDir, { recursive: true, force: true })
  }
}

/** A plain socket.io relay in this process: a command in, a state of the same size out to all. */
async function runBaseline(states: CafeState[]): Promise<CommandTiming[]> {
  if (states.length === 0) throw new Error('the baseline needs the states of an earlier run of ours')
  const http: HttpServer = createServer()
  const server = new Server<ClientToServerEvents, ServerToClientEvents>(http, { serveClient: false })
  let version = 0
  server.on('connection', (socket) => {
    socket.on('cafe:command', (_command, ack) => {
      const template = states[version % states.length]!
      version++
      server.emit('cafe:state', { ...template, version })
      ack({ ok: true, value: { version } })
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  const sockets: ClientSocket[] = []
  try {
    for (let i = 0; i <= PARTICIPANTS; i++) {
      const socket: ClientSocket = io(url, { transports: ['websocket'], reconnection: false })
      sockets.push(socket)
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve())
        socket.once('connect_error', reject)
      })
    }
    const [sender, ...receivers] = sockets
    const screens = receivers.map((s) => new Screen(s))
    return await timeCommands((command) => sender!.timeout(10_000).emitWithAck('cafe:command', command), screens)
  } finally {
    for (const s of sockets) s.disconnect()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

export async function run(): Promise<BenchSection> {
  const ours: OursResult[] = []
  const baseline: CommandTiming[][] = []
  let states: CafeState[] = []
  for (let r = 0; r < RUNS; r++) {
    // Ours first in the first run: the baseline replays the states it recorded.
    const order: Side[] = r % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours']
    for (const side of order) {
      process.stderr.write(`  clock: run ${r + 1}/${RUNS}, ${side}…\n`)
      if (side === 'ours') {
        const result = await runOurs(20_240_000 + r)
        if (states.length === 0) states = result.states
        ours.push(result)
      } else {
        baseline.push(await runBaseline(states))
      }
    }
  }

  const spread = ours.flatMap((o) => o.clock.spreadMs)
  const naive = ours.flatMap((o) => o.clock.naiveSpreadMs)
  const offsetError = ours.flatMap((o) => o.clock.offsetErrorMs)
  const rtt = ours.flatMap((o) => o.clock.bestRttMs)
  const met = (value: number) => `< ${TARGET_MS} ms: ${value < TARGET_MS ? 'met' : 'MISSED'}`
  const shrink = (o: number, b: number) => (o > 0 ? `1/${fmt(b / o)}` : 'n/a (ours 0)')
  const rows: BenchSection['rows'] = [
    { part: 'screens agree', measure: 'spread of shown remaining time, median (ms)', ours: fmt(median(spread)), baseline: fmt(median(naive)), 'ours/baseline': shrink(median(spread), median(naive)), target: met(median(spread)) },
    { part: 'screens agree', measure: 'spread of shown remaining time, max (ms)', ours: fmt(Math.max(...spread)), baseline: fmt(Math.max(...naive)), 'ours/baseline': shrink(Math.max(...spread), Math.max(...naive)), target: met(Math.max(...spread)) },
    { part: 'screens agree', measure: 'spread median per run (ms)', ours: ours.map((o) => fmt(median(o.clock.spreadMs))).join(' / '), baseline: ours.map((o) => fmt(median(o.clock.naiveSpreadMs))).join(' / '), 'ours/baseline': '', target: '' },
    { part: 'screens agree', measure: '|offset error| per screen, median / max (ms)', ours: `${fmt(median(offsetError))} / ${fmt(Math.max(...offsetError))}`, baseline: '', 'ours/baseline': '', target: '' },
    { part: 'screens agree', measure: 'best time:sync round trip per screen, median / max (ms)', ours: `${fmt(median(rtt))} / ${fmt(Math.max(...rtt))}`, baseline: '', 'ours/baseline': '', target: '' },
  ]

  const oursCommands = ours.flatMap((o) => o.commands)
  const baseCommands = baseline.flat()
  const reach = (timings: CommandTiming[], kind?: Kind) => timings.filter((t) => !kind || t.kind === kind).map((t) => t.reachMs)
  const triple = (xs: number[]) => `${fmt(median(xs))} / ${fmt(percentile(xs, 95))} / ${fmt(Math.max(...xs))}`
  for (const kind of [...KINDS, undefined]) {
    const o = reach(oursCommands, kind)
    const b = reach(baseCommands, kind)
    if (o.length === 0) continue
    rows.push({
      part: 'commands reach all 40',
      measure: `${kind ?? 'all commands'} (n=${o.length}): median / p95 / max (ms)`,
      ours: triple(o),
      baseline: triple(b),
      'ours/baseline': ratio(median(o), median(b)),
      target: met(Math.max(...o)),
    })
  }
  const all = (timings: CommandTiming[]) => reach(timings)
  rows.push(
    { part: 'commands reach all 40', measure: 'all commands, p95 (ms)', ours: fmt(percentile(all(oursCommands), 95)), baseline: fmt(percentile(all(baseCommands), 95)), 'ours/baseline': ratio(percentile(all(oursCommands), 95), percentile(all(baseCommands), 95)), target: met(percentile(all(oursCommands), 95)) },
    { part: 'commands reach all 40', measure: 'all commands, median per run (ms)', ours: ours.map((o) => fmt(median(all(o.commands)))).join(' / '), baseline: baseline.map((b) => fmt(median(all(b)))).join(' / '), 'ours/baseline': '', target: '' },
    { part: 'commands reach all 40', measure: 'emit → ack, median / p95 / max (ms)', ours: triple(oursCommands.map((t) => t.ackMs)), baseline: triple(baseCommands.map((t) => t.ackMs)), 'ours/baseline': ratio(median(oursCommands.map((t) => t.ackMs)), median(baseCommands.map((t) => t.ackMs))), target: '' },
  )

  const sizes = states.map((s) => JSON.stringify(s).length)
  return {
    title: 'Round clock: screens agree, commands reach every screen (ours / naive countdown, plain socket.io)',
    rows,
    notes: [
      `ours: the real server process (tests/support/server.ts), a café of ${TABLES} tables and ${QUESTIONS.length} rounds of 20 minutes, ${PARTICIPANTS} participants joined over HTTP, ${PARTICIPANTS} participant + 1 facilitator socket.io clients (tests/support/cafe-socket.ts, websocket transport), all in the bench process; fresh server and data folder each run`,
      `screens agree: each of the ${PARTICIPANTS + 1} devices has its own clock, Date.now() + a skew uniform in ±${MAX_SKEW_MS / 60_000} min (seeded per run), and estimates its offset as web/lib/cafe/cafe-connection.svelte.ts does (3 time:sync round trips on its own clock, estimateOffset of shared/cafe/clock.ts), all ${PARTICIPANTS + 1} devices at once; after start, ${SAMPLES} instants ${SAMPLE_GAP_MS} ms apart per run, ${RUNS} run(s), at each instant every screen computes remainingMs(phase, deviceNow + offset); spread = max − min over the screens at that instant (nearly the same at every instant of a run: each screen's offset error is fixed once it has synced; the instants differ by Date.now() ticking during the loop over the screens)`,
      `baseline for screens agree: the same devices and the same instants without offset correction (endsAt − deviceNow), a naive countdown on skewed laptops; its spread is the spread of the skews`,
      `offset error = |estimated offset − true offset| (true offset = −skew: server and clients share one machine's clock); it is at most half the best sample's round trip, so two screens differ by at most the larger best round trip: on loopback that is milliseconds; on venue Wi-Fi, screens agree within a second as long as each gets one round trip under ~1 s out of its three (asymmetric routes add their asymmetry). The shown clock rounds up to whole seconds (formatClock), so screens a few ms apart can still differ by one second for those ms`,
      `commands: the facilitator sends ${WARMUP_COMMANDS} warm-up pause/resume (not counted), then ${COMMANDS} commands cycling ${KINDS.join(', ')}, one at a time, ${COMMAND_GAP_MS} ms apart; each timed from emit until the last of the ${PARTICIPANTS} participant clients has received the cafe:state of the version the ack names (or later); pooled over ${RUNS} run(s) per side; "met" in the per-kind rows is judged on the max; plan-rotation's time includes the server computing the rotation plan before it stores and broadcasts it`,
      `baseline for commands: a plain socket.io server (same socket.io 4.8) inside the bench process, no storage, no auth, no café logic: on a client's cafe:command it broadcasts one of our own recorded states (same JSON, ${fmt(Math.min(...sizes))}–${fmt(Math.max(...sizes))} characters, in the same order) with the next version to all, then acks; 1 sender + ${PARTICIPANTS} receivers; it shares the event loop with the ${PARTICIPANTS + 1} clients, ours runs in its own process`,
      `runs alternate ours/baseline (order flipped each run); loopback only`,
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; server and all clients share it`,
    ],
  }
}
