import { describe, expect, it } from 'vitest'
import { applyCommand } from '../../shared/cafe/commands.js'
import { clothAccess, roundOfEdit } from '../../shared/cafe/cloth-access.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import type { Actor, CafeState } from '../../shared/cafe/types.js'

const NOW = 1_800_000_000_000
const facilitator: Actor = { role: 'facilitator' }

/** A café of two tables with Nino at table 0 and Olena at table 1, after the given commands. */
function cafeAfter(...commands: Parameters<typeof applyCommand>[1][]): CafeState {
  let state = newCafeState({
    id: 'cafe-1',
    joinCode: 'KTS7QH',
    now: NOW,
    settings: { topic: 'Resource centres', questions: ['Q1', 'Q2', 'Q3'], roundMinutes: 20, ask: { country: false, organisation: false, language: false } },
    tableNames: ['Kutaisi', 'Odesa'],
  })
  for (const [id, name] of [['nino', 'Nino'], ['olena', 'Olena']] as const) {
    const r = applyCommand(state, { type: 'join', person: { id, name } }, { role: 'participant', personId: id }, NOW)
    if (!r.ok) throw new Error(r.code)
    state = r.value
  }
  for (const command of commands) {
    const r = applyCommand(state, command, facilitator, NOW)
    if (!r.ok) throw new Error(`${command.type}: ${r.code}`)
    state = r.value
  }
  return state
}

const nino = { role: 'participant', participantId: 'nino' } as const

describe('who may write to a cloth', () => {
  it.each([
    ['the facilitator, anywhere', { role: 'facilitator' } as const, 1, 'write'],
    ['an organiser, nowhere', { role: 'organiser' } as const, 0, 'read'],
    ['a participant at their own table', nino, 0, 'write'],
    ['a participant at a table they never sat at', nino, 1, 'read'],
    ['a participant nobody knows', { role: 'participant', participantId: 'ghost' } as const, 0, 'read'],
    ['a participant whose id is a property of every object', { role: 'participant', participantId: 'constructor' } as const, 0, 'read'],
  ])('%s', (_scene, who, table, expected) => {
    expect(clothAccess(cafeAfter(), who, table)).toBe(expected)
  })

  it('someone moved away, in the lobby or mid-round, may still flush their old table and write the new one', () => {
    for (const state of [cafeAfter({ type: 'move', personId: 'nino', table: 1 }), cafeAfter({ type: 'start' }, { type: 'move', personId: 'nino', table: 1 })]) {
      expect(clothAccess(state, nino, 0)).toBe('flush')
      expect(clothAccess(state, nino, 1)).toBe('write')
    }
  })

  it('a removed participant, and everyone once the café is closed, only read', () => {
    expect(clothAccess(cafeAfter({ type: 'remove', personId: 'nino' }), nino, 0)).toBe('read')
    const closed = cafeAfter({ type: 'start' }, { type: 'end-round' }, { type: 'open-harvest' }, { type: 'close' })
    expect(clothAccess(closed, nino, 0)).toBe('read')
    expect(clothAccess(closed, { role: 'facilitator' }, 0)).toBe('read')
  })
})

describe('which round an edit belongs to', () => {
  it('is round 1 in the lobby and the round in progress for the seated', () => {
    expect(roundOfEdit(cafeAfter(), nino, 0)).toBe(1)
    expect(roundOfEdit(cafeAfter({ type: 'start' }, { type: 'end-round' }), nino, 0)).toBe(1)
  })

  it('is the last round someone sat at a table, when their edit arrives after they left it', () => {
    const rotated = cafeAfter({ type: 'start' }, { type: 'end-round' }, { type: 'plan-rotation', seed: 1 }, { type: 'apply-rotation' })
    const ninoNow = rotated.seating['nino']!
    expect(roundOfEdit(rotated, nino, ninoNow)).toBe(2)
    if (ninoNow !== 0) expect(roundOfEdit(rotated, nino, 0)).toBe(1)
  })
})
