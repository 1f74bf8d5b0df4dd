import type { CafeState } from '$shared/cafe/types.js'
import type { ClientCommand } from '$shared/protocol/commands.js'

export interface Control {
  id: string
  /** The key that triggers it, shown on the page. */
  key: string
  command: () => ClientCommand
  /** Only actions that cannot be undone ask first. */
  confirm?: boolean
}

/**
 * The controls that make sense in the café's current phase, in the order a facilitator reaches
 * for them. The server checks every command again; this only keeps the console uncluttered.
 */
export function controlsFor(state: CafeState, seed: () => number): Control[] {
  const rounds = state.settings.questions.length
  const phase = state.phase
  const extend: Control[] = [
    { id: 'extend_1', key: '1', command: () => ({ type: 'extend', minutes: 1 }) },
    { id: 'extend_5', key: '5', command: () => ({ type: 'extend', minutes: 5 }) },
  ]
  const after = (round: number): Control[] =>
    round < rounds
      ? [{ id: 'plan', key: 'r', command: () => ({ type: 'plan-rotation', seed: seed() }) }]
      : [{ id: 'harvest', key: 'h', command: () => ({ type: 'open-harvest' }) }]
  switch (phase.kind) {
    case 'lobby':
      return [{ id: 'start', key: 's', command: () => ({ type: 'start' }) }]
    case 'running':
      return [{ id: 'pause', key: 'p', command: () => ({ type: 'pause' }) }, ...extend, { id: 'end_round', key: 'e', command: () => ({ type: 'end-round' }) }]
    case 'paused':
      return [{ id: 'resume', key: 'p', command: () => ({ type: 'resume' }) }, ...extend, { id: 'end_round', key: 'e', command: () => ({ type: 'end-round' }) }]
    case 'ended':
      return [...extend, ...after(phase.round)]
    case 'rotating':
      return [
        { id: 'apply', key: 'a', command: () => ({ type: 'apply-rotation' }) },
        { id: 'replan', key: 'r', command: () => ({ type: 'plan-rotation', seed: seed() }) },
      ]
    case 'harvest':
      return [{ id: 'close', key: 'c', command: () => ({ type: 'close' }), confirm: true }]
    case 'closed':
      return []
  }
}
