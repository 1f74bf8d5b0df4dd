/**
 * The server thread's side of the SQLite writer thread (sqlite-writer.ts): starts it, hands it
 * every write in the order called — one queue, so a deletion or a merge asked after some appends
 * runs after them — and settles each call's promise with its answer.
 *
 * Appends made in the same turn of the event loop go over as one message; the thread commits
 * them with any others waiting there in one transaction.
 */
import { Worker } from 'node:worker_threads'
import { uncrossed, type WriteName, type WriteReply, type WriterMessage, type WriterSetup, type Writes } from './sqlite-writer-protocol.js'

type Answer<K extends WriteName> = Awaited<ReturnType<Writes[K]>>

export interface SqliteWriter {
  /** One write, after every write and append asked before it. */
  write<K extends WriteName>(op: K, ...args: Parameters<Writes[K]>): Promise<Answer<K>>
  /** Resolves once the update is committed (durable), with the others of its group. */
  append(document: string, update: Uint8Array): Promise<void>
  /** Answers every write and append asked so far, then ends the thread. */
  close(): Promise<void>
}

export function startWriter(setup: WriterSetup): SqliteWriter {
  const worker = new Worker(new URL('./sqlite-writer.mjs', import.meta.url), { workerData: setup })
  // Only while answers are awaited does the thread keep the process alive (see `send`).
  worker.unref()
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: unknown) => void }>()
  let nextId = 1
  /** Set once the thread is gone: every later call fails with it. */
  let ended: Error | undefined
  let closed: Promise<void> | undefined

  worker.on('message', (reply: WriteReply) => {
    for (const id of reply.ids) {
      const waiter = waiting.get(id)
      waiting.delete(id)
      if (!waiter) continue
      if (reply.ok) waiter.resolve(reply.value)
      else waiter.reject(uncrossed(reply.error))
    }
    if (waiting.size === 0) worker.unref()
  })
  const fail = (err: Error) => {
    ended ??= err
    for (const waiter of waiting.values()) waiter.reject(ended)
    waiting.clear()
  }
  // A thread that could not start (or died) fails the writes it had, and every one after.
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the SQLite writer thread ended (exit code ${code})`)))

  function send<K extends WriteName>(op: K, args: Parameters<Writes[K]>, transfer: ArrayBuffer[] = []): Promise<Answer<K>> {
    if (ended || closed) return Promise.reject(ended ?? new Error('the store is closed'))
    const id = nextId++
    return new Promise<Answer<K>>((resolve, reject) => {
      if (waiting.size === 0) worker.ref()
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      worker.postMessage({ id, op, args } as WriterMessage, transfer)
    })
  }

  type PendingAppend = { document: string; data: Uint8Array; resolve: () => void; reject: (err: unknown) => void }
  let pendingAppends: PendingAppend[] = []
  function flushAppends(): void {
    if (pendingAppends.length === 0) return
    const batch = pendingAppends
    pendingAppends = []
    send(
      'appendUpdates',
      [batch.map(({ document, data }) => ({ document, data }))],
      batch.map((a) => a.data.buffer as ArrayBuffer),
    ).then(
      () => {
        for (const a of batch) a.resolve()
      },
      (err: unknown) => {
        for (const a of batch) a.reject(err)
      },
    )
  }

  return {
    write(op, ...args) {
      // Appends still waiting for their turn go first: the thread answers in the order asked.
      flushAppends()
      return send(op, args)
    },
    append(document, update) {
      if (ended || closed) return Promise.reject(ended ?? new Error('the store is closed'))
      return new Promise<void>((resolve, reject) => {
        // Copied into a buffer of its own, handed over to the thread without another copy: the
        // caller's may be reused (or be a slice of Node's shared pool) before the batch goes.
        pendingAppends.push({ document, data: new Uint8Array(update), resolve, reject })
        if (pendingAppends.length === 1) setImmediate(flushAppends)
      })
    },
    close() {
      if (closed) return closed
      flushAppends()
      closed = ended
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            worker.once('exit', () => resolve())
            worker.ref()
            worker.postMessage({ op: 'close' } satisfies WriterMessage)
          })
      return closed
    },
  }
}
