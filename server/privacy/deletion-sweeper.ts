/**
 * Deletes cafés whose deletion date has come: checked when the server starts and every
 * `everyMs` after (TABLECLOTH_SWEEP_MS). Each due café goes the way the organisers' DELETE takes
 * it — unreachable in this process first, then every row of it in one transaction — and the
 * store is then scrubbed, so its text is not left in the log or in free pages.
 */
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'

export interface DeletionSweeperOptions {
  storage: Pick<Storage, 'cafesDueForDeletion' | 'scrub'>
  logger: Logger
  everyMs: number
  /** Forgets the café in this process and deletes it from the store (app.ts). */
  deleteCafe: (cafeId: string) => Promise<void>
  now?: () => number
}

export interface DeletionSweeper {
  /** Sweeps now, then every `everyMs`. */
  start(): void
  /** One sweep, after any sweep in progress; resolves with the ids deleted. */
  sweep(): Promise<string[]>
  /** Stops sweeping; resolves once a sweep in progress has finished. */
  stop(): Promise<void>
}

export function createDeletionSweeper(options: DeletionSweeperOptions): DeletionSweeper {
  const { storage, logger, everyMs } = options
  const now = options.now ?? Date.now
  let timer: NodeJS.Timeout | undefined
  let running: Promise<string[]> = Promise.resolve([])

  async function sweepOnce(): Promise<string[]> {
    const due = await storage.cafesDueForDeletion(now())
    const deleted: string[] = []
    for (const cafeId of due) {
      try {
        await options.deleteCafe(cafeId)
        deleted.push(cafeId)
        logger.info({ cafeId }, 'café deleted: its deletion date has come')
      } catch (err) {
        // One café that cannot be deleted now must not keep the others: it is tried again next time.
        logger.error({ err, cafeId }, 'could not delete a café whose deletion date has come')
      }
    }
    if (deleted.length > 0) await storage.scrub()
    return deleted
  }

  function sweep(): Promise<string[]> {
    running = running.catch(() => []).then(sweepOnce)
    return running
  }

  const tick = () =>
    void sweep().catch((err: unknown) => logger.error({ err }, 'the deletion sweep failed'))

  return {
    start() {
      if (timer) return
      tick()
      timer = setInterval(tick, everyMs)
      timer.unref()
    },
    sweep,
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await running.catch(() => [])
    },
  }
}
