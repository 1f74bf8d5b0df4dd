/**
 * One writer and N readers on one Yjs document, all stock y-websocket clients in this process.
 * The writer inserts a short string; an edit counts as delivered when every reader's text has
 * grown to include it (only the writer writes, so length is enough and costs nothing to read).
 */
import { performance } from 'node:perf_hooks'
import { connectYjs, type YjsClient } from '../tests/support/yjs-client.js'

export interface ScenarioTarget {
  /** http://127.0.0.1:PORT of the server; clients connect to ws://…/yjs/<document>. */
  baseUrl: string
  document: string
  writerToken?: string
  readerTokens: Array<string | undefined>
}

export interface ScenarioOptions {
  warmupEdits: number
  latencyEdits: number
  throughputSeconds: number
  /** Edits in flight during the throughput phase: enough to keep a relay busy, bounded memory. */
  window: number
}

export interface ScenarioResult {
  /** Milliseconds from the writer's insert until the last reader saw it, one edit at a time. */
  latenciesMs: number[]
  /** Edits delivered to every reader in each whole second of the throughput phase. */
  perSecond: number[]
}

const EDIT_TIMEOUT_MS = 10_000

export async function runScenario(target: ScenarioTarget, options: ScenarioOptions): Promise<ScenarioResult> {
  // Each stock WebsocketProvider adds a process 'exit' listener (to clear its presence); 21 is
  // expected here, not a leak.
  process.setMaxListeners(Math.max(process.getMaxListeners(), target.readerTokens.length + 20))
  const writer = connectYjs(target.baseUrl, target.document, target.writerToken)
  const readers = target.readerTokens.map((token) => connectYjs(target.baseUrl, target.document, token))
  const clients = [writer, ...readers]
  try {
    await withTimeout(Promise.all(clients.map((c) => c.synced)), 15_000, 'clients did not sync')
    const delivery = trackDelivery(readers)
    let serial = 0
    /** Makes one edit; resolves with the time the last reader saw it. */
    const edit = (): Promise<number> => {
      // At the start, not the end: Yjs merges a client's consecutive appends into one string
      // item and re-slices it on every update, so appending costs O(cloth length) per edit in
      // every doc (writer, readers, server) and 40 000 appends measure Yjs, not the relay.
      writer.text.insert(0, `edit ${serial++}; `)
      return delivery.until(writer.text.length)
    }

    for (let i = 0; i < options.warmupEdits; i++) await withTimeout(edit(), EDIT_TIMEOUT_MS, 'warm-up edit not delivered')

    const latenciesMs: number[] = []
    for (let i = 0; i < options.latencyEdits; i++) {
      const start = performance.now()
      const seen = await withTimeout(edit(), EDIT_TIMEOUT_MS, 'edit not delivered')
      latenciesMs.push(seen - start)
    }

    const perSecond = new Array<number>(options.throughputSeconds).fill(0)
    const start = performance.now()
    const end = start + options.throughputSeconds * 1000
    await new Promise<void>((resolve, reject) => {
      let inFlight = 0
      let failed = false
      const pump = () => {
        while (!failed && inFlight < options.window && performance.now() < end) {
          inFlight++
          withTimeout(edit(), EDIT_TIMEOUT_MS, 'edit not delivered under load').then(
            (seen) => {
              inFlight--
              const second = Math.floor((seen - start) / 1000)
              if (second < perSecond.length) perSecond[second]!++
              pump()
            },
            (err: unknown) => {
              failed = true
              reject(err)
            },
          )
        }
        // Nothing in flight only happens once the time is up: the last delivery ends the phase.
        if (!failed && inFlight === 0) resolve()
      }
      pump()
    })
    return { latenciesMs, perSecond }
  } finally {
    for (const c of clients) c.destroy()
  }
}

/** Resolves, in order, the wait for each length once every reader has reached it. */
function trackDelivery(readers: YjsClient[]) {
  const lengths = readers.map((r) => r.text.length)
  const waiting: Array<{ length: number; resolve: (at: number) => void }> = []
  readers.forEach((reader, i) =>
    reader.text.observe(() => {
      lengths[i] = reader.text.length
      const now = performance.now()
      const reached = Math.min(...lengths)
      while (waiting.length > 0 && waiting[0]!.length <= reached) waiting.shift()!.resolve(now)
    }),
  )
  return {
    until(length: number): Promise<number> {
      if (Math.min(...lengths) >= length) return Promise.resolve(performance.now())
      return new Promise((resolve) => waiting.push({ length, resolve }))
    },
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
