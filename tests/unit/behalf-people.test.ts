/**
 * People without a device: the facilitator adds them at any table, a host at their own table
 * only; they sit where they were added and rotate like everyone. And who may write for them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyCommand, rotationInputOf, type CafeCommand } from '../../shared/cafe/commands.js'
import { planRotation } from '../../shared/cafe/rotation.js'
import type { Actor, CafeState } from '../../shared/cafe/types.js'
import { maySpeakFor } from '../../shared/cloth/behalf.js'
import { ACTORS, cafeIn, deepFreeze, NOW, PHASE_VARIANTS } from './factories.js'

const OPEN_PHASES = PHASE_VARIANTS.filter((v) => v !== 'closed')
const hostOf = (table: number): Actor => ({ role: 'participant', personId: `h${table}` })
const addNino = (table: number, extra: Partial<Extract<CafeCommand, { type: 'add-person' }>> = {}): CafeCommand => ({
  type: 'add-person',
  id: 'nino',
  name: 'Nino',
  table,
  ...extra,
})

function apply(state: CafeState, cmd: CafeCommand, actor: Actor): CafeState {
  const result = applyCommand(deepFreeze(state), cmd, actor, NOW)
  if (!result.ok) throw new Error(`${cmd.type} refused: ${result.code}`)
  return result.value
}

describe('adding a person without a device', () => {
  it('the host of Kutaisi adds Nino there: seated at Kutaisi, marked without a device, with what the host typed', () => {
    const after = apply(cafeIn('running'), addNino(1, { country: ' Georgia ', organisation: 'HOA Vake' }), hostOf(1))
    expect(after.people.nino).toStrictEqual({
      id: 'nino',
      name: 'Nino',
      country: 'Georgia',
      organisation: 'HOA Vake',
      withoutDevice: true,
      joinedAt: NOW,
    })
    expect(after.seating.nino).toBe(1)
    expect(after.history.at(-1)!.nino).toBe(1)
  })

  it.each([
    ['a plain participant', { role: 'participant', personId: 'p0' } as Actor],
    ['the organiser', ACTORS.organiser],
    ['the system', ACTORS.system],
  ])('%s may not add anyone', (_, actor) => {
    expect(applyCommand(cafeIn('running'), addNino(0), actor, NOW)).toMatchObject({ ok: false, code: 'forbidden' })
  })

  it('a host who was removed adds nobody, even at the table they hosted', () => {
    const removed = apply(cafeIn('running'), { type: 'remove', personId: 'h2' }, ACTORS.facilitator)
    expect(applyCommand(removed, addNino(2), hostOf(2), NOW)).toMatchObject({ ok: false, code: 'forbidden' })
  })

  it.each([
    ['an empty name', addNino(0, { name: '   ' }), 'bad_person'],
    ['"__proto__" as id', addNino(0, { id: '__proto__' }), 'bad_person'],
    ['an id already in the café', addNino(0, { id: 'p3' }), 'already_joined'],
    ['table 5 of 4', addNino(4), 'unknown_table'],
    ['table 1.5', addNino(1.5), 'unknown_table'],
  ] as const)('the facilitator is refused for %s, and nothing changes', (_, cmd, code) => {
    const state = deepFreeze(cafeIn('ended'))
    const before = structuredClone(state)
    expect(applyCommand(state, cmd, ACTORS.facilitator, NOW)).toMatchObject({ ok: false, code })
    expect(state).toEqual(before)
  })

  it('a closed café takes nobody in', () => {
    expect(applyCommand(cafeIn('closed'), addNino(0), ACTORS.facilitator, NOW)).toMatchObject({ ok: false, code: 'cafe_closed' })
  })

  it('the rotation planner seats them like everyone (they are in its view of the room and in its plan)', () => {
    const after = apply(cafeIn('ended'), addNino(3), ACTORS.facilitator)
    expect(rotationInputOf(after).people.map((p) => p.id)).toContain('nino')
    const planned = apply(after, { type: 'plan-rotation', seed: 3 }, ACTORS.facilitator)
    if (planned.phase.kind !== 'rotating') throw new Error('not rotating')
    expect(planned.phase.plan.nino).toBe(planRotation(rotationInputOf(after), 3).nino)
    expect(planned.phase.plan.nino).toBeGreaterThanOrEqual(0)
  })

  it('property: a host can never add anyone to another table, and whoever may add seats the person where asked', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPEN_PHASES),
        fc.constantFrom<'facilitator' | 0 | 1 | 2 | 3>('facilitator', 0, 1, 2, 3),
        fc.integer({ min: -1, max: 5 }),
        fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''),
        (variant, who, table, name) => {
          const state = deepFreeze(cafeIn(variant))
          const actor = who === 'facilitator' ? ACTORS.facilitator : hostOf(who)
          const result = applyCommand(state, { type: 'add-person', id: 'nino', name, table }, actor, NOW)
          if (who !== 'facilitator' && table !== who) {
            expect(result).toMatchObject({ ok: false, code: 'forbidden' })
            return
          }
          if (table < 0 || table > 3) {
            expect(result).toMatchObject({ ok: false, code: 'unknown_table' })
            return
          }
          expect(result.ok).toBe(true)
          if (!result.ok) return
          expect(result.value.seating.nino).toBe(table)
          expect(result.value.sittings.nino).toEqual([table])
          expect(result.value.people.nino).toMatchObject({ name: name.trim(), withoutDevice: true })
          if (result.value.phase.kind === 'rotating') expect(result.value.phase.plan.nino).toBe(table)
        },
      ),
    )
  })
})

describe('who may write on behalf of whom', () => {
  const withNino = () => apply(cafeIn('running'), addNino(1), ACTORS.facilitator)
  const writer = (id: string) => ({ role: 'participant' as const, participantId: id })

  it.each([
    ['the host of the table, for Nino seated there', writer('h1'), 1, 'nino', true],
    ['the facilitator, for Nino', { role: 'facilitator' as const }, 1, 'nino', true],
    ['the host, for a participant with a device seated there', writer('h1'), 1, 'p1', true],
    ['a plain participant at the table, for Nino', writer('p1'), 1, 'nino', false],
    ['the host of another table, for Nino', writer('h2'), 1, 'nino', false],
    ['the host of another table, writing at that table, for Nino', writer('h2'), 2, 'nino', false],
    ['the host, for themselves', writer('h1'), 1, 'h1', false],
    ['the host, for someone nobody knows', writer('h1'), 1, 'ghost', false],
    ['the host, for "constructor"', writer('h1'), 1, 'constructor', false],
    ['the organiser, for Nino', { role: 'organiser' as const }, 1, 'nino', false],
  ] as const)('%s: %s', (_, who, table, person, allowed) => {
    expect(maySpeakFor(withNino(), who, table, person)).toBe(allowed)
  })

  it('a person the facilitator removed is written for by nobody', () => {
    const removed = apply(withNino(), { type: 'remove', personId: 'nino' }, ACTORS.facilitator)
    expect(maySpeakFor(removed, { role: 'facilitator' }, 1, 'nino')).toBe(false)
    expect(maySpeakFor(removed, writer('h1'), 1, 'nino')).toBe(false)
  })

  it('after a rotation moves Nino on, the host she sat with may still deliver what they wrote for her there', () => {
    const moved = apply(withNino(), { type: 'move', personId: 'nino', table: 3 }, ACTORS.facilitator)
    expect(maySpeakFor(moved, writer('h1'), 1, 'nino')).toBe(true)
    expect(maySpeakFor(moved, writer('h3'), 3, 'nino')).toBe(true)
    expect(maySpeakFor(moved, writer('h0'), 0, 'nino')).toBe(false)
  })
})
