/**
 * Every (phase, command, role) of the café's state machine, from a table written here
 * independently of the code: what is allowed does what it says, everything else is refused with
 * the right code and changes nothing.
 */
import { describe, expect, it } from 'vitest'
import {
  applyCommand,
  CAFE_COMMAND_TYPES,
  rotationInputOf,
  type CafeCommand,
  type CafeCommandType,
} from '../../shared/cafe/commands.js'
import type { CafeErrorCode } from '../../shared/cafe/errors.js'
import { planRotation } from '../../shared/cafe/rotation.js'
import type { CafeState } from '../../shared/cafe/types.js'
import {
  ACTORS,
  cafeIn,
  deepFreeze,
  NOW,
  PHASE_VARIANTS,
  ROUND_MINUTES,
  type ActorName,
  type PhaseVariant,
} from './factories.js'

const MIN = 60_000

/** One representative, valid-looking instance of each command for the fixture café. */
const COMMANDS: { [K in CafeCommandType]: Extract<CafeCommand, { type: K }> } = {
  start: { type: 'start' },
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  extend: { type: 'extend', minutes: 5 },
  tick: { type: 'tick' },
  'end-round': { type: 'end-round' },
  'plan-rotation': { type: 'plan-rotation', seed: 7 },
  'swap-in-plan': { type: 'swap-in-plan', a: 'p0', b: 'p1' },
  'apply-rotation': { type: 'apply-rotation' },
  'open-harvest': { type: 'open-harvest' },
  close: { type: 'close' },
  join: { type: 'join', person: { id: 'newbie', name: 'Nino', country: 'Georgia' } },
  'make-host': { type: 'make-host', personId: 'p0', table: 1 },
  'unset-host': { type: 'unset-host', table: 2 },
  move: { type: 'move', personId: 'p1', table: 3 },
  remove: { type: 'remove', personId: 'p2' },
  'rename-table': { type: 'rename-table', table: 0, name: 'Kutaisi centre' },
  'set-tables': { type: 'set-tables', names: ['Tbilisi', 'Kutaisi', 'Gori'] },
  'add-person': { type: 'add-person', id: 'nino', name: ' Nino ', table: 0, country: 'Georgia', organisation: '' },
}

type Outcome = 'ok' | CafeErrorCode
type Row = Record<Exclude<PhaseVariant, 'closed'>, Outcome>

/** Columns: lobby, running, running-due (time up, no tick yet), paused, ended, ended-last, rotating, harvest. */
function row(...o: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]): Row {
  const [lobby, running, due, paused, ended, last, rotating, harvest] = o
  return { lobby, running, 'running-due': due, paused, ended, 'ended-last': last, rotating, harvest }
}
const all = (o: Outcome) => row(o, o, o, o, o, o, o, o)
const wp = 'wrong_phase'
const rnr = 'round_not_running'
const np = 'not_paused'
const nop = 'no_plan'

