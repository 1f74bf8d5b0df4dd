/**
 * /metrics times the store by operation (server/metrics.ts). The SQLite store's async methods do
 * their work — the commit and its fsync — synchronously, before they hand back a promise: the
 * timer must include that work, not only the promise's last tick (it once did only that, and
 * `saveCafe` always read under half a millisecond, fsync or not).
 */
import { describe, expect, it } from 'vitest'
import { createMetrics } from '../../server/metrics.js'
import type { Storage } from '../../server/storage/storage.js'

const busyFor = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // A synchronous commit holding the thread, as better-sqlite3's does.
  }
}

async function sumOf(metrics: ReturnType<typeof createMetrics>, operation: string): Promise<number> {
  const text = await metrics.registry.metrics()
  const line = text.split('\n').find((l) => l.startsWith(`tablecloth_store_seconds_sum{operation="${operation}"}`))
  return Number(line?.split(' ').pop())
}

describe('store timings in /metrics', () => {
  it('count the synchronous work of an async store method', async () => {
    const metrics = createMetrics({ socketConnections: () => 0, yjsConnections: () => 0, documents: () => 0 })
    const storage = {
      async saveCafe() {
        busyFor(30)
        return true
      },
      appendUpdate() {
        // Resolves later, once its batch is written: the wait counts too.
        return new Promise<void>((resolve) => setTimeout(resolve, 30))
      },
    } as unknown as Storage
    const timed = metrics.timed(storage)
    await timed.saveCafe({} as never, 1)
    await timed.appendUpdate('doc', new Uint8Array(1))
    expect(await sumOf(metrics, 'saveCafe')).toBeGreaterThanOrEqual(0.029)
    expect(await sumOf(metrics, 'appendUpdate')).toBeGreaterThanOrEqual(0.029)
  })
})
