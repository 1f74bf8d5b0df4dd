/**
 * Joining, hosts, moves, removals and table names: the refusals each argument can earn, and
 * what people notice when a command goes through.
 */
import { describe, expect, it } from 'vitest'
import {
  applyCommand,
  currentRound,
  hostOf,
  remainingMs,
  roleOf,
  tableOf,
  type CafeCommand,
} from '../../shared/cafe/commands.js'
import type { CafeErrorCode } from '../../shared/cafe/errors.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import type { Actor, CafeState } from '../../shared/cafe/types.js'
import { ACTORS, cafeIn, deepFreeze, NOW, PHASE_VARIANTS, type PhaseVariant } from './factories.js'

const F = ACTORS.facilitator

/** Applies a command that must succeed and returns the new state. */
function apply(state: CafeState, cmd: CafeCommand, actor: Actor = F, now = NOW): CafeState {
  const result = applyCommand(deepFreeze(state), cmd, actor, now)
  if (!result.ok) throw new Error(`${cmd.type} refused: ${result.code} (${result.message})`)
  return result.value
}

const lobbyWithoutHostAt2 = () => apply(cafeIn('lobby'), { type: 'unset-host', table: 2 })
const lobbyWithRemovedP2 = () => apply(cafeIn('lobby'), { type: 'remove', personId: 'p2' })

const refusals: { scene: string; state: () => CafeState; cmd: CafeCommand; actor?: Actor; code: CafeErrorCode }[] = [
  { scene: 'moving someone nobody knows', state: () => cafeIn('running'), cmd: { type: 'move', personId: 'ghost', table: 1 }, code: 'unknown_person' },
  { scene: 'moving someone to table 5 of 4', state: () => cafeIn('running'), cmd: { type: 'move', personId: 'p1', table: 4 }, code: 'unknown_table' },
  { scene: 'moving someone to table −1', state: () => cafeIn('lobby'), cmd: { type: 'move', personId: 'p1', table: -1 }, code: 'unknown_table' },
  { scene: 'moving someone to table 1.5', state: () => cafeIn('lobby'), cmd: { type: 'move', personId: 'p1', table: 1.5 }, code: 'unknown_table' },
  { scene: 'moving a host away from their table', state: () => cafeIn('running'), cmd: { type: 'move', personId: 'h0', table: 1 }, code: 'host_stays' },
  { scene: 'moving a removed person', state: lobbyWithRemovedP2, cmd: { type: 'move', personId: 'p2', table: 1 }, code: 'unknown_person' },
  { scene: 'making a stranger host', state: () => cafeIn('lobby'), cmd: { type: 'make-host', personId: 'ghost', table: 1 }, code: 'unknown_person' },
  { scene: 'making a removed person host', state: lobbyWithRemovedP2, cmd: { type: 'make-host', personId: 'p2', table: 1 }, code: 'unknown_person' },
  { scene: 'making a host of a table that does not exist', state: () => cafeIn('lobby'), cmd: { type: 'make-host', personId: 'p1', table: 4 }, code: 'unknown_table' },
  { scene: 'unsetting the host of a table without one', state: lobbyWithoutHostAt2, cmd: { type: 'unset-host', table: 2 }, code: 'no_host' },
  { scene: 'unsetting the host of a table that does not exist', state: () => cafeIn('lobby'), cmd: { type: 'unset-host', table: 7 }, code: 'unknown_table' },
  { scene: 'removing someone nobody knows', state: () => cafeIn('ended'), cmd: { type: 'remove', personId: 'ghost' }, code: 'unknown_person' },
  { scene: 'removing someone twice', state: lobbyWithRemovedP2, cmd: { type: 'remove', personId: 'p2' }, code: 'unknown_person' },
  { scene: '"constructor" is nobody, not Object’s', state: () => cafeIn('lobby'), cmd: { type: 'remove', personId: 'constructor' }, code: 'unknown_person' },
  { scene: 'renaming table 5 of 4', state: () => cafeIn('harvest'), cmd: { type: 'rename-table', table: 4, name: 'Telavi' }, code: 'unknown_table' },
  { scene: 'a café with no tables', state: () => cafeIn('lobby'), cmd: { type: 'set-tables', names: [] }, code: 'no_tables' },
  { scene: 'extending by 2 minutes', state: () => cafeIn('running'), cmd: { type: 'extend', minutes: 2 as 1 }, code: 'bad_minutes' },
  { scene: 'extending by 0 minutes', state: () => cafeIn('paused'), cmd: { type: 'extend', minutes: 0 as 1 }, code: 'bad_minutes' },
  { scene: 'swapping a host in the plan', state: () => cafeIn('rotating'), cmd: { type: 'swap-in-plan', a: 'h0', b: 'p1' }, code: 'host_stays' },
  { scene: 'swapping someone who is not in the plan', state: () => cafeIn('rotating'), cmd: { type: 'swap-in-plan', a: 'p0', b: 'ghost' }, code: 'unknown_person' },
  { scene: 'joining twice', state: () => cafeIn('running'), cmd: { type: 'join', person: { id: 'p0', name: 'Again' } }, actor: { role: 'participant', personId: 'p0' }, code: 'already_joined' },
  { scene: 'a removed person joining again', state: lobbyWithRemovedP2, cmd: { type: 'join', person: { id: 'p2', name: 'Back' } }, actor: { role: 'participant', personId: 'p2' }, code: 'forbidden' },
  { scene: 'a participant joining someone else', state: () => cafeIn('lobby'), cmd: { type: 'join', person: { id: 'other', name: 'Other' } }, actor: ACTORS.participant, code: 'forbidden' },
  { scene: 'a participant token without a person', state: () => cafeIn('lobby'), cmd: { type: 'join', person: { id: 'x', name: 'X' } }, actor: { role: 'participant' }, code: 'forbidden' },
  { scene: 'joining with an empty name', state: () => cafeIn('lobby'), cmd: { type: 'join', person: { id: 'x', name: '  ' } }, code: 'bad_person' },
  { scene: 'joining as "__proto__"', state: () => cafeIn('lobby'), cmd: { type: 'join', person: { id: '__proto__', name: 'Proto' } }, code: 'bad_person' },
  { scene: 'starting a café without questions', state: () => ({ ...cafeIn('lobby'), settings: { ...cafeIn('lobby').settings, questions: [] } }), cmd: { type: 'start' }, code: 'no_more_rounds' },
  { scene: 'starting a café without tables', state: () => ({ ...cafeIn('lobby'), tables: [] }), cmd: { type: 'start' }, code: 'no_tables' },
]

