/**
 * `/metrics` in the Prometheus text format (prom-client): what an operator watches during a
 * café — connections, loaded documents, edits per second (the rate of the updates counter) and
 * how long the store takes, plus the process's own memory and CPU. Each server has a registry of
 * its own, so several in one process (tests) do not mix their figures.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Storage } from './storage/storage.js'

export interface Metrics {
  registry: Registry
  /** Wraps a store so every call is timed, by operation, and every stored update counted. */
  timed(storage: Storage): Storage
}

export function createMetrics(sources: { socketConnections: () => number; yjsConnections: () => number; documents: () => number }): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'tablecloth_' })
  new Gauge({
    name: 'tablecloth_socket_connections',
    help: 'Open socket.io connections (café screens)',
    registers: [registry],
    collect() {
      this.set(sources.socketConnections())
    },
  })
  new Gauge({
    name: 'tablecloth_yjs_connections',
    help: 'Open Yjs WebSocket connections (cloths and summaries being edited or read)',
    registers: [registry],
    collect() {
      this.set(sources.yjsConnections())
    },
  })
  new Gauge({
    name: 'tablecloth_documents_loaded',
    help: 'Yjs documents held in memory',
    registers: [registry],
    collect() {
      this.set(sources.documents())
    },
  })
  const updates = new Counter({ name: 'tablecloth_yjs_updates_stored_total', help: 'Yjs updates stored (each one before it was relayed)', registers: [registry] })
  const storeSeconds = new Histogram({
    name: 'tablecloth_store_seconds',
    help: 'Time the store took, by operation (appendUpdate includes the fsync)',
    labelNames: ['operation'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const storeFailures = new Counter({ name: 'tablecloth_store_failures_total', help: 'Store operations that failed, by operation', labelNames: ['operation'], registers: [registry] })

  return {
    registry,
    timed(storage) {
      return new Proxy(storage, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown
          if (typeof value !== 'function') return value
          const operation = String(property)
          return (...args: unknown[]) => {
            // Started before the call: an async method of better-sqlite3's store does all its
            // work (the commit, its fsync) synchronously, before it hands back its promise.
            const end = storeSeconds.startTimer({ operation })
            const result = (value as (...a: unknown[]) => unknown).apply(target, args)
            if (!(result instanceof Promise)) return result
            return result.then(
              (v) => {
                end()
                if (operation === 'appendUpdate') updates.inc()
                return v
              },
              (err: unknown) => {
                end()
                storeFailures.inc({ operation })
                throw err
              },
            )
          }
        },
      })
    },
  }
}