/** What the facilitator gets, per command and phase (closed: always cafe_closed). */
const FACILITATOR: Record<Exclude<CafeCommandType, 'tick'>, Row> = {
  start: row('ok', wp, wp, wp, wp, wp, wp, wp),
  pause: row(rnr, 'ok', 'ok', rnr, rnr, rnr, rnr, rnr),
  resume: row(np, np, np, 'ok', np, np, np, np),
  extend: row(rnr, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', rnr),
  'end-round': row(rnr, 'ok', 'ok', 'ok', rnr, rnr, rnr, rnr),
  'plan-rotation': row(wp, wp, wp, wp, 'ok', 'no_more_rounds', 'ok', wp),
  'swap-in-plan': row(nop, nop, nop, nop, nop, nop, 'ok', nop),
  'apply-rotation': row(nop, nop, nop, nop, nop, nop, 'ok', nop),
  'open-harvest': row(wp, wp, wp, wp, 'ok', 'ok', 'ok', wp),
  close: row(wp, wp, wp, wp, wp, wp, wp, 'ok'),
  join: all('ok'),
  'make-host': all('ok'),
  'unset-host': all('ok'),
  move: all('ok'),
  remove: all('ok'),
  'rename-table': all('ok'),
  'set-tables': row('ok', wp, wp, wp, wp, wp, wp, wp),
  'add-person': all('ok'),
}
/** The server's timer loop: only `tick`. */
const SYSTEM_TICK = row(rnr, 'timer_not_due', 'ok', rnr, rnr, rnr, rnr, rnr)

function expected(actor: ActorName, type: CafeCommandType, phase: PhaseVariant): Outcome {
  const allowed = (r: Row): Outcome => (phase === 'closed' ? 'cafe_closed' : r[phase])
  switch (actor) {
    case 'facilitator':
      return type === 'tick' ? 'forbidden' : allowed(FACILITATOR[type])
    case 'system':
      return type === 'tick' ? allowed(SYSTEM_TICK) : 'forbidden'
    case 'participant':
      // The participant token belongs to "newbie", who joins as themselves.
      return type === 'join' ? allowed(FACILITATOR.join) : 'forbidden'
    case 'host':
      // h0 hosts table 0: it may add a person without a device there; it may only join itself,
      // and "newbie" is not h0.
      return type === 'add-person' ? allowed(FACILITATOR['add-person']) : 'forbidden'
    case 'organiser':
      return 'forbidden'
  }
}

const seatsAt = (s: CafeState, t: number) => Object.values(s.seating).filter((x) => x === t).length
const inRound = (v: PhaseVariant) => ['running', 'running-due', 'paused', 'ended', 'ended-last'].includes(v)

/** What each allowed command must have done; `keys` are the only parts of the state it may change. */
const EFFECTS: { [K in CafeCommandType]: { keys: (keyof CafeState)[]; check: (b: CafeState, a: CafeState, v: PhaseVariant) => void } } = {
  start: {
    keys: ['phase', 'history'],
    check: (b, a) => {
      expect(a.phase).toEqual({ kind: 'running', round: 1, endsAt: NOW + ROUND_MINUTES * MIN })
      expect(a.history).toEqual([b.seating])
    },
  },
  pause: {
    keys: ['phase'],
    check: (b, a, v) => expect(a.phase).toEqual({ kind: 'paused', round: 1, remainingMs: v === 'running' ? 10 * MIN : 0 }),
  },
  resume: { keys: ['phase'], check: (b, a) => expect(a.phase).toEqual({ kind: 'running', round: 1, endsAt: NOW + 7 * MIN }) },
  extend: {
    keys: ['phase', 'history'],
    check: (b, a, v) => {
      const expectedPhase = {
        running: { kind: 'running', round: 1, endsAt: NOW + 15 * MIN },
        'running-due': { kind: 'running', round: 1, endsAt: NOW + 5 * MIN },
        paused: { kind: 'paused', round: 1, remainingMs: 12 * MIN },
        ended: { kind: 'running', round: 1, endsAt: NOW + 5 * MIN },
        'ended-last': { kind: 'running', round: 3, endsAt: NOW + 5 * MIN },
        rotating: { kind: 'running', round: 1, endsAt: NOW + 5 * MIN },
      }[v as string]
      expect(a.phase).toEqual(expectedPhase)
      expect(a.seating).toEqual(b.seating)
    },
  },
  tick: {
    keys: ['phase'],
    check: (b, a) => expect(a.phase).toEqual({ kind: 'ended', round: 1, endedAt: NOW - 1000, reason: 'timer' }),
  },
  'end-round': {
    keys: ['phase'],
    check: (b, a) => expect(a.phase).toEqual({ kind: 'ended', round: 1, endedAt: NOW, reason: 'facilitator' }),
  },
  'plan-rotation': {
    keys: ['phase'],
    check: (b, a) => {
      expect(a.phase).toEqual({ kind: 'rotating', round: 1, plan: planRotation(rotationInputOf(b), 7) })
      if (a.phase.kind !== 'rotating') return
      expect(Object.keys(a.phase.plan).sort()).toEqual(Object.keys(b.people).sort())
      for (let t = 0; t < 4; t++) expect(a.phase.plan[`h${t}`]).toBe(t)
    },
  },
  'swap-in-plan': {
    keys: ['phase'],
    check: (b, a) => {
      if (b.phase.kind !== 'rotating' || a.phase.kind !== 'rotating') throw new Error('not rotating')
      expect(a.phase.plan).toEqual({ ...b.phase.plan, p0: b.phase.plan.p1, p1: b.phase.plan.p0 })
    },
  },
  'apply-rotation': {
    keys: ['phase', 'seating', 'history', 'sittings'],
    check: (b, a) => {
      if (b.phase.kind !== 'rotating') throw new Error('not rotating')
      expect(a.phase).toEqual({ kind: 'running', round: 2, endsAt: NOW + ROUND_MINUTES * MIN })
      expect(a.seating).toEqual(b.phase.plan)
      expect(a.history).toEqual([...b.history, b.phase.plan])
      for (const [id, t] of Object.entries(b.phase.plan)) expect(a.sittings[id]).toContain(t)
    },
  },
  'open-harvest': { keys: ['phase'], check: (b, a) => expect(a.phase).toEqual({ kind: 'harvest' }) },
  close: { keys: ['phase'], check: (b, a) => expect(a.phase).toEqual({ kind: 'closed' }) },
  join: {
    keys: ['people', 'seating', 'history', 'phase', 'sittings'],
    check: (b, a, v) => {
      expect(a.sittings.newbie).toEqual([0])
      expect(a.people.newbie).toStrictEqual({ id: 'newbie', name: 'Nino', country: 'Georgia', joinedAt: NOW })
      // Every table has three people: the newcomer takes the lowest-numbered.
      expect(a.seating.newbie).toBe(0)
      if (a.phase.kind === 'rotating') expect(a.phase.plan.newbie).toBe(0)
      if (inRound(v)) expect(a.history.at(-1)!.newbie).toBe(0)
      else expect(a.history).toEqual(b.history)
    },
  },
  'make-host': {
    keys: ['people', 'seating', 'history', 'phase', 'sittings'],
    check: (b, a, v) => {
      expect(a.sittings.p0).toEqual(expect.arrayContaining([...(b.sittings.p0 ?? []), 1]))
      expect(a.people.p0!.hostOf).toBe(1)
      expect(a.people.h1!.hostOf).toBeUndefined()
      expect(a.seating).toEqual({ ...b.seating, p0: 1 })
      if (a.phase.kind === 'rotating') expect(a.phase.plan.p0).toBe(1)
      if (inRound(v)) expect(a.history.at(-1)!.p0).toBe(1)
    },
  },
  'unset-host': {
    keys: ['people'],
    check: (b, a) => {
      const { hostOf: _unset, ...guest } = b.people.h2!
      expect(a.people.h2).toStrictEqual(guest)
      expect(a.seating.h2).toBe(2)
    },
  },
  move: {
    keys: ['seating', 'history', 'phase', 'sittings'],
    check: (b, a, v) => {
      // The old table is remembered: p1 may still deliver what they wrote there offline.
      expect(a.sittings.p1).toEqual([...(b.sittings.p1 ?? []), 3])
      expect(a.seating).toEqual({ ...b.seating, p1: 3 })
      if (a.phase.kind === 'rotating') expect(a.phase.plan.p1).toBe(3)
      if (inRound(v)) expect(a.history.at(-1)!.p1).toBe(3)
    },
  },
  remove: {
    keys: ['people', 'seating', 'phase'],
    check: (b, a) => {
      expect(a.people.p2).toStrictEqual({ ...b.people.p2, removed: true })
      expect(a.seating).not.toHaveProperty('p2')
      if (a.phase.kind === 'rotating') expect(a.phase.plan).not.toHaveProperty('p2')
    },
  },
  'add-person': {
    keys: ['people', 'seating', 'history', 'phase', 'sittings'],
    check: (b, a, v) => {
      expect(a.people.nino).toStrictEqual({ id: 'nino', name: 'Nino', country: 'Georgia', withoutDevice: true, joinedAt: NOW })
      expect(a.seating).toEqual({ ...b.seating, nino: 0 })
      expect(a.sittings.nino).toEqual([0])
      if (a.phase.kind === 'rotating') expect(a.phase.plan.nino).toBe(0)
      if (inRound(v)) expect(a.history.at(-1)!.nino).toBe(0)
      else expect(a.history).toEqual(b.history)
    },
  },
  'rename-table': { keys: ['tables'], check: (b, a) => expect(a.tables[0]).toEqual({ name: 'Kutaisi centre' }) },
  'set-tables': {
    keys: ['tables', 'people', 'seating', 'sittings'],
    check: (b, a) => {
      for (const [id, t] of Object.entries(a.seating)) expect(a.sittings[id]).toContain(t)
      expect(a.tables).toEqual([{ name: 'Tbilisi' }, { name: 'Kutaisi' }, { name: 'Gori' }])
      expect(a.people.h3!.hostOf).toBeUndefined()
      expect([0, 1, 2].map((t) => seatsAt(a, t))).toEqual([4, 4, 4])
      for (let t = 0; t < 3; t++) expect(a.seating[`h${t}`]).toBe(t)
    },
  },
}

describe.each(PHASE_VARIANTS)('a café that is %s', (variant) => {
  it.each(CAFE_COMMAND_TYPES)('%s: allowed for whom the table says, refused and unchanged for everyone else', (type) => {
    for (const actorName of Object.keys(ACTORS) as ActorName[]) {
      const state = deepFreeze(cafeIn(variant))
      const before = structuredClone(state)
      const result = applyCommand(state, COMMANDS[type], ACTORS[actorName], NOW)
      const want = expected(actorName, type, variant)
      const context = `${actorName} sends ${type} while ${variant}`
      // The input is never changed, whatever happens (it is frozen, too: a write would throw).
      expect(state, context).toEqual(before)
      if (want !== 'ok') {
        expect(result, context).toEqual({ ok: false, code: want, message: expect.any(String) })
        continue
      }
      expect(result.ok, `${context}: ${JSON.stringify(result)}`).toBe(true)
      if (!result.ok) continue
      const after = result.value
      expect(after.version, context).toBe(before.version + 1)
      const effect = EFFECTS[type]
      for (const key of Object.keys(before) as (keyof CafeState)[]) {
        if (key !== 'version' && !effect.keys.includes(key)) expect(after[key], `${context}: ${key}`).toEqual(before[key])
      }
      effect.check(before, after, variant)
    }
  })
})

describe('the table itself', () => {
  it('covers every command, and every command is allowed for someone somewhere', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...CAFE_COMMAND_TYPES].sort())
    for (const type of CAFE_COMMAND_TYPES) {
      const somewhere = PHASE_VARIANTS.some((v) => (Object.keys(ACTORS) as ActorName[]).some((a) => expected(a, type, v) === 'ok'))
      expect(somewhere, type).toBe(true)
    }
  })
})