describe('refusals, each with its own code, and nothing changes', () => {
  it.each(refusals)('$scene → $code', ({ state, cmd, actor, code }) => {
    const s = deepFreeze(state())
    const before = structuredClone(s)
    expect(applyCommand(s, cmd, actor ?? F, NOW)).toEqual({ ok: false, code, message: expect.any(String) })
    expect(s).toEqual(before)
  })
})

describe('joining', () => {
  it('a newcomer in the lobby takes the emptiest table, the lowest number on a tie, never as host', () => {
    let s = newCafeState({ id: 'c', joinCode: 'ABCDEF', now: NOW, settings: cafeIn('lobby').settings, tableNames: ['', '', ''] })
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      s = apply(s, { type: 'join', person: { id, name: id.toUpperCase() } }, { role: 'participant', personId: id })
    }
    expect(s.seating).toEqual({ a: 0, b: 1, c: 2, d: 0, e: 1 })
    expect(Object.values(s.people).every((p) => p.hostOf === undefined)).toBe(true)
    expect(s.version).toBe(6)
  })

  it('a participant who arrives mid-round is seated at once and counted in that round’s history', () => {
    let s = apply(cafeIn('running'), { type: 'move', personId: 'p0', table: 1 })
    s = apply(s, { type: 'join', person: { id: 'late', name: 'Late' } }, { role: 'participant', personId: 'late' })
    expect(tableOf(s, 'late')).toBe(0)
    expect(s.history[0]!.late).toBe(0)
  })

  it('someone joining while the facilitator previews a rotation is put into the plan, where the room is going', () => {
    const s = apply(cafeIn('rotating'), { type: 'join', person: { id: 'late', name: 'Late' } })
    if (s.phase.kind !== 'rotating') throw new Error('left rotation')
    expect(s.phase.plan.late).toBe(s.seating.late)
    expect(s.history).toEqual(cafeIn('rotating').history)
  })
})

