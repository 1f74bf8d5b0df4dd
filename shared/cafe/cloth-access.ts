/**
 * Who may write to a table's cloth, and which round an edit belongs to. People seated at the
 * table now (its host among them) and the facilitator write; everyone else reads. Someone who
 * sat there in an earlier round may still *flush* what they wrote offline before they moved:
 * edits a person made while seated at a table are never lost.
 */
import type { CafeState, TableIndex, TokenRole } from './types.js'

export type ClothAccess = 'write' | 'flush' | 'read'

/** The holder of a token, as the server authenticated it. */
export interface ClothWriter {
  role: TokenRole
  participantId?: string
}

export function clothAccess(state: CafeState, who: ClothWriter, table: TableIndex): ClothAccess {
  if (state.phase.kind === 'closed') return 'read'
  switch (who.role) {
    case 'facilitator':
      return 'write'
    case 'organiser':
      return 'read'
    case 'participant': {
      const id = who.participantId
      if (!id || !Object.hasOwn(state.people, id) || state.people[id]!.removed) return 'read'
      if (state.seating[id] === table) return 'write'
      return state.sittings[id]?.includes(table) ? 'flush' : 'read'
    }
  }
}

/**
 * The round an edit by this person at this table belongs to: the round in progress if they sit
 * there now (round 1 while the café is still in the lobby), otherwise the last round they sat
 * there — an offline edit that arrives late keeps the round it was written in.
 */
export function roundOfEdit(state: CafeState, who: ClothWriter, table: TableIndex): number {
  const rounds = state.settings.questions.length
  const phase = state.phase
  // While rotating, `round` is the round just ended: edits still belong to it.
  const current = phase.kind === 'lobby' ? 1 : 'round' in phase ? phase.round : rounds
  const id = who.participantId
  if (!id || state.seating[id] === table) return current
  for (let r = state.history.length - 1; r >= 0; r--) if (state.history[r]![id] === table) return r + 1
  return current
}
