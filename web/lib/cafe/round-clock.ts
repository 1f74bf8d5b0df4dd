import type { Phase } from '$shared/cafe/types.js'

/**
 * Milliseconds left in the round as this screen should show them: computed from the server's
 * end time and the server's clock (the device clock corrected by its offset), never counted
 * down locally, so every screen in the hall agrees.
 */
export function msLeft(phase: Phase, serverNow: number): number | undefined {
  switch (phase.kind) {
    case 'running':
      return Math.max(0, phase.endsAt - serverNow)
    case 'paused':
      return phase.remainingMs
    case 'ended':
      return 0
    default:
      return undefined
  }
}

/** "12:05": minutes and seconds, rounding up so the clock shows 0:00 only when the round is over. */
export function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000)
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  return `${minutes}:${String(seconds).padStart(2, '0')}`
}