describe('hosts', () => {
  it('a table has at most one host: the previous host stays seated as a participant', () => {
    const s = apply(cafeIn('lobby'), { type: 'make-host', personId: 'p0', table: 1 })
    expect(hostOf(s, 1)).toBe('p0')
    expect(s.people.h1!.hostOf).toBeUndefined()
    expect(tableOf(s, 'h1')).toBe(1)
    expect(roleOf(s, { role: 'participant', personId: 'h1' })).toBe('participant')
    expect(roleOf(s, { role: 'participant', personId: 'p0' })).toBe('host')
  })

  it('a host made host of another table leaves their old table without one', () => {
    const s = apply(cafeIn('paused'), { type: 'make-host', personId: 'h0', table: 3 })
    expect(hostOf(s, 0)).toBeUndefined()
    expect(hostOf(s, 3)).toBe('h0')
    expect(s.history[0]!.h0).toBe(3)
  })

  it('moving a host to their own table is no move at all, and allowed', () => {
    const s = apply(cafeIn('running'), { type: 'move', personId: 'h2', table: 2 })
    expect(s.seating).toEqual(cafeIn('running').seating)
  })

  it('a removed host leaves the table without a host; their table-mates stay', () => {
    const s = apply(cafeIn('ended'), { type: 'remove', personId: 'h1' })
    expect(hostOf(s, 1)).toBeUndefined()
    expect(s.people.h1).toMatchObject({ removed: true })
    expect(s.people.h1!.hostOf).toBeUndefined()
    expect(s.history[0]!.h1).toBe(1)
  })
})

describe('tables', () => {
  it('naming tables in the lobby keeps who sits where when no table disappears', () => {
    const s = apply(cafeIn('lobby'), { type: 'set-tables', names: ['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi', 'Telavi'] })
    expect(s.tables.map((t) => t.name)).toEqual(['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi', 'Telavi'])
    expect(s.seating).toEqual(cafeIn('lobby').seating)
  })

  it('the first tables of a café created without any seat everybody who joined before', () => {
    let s = newCafeState({ id: 'c', joinCode: 'ABCDEF', now: NOW, settings: cafeIn('lobby').settings, tableNames: [] })
    s = apply(s, { type: 'join', person: { id: 'a', name: 'A' } })
    expect(tableOf(s, 'a')).toBeUndefined()
    s = apply(s, { type: 'set-tables', names: ['Odesa', 'Chișinău'] })
    expect(tableOf(s, 'a')).toBe(0)
  })
})

describe('questions every screen asks', () => {
  const rounds: Record<PhaseVariant, number | undefined> = {
    lobby: undefined,
    running: 1,
    'running-due': 1,
    paused: 1,
    ended: 1,
    'ended-last': 3,
    rotating: 1,
    harvest: undefined,
    closed: undefined,
  }
  it.each(PHASE_VARIANTS)('which round it is, and how much time is left, while %s', (v) => {
    const s = cafeIn(v)
    expect(currentRound(s)).toBe(rounds[v])
    const left = { running: 10 * 60_000, 'running-due': 0, paused: 7 * 60_000, ended: 0, 'ended-last': 0 } as Record<string, number>
    expect(remainingMs(s.phase, NOW)).toBe(left[v])
  })

  it('roles: tokens are what they say, a participant who hosts is a host, a stranger is a participant', () => {
    const s = cafeIn('running')
    expect(roleOf(s, ACTORS.facilitator)).toBe('facilitator')
    expect(roleOf(s, ACTORS.organiser)).toBe('organiser')
    expect(roleOf(s, ACTORS.system)).toBe('system')
    expect(roleOf(s, ACTORS.host)).toBe('host')
    expect(roleOf(s, { role: 'participant', personId: 'p3' })).toBe('participant')
    expect(roleOf(s, { role: 'participant', personId: 'toString' })).toBe('participant')
    expect(tableOf(s, 'toString')).toBeUndefined()
  })
})
