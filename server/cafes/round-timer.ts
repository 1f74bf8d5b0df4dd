/**
 * The server's round clock. The round's end time lives in the café's state (stored, so it
 * survives a restart); this module only wakes up at that moment and sends the café the system's
 * `tick`, which ends the round. Browsers count down on their own, corrected for their clock
 * offset, but never decide that a round is over.
 */
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'

export interface RoundTimer {
  /** Re-arms (or disarms) the café's wake-up after any change of its state. */
  watch(state: CafeState): void
  /** Disarms the café's wake-up for good (it was deleted). */
  forget(cafeId: string): void
  close(): void
}

export function createRoundTimer(deps: {
  logger: Logger
  now?: () => number
  /** Sends the system's tick to the café; resolves with the state afterwards. */
  tick: (cafeId: string) => Promise<CafeState | undefined>
}): RoundTimer {
  const now = deps.now ?? Date.now
  const wakeUps = new Map<string, NodeJS.Timeout>()

  function watch(state: CafeState): void {
    clearTimeout(wakeUps.get(state.id))
    wakeUps.delete(state.id)
    if (state.phase.kind !== 'running') return
    const endsAt = state.phase.endsAt
    // setTimeout clamps long delays to 1 ms on overflow: wake at most every 10 minutes and re-check.
    const delay = Math.min(Math.max(0, endsAt - now()), 10 * 60_000)
    const timer = setTimeout(() => {
      wakeUps.delete(state.id)
      deps
        .tick(state.id)
        .then((after) => after && watch(after))
        .catch((err: unknown) => {
          deps.logger.error({ err, cafeId: state.id }, 'round timer tick failed; retrying in a second')
          wakeUps.set(state.id, setTimeout(() => watch(state), 1000))
        })
    }, delay)
    timer.unref()
    wakeUps.set(state.id, timer)
  }

  return {
    watch,
    forget(cafeId) {
      clearTimeout(wakeUps.get(cafeId))
      wakeUps.delete(cafeId)
    },
    close() {
      for (const t of wakeUps.values()) clearTimeout(t)
      wakeUps.clear()
    },
  }
}
