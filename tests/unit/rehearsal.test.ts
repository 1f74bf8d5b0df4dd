/**
 * The rehearsal's pure steps (shared/cafe/rehearsal.ts): starting one seats the simulated guests
 * as the café would seat anyone, and resetting brings any rehearsed café, in any phase, back to an
 * empty lobby with its settings and tables.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  REHEARSAL_GUESTS,
  rehearsalGuestCount,
  releaseRegistrations,
  resetRehearsal,
  startRehearsal,
  type RehearsalGuest,
} from '../../shared/cafe/rehearsal.js'
import { applyCommand } from '../../shared/cafe/commands.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import type { CafeState } from '../../shared/cafe/types.js'
import type { Registration } from '../../shared/prep/registration.js'
import { cafeIn, NOW, PHASE_VARIANTS, QUESTIONS } from './factories.js'

const lobbyOf = (tables: number): CafeState =>
  newCafeState({
    id: 'cafe-rehearsed',
    joinCode: 'RHRSAL',
    now: NOW,
    settings: { topic: 'Resource centres', questions: [...QUESTIONS], roundMinutes: 20, ask: { country: true, organisation: false, language: false } },
    tableNames: Array.from({ length: tables }, (_, i) => (i === 0 ? 'Tbilisi' : '')),
  })
const guests = (n: number): RehearsalGuest[] => Array.from({ length: n }, (_, i) => ({ id: `g${i}`, name: `Rehearsal guest ${i + 1}`, language: 'en' }))

function started(state: CafeState, n: number): CafeState {
  const result = startRehearsal(state, guests(n), NOW)
  if (!result.ok) throw new Error(result.message)
  return result.value
}

describe('starting a rehearsal', () => {
  it('seats the guests round the tables, a host at each table, and marks the café and the guests', () => {
    const lobby = lobbyOf(4)
    const rehearsed = started(lobby, 12)
    expect(rehearsed.rehearsal).toBe(true)
    expect(rehearsed.version).toBe(lobby.version + 1)
    expect(rehearsed.phase).toEqual({ kind: 'lobby' })
    expect(Object.values(rehearsed.people).every((p) => p.simulated && p.joinedAt === NOW)).toBe(true)
    for (let t = 0; t < 4; t++) {
      const atTable = Object.keys(rehearsed.seating).filter((id) => rehearsed.seating[id] === t)
      expect(atTable).toHaveLength(3)
      expect(atTable.filter((id) => rehearsed.people[id]!.hostOf === t)).toHaveLength(1)
    }
    // The input is untouched.
    expect(lobby.people).toEqual({})
  })

  it('keeps a host already in the lobby and seats guests around the people already there', () => {
    let lobby = lobbyOf(2)
    const joined = applyCommand(lobby, { type: 'join', person: { id: 'nino', name: 'Nino' } }, { role: 'participant', personId: 'nino' }, NOW)
    if (!joined.ok) throw new Error(joined.message)
    const hosted = applyCommand(joined.value, { type: 'make-host', personId: 'nino', table: 0 }, { role: 'facilitator' }, NOW)
    if (!hosted.ok) throw new Error(hosted.message)
    lobby = hosted.value
    const rehearsed = started(lobby, 3)
    expect(rehearsed.people.nino!.hostOf).toBe(0)
    expect(Object.values(rehearsed.people).filter((p) => p.hostOf === 0)).toHaveLength(1)
    expect(Object.values(rehearsed.people).filter((p) => p.hostOf === 1 && p.simulated)).toHaveLength(1)
    expect(rehearsed.people.nino!.simulated).toBeUndefined()
  })

  it('property: guests are dealt round the tables, so every table has its share even where real people already sit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(11), { maxLength: 10 }), (tables, perTable, early) => {
        let lobby = lobbyOf(tables)
        // People who arrived before the rehearsal, wherever they chose to sit.
        for (const [i, t] of early.entries()) {
          const id = `early${i}`
          const joined = applyCommand(lobby, { type: 'join', person: { id, name: id }, table: t % tables }, { role: 'participant', personId: id }, NOW)
          if (!joined.ok) throw new Error(joined.message)
          lobby = joined.value
        }
        const rehearsed = started(lobby, tables * perTable)
        for (let t = 0; t < tables; t++) {
          const guestsHere = Object.keys(rehearsed.seating).filter((id) => rehearsed.seating[id] === t && rehearsed.people[id]!.simulated)
          expect(guestsHere).toHaveLength(perTable)
        }
      }),
      { numRuns: 200 },
    )
  })

  it.each(PHASE_VARIANTS.filter((v) => v !== 'lobby'))('is refused once the café has started for real (%s), and nothing changes', (variant) => {
    const state = cafeIn(variant)
    const before = structuredClone(state)
    expect(startRehearsal(state, guests(3), NOW)).toMatchObject({ ok: false, code: 'cafe_started' })
    expect(state).toEqual(before)
  })

  it('is refused twice, and for a café without tables', () => {
    expect(startRehearsal(started(lobbyOf(2), 2), guests(2), NOW)).toMatchObject({ ok: false, code: 'already_rehearsing' })
    expect(startRehearsal(lobbyOf(0), guests(2), NOW)).toMatchObject({ ok: false, code: 'no_tables' })
  })

  it.each([
    [8, undefined, 24],
    [8, 5, 40],
    [2, 99, 2 * REHEARSAL_GUESTS.perTableMax],
    [200, 3, REHEARSAL_GUESTS.totalMax],
    [3, 0, 3],
  ])('%i tables at %s per table make %i guests', (tables, perTable, count) => {
    expect(rehearsalGuestCount(tables, perTable)).toBe(count)
  })
})

describe('resetting a rehearsal', () => {
  it('is refused for a café that is not rehearsing, whatever its phase: it would wipe a real café', () => {
    for (const variant of PHASE_VARIANTS) {
      const state = cafeIn(variant)
      const before = structuredClone(state)
      expect(resetRehearsal(state)).toMatchObject({ ok: false, code: 'not_rehearsing' })
      expect(state).toEqual(before)
    }
  })

  it.each(PHASE_VARIANTS)('brings a café rehearsed up to %s back to an empty lobby with its settings and tables', (variant) => {
    const state: CafeState = { ...cafeIn(variant), rehearsal: true }
    const before = structuredClone(state)
    const result = resetRehearsal(state)
    if (!result.ok) throw new Error(result.message)
    const { rehearsal, ...rest } = state
    expect(rehearsal).toBe(true)
    expect(result.value).toEqual({
      ...rest,
      people: {},
      seating: {},
      history: [],
      sittings: {},
      phase: { kind: 'lobby' },
      version: state.version + 1,
    })
    expect('rehearsal' in result.value).toBe(false)
    expect(state).toEqual(before)
  })

  it('a café rehearsed then reset can be rehearsed and run again from scratch', () => {
    const once = resetRehearsal(started(lobbyOf(3), 6))
    if (!once.ok) throw new Error(once.message)
    expect(startRehearsal(once.value, guests(6), NOW).ok).toBe(true)
    expect(applyCommand(once.value, { type: 'start' }, { role: 'facilitator' }, NOW).ok).toBe(true)
  })

  it('property: whatever was rehearsed, the reset keeps exactly the id, join code, settings, tables and creation time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.constantFrom('start', 'end-round', 'plan-rotation', 'apply-rotation', 'open-harvest', 'close'), { maxLength: 8 }),
        fc.integer(),
        (tables, count, steps, seed) => {
          let state = started(lobbyOf(tables), count)
          for (const type of steps) {
            const cmd = type === 'plan-rotation' ? { type, seed } : { type }
            const next = applyCommand(state, cmd as Parameters<typeof applyCommand>[1], { role: 'facilitator' }, NOW)
            if (next.ok) state = next.value
          }
          const reset = resetRehearsal(state)
          if (!reset.ok) throw new Error(reset.message)
          const after = reset.value
          expect(after).toEqual({
            id: state.id,
            joinCode: state.joinCode,
            createdAt: state.createdAt,
            settings: state.settings,
            tables: state.tables,
            people: {},
            seating: {},
            history: [],
            sittings: {},
            phase: { kind: 'lobby' },
            version: state.version + 1,
          })
          // It is stored as JSON: it reads back unchanged.
          expect(JSON.parse(JSON.stringify(after))).toEqual(after)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('the registration list after a reset', () => {
  it('keeps the organisers’ entries with their hosts and seats, unclaimed, and drops the walk-ins of the rehearsal', () => {
    const list: Registration[] = [
      { id: 'r-1', name: 'Nino Beridze', code: 'ABCD-EFGH', country: 'Georgia', hostOf: 2, personId: 'p-1' },
      { id: 'r-2', name: 'Olena Kovalenko', code: 'JKLM-NPQR', table: 1 },
      { id: 'w-p-9', name: 'Colleague on a phone', code: 'STUV-WXYZ', personId: 'p-9' },
    ]
    const before = structuredClone(list)
    expect(releaseRegistrations(list)).toEqual({
      kept: [
        { id: 'r-1', name: 'Nino Beridze', code: 'ABCD-EFGH', country: 'Georgia', hostOf: 2 },
        { id: 'r-2', name: 'Olena Kovalenko', code: 'JKLM-NPQR', table: 1 },
      ],
      dropped: ['w-p-9'],
    })
    expect(list).toEqual(before)
  })
})
