/**
 * One seeded fuzz of the state machine: random people sending random commands at random
 * moments, from any phase. After every step the café must still make sense, and a refusal must
 * have changed nothing.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyCommand, type CafeCommand } from '../../shared/cafe/commands.js'
import type { Actor, CafeState } from '../../shared/cafe/types.js'
import { ACTORS, cafeIn, deepFreeze, NOW, PHASE_VARIANTS } from './factories.js'

const IDS = ['h0', 'h1', 'h2', 'h3', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'n1', 'n2', 'n3', 'ghost', 'constructor']
const id = fc.constantFrom(...IDS)
const table = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 }, fc.integer({ min: -1, max: 5 }))

// The round commands come up most often, so random runs get past the lobby and reach the harvest.
const command: fc.Arbitrary<CafeCommand> = fc.oneof(
  { arbitrary: fc.constantFrom<CafeCommand>(
    { type: 'start' },
    { type: 'pause' },
    { type: 'resume' },
    { type: 'tick' },
    { type: 'end-round' },
    { type: 'apply-rotation' },
    { type: 'open-harvest' },
  ), weight: 8 },
  // Closing ends everything; rarely, or most runs would spend their steps at a closed café.
  fc.constant<CafeCommand>({ type: 'close' }),
  fc.record({ type: fc.constant('extend' as const), minutes: fc.constantFrom(1, 5, 2) as fc.Arbitrary<1 | 5> }),
  { arbitrary: fc.record({ type: fc.constant('plan-rotation' as const), seed: fc.integer({ min: 0, max: 1000 }) }), weight: 3 },
  fc.record({ type: fc.constant('swap-in-plan' as const), a: id, b: id }),
  fc.record({ type: fc.constant('join' as const), person: fc.record({ id, name: fc.constantFrom('Nino', 'Oksana', '') }) }),
  fc.record({ type: fc.constant('make-host' as const), personId: id, table }),
  fc.record({ type: fc.constant('unset-host' as const), table }),
  fc.record({ type: fc.constant('move' as const), personId: id, table }),
  fc.record({ type: fc.constant('remove' as const), personId: id }),
  fc.record({ type: fc.constant('rename-table' as const), table, name: fc.constantFrom('Gori', 'Telavi') }),
  fc.record({ type: fc.constant('add-person' as const), id, name: fc.constantFrom('Nino', ' '), table }),
  fc.record({ type: fc.constant('set-tables' as const), names: fc.array(fc.constantFrom('Odesa', 'Baku', 'Minsk'), { maxLength: 6 }) }),
)

/**
 * Mostly the natural sender (the system ticks, people join themselves, the facilitator does the
 * rest), sometimes anyone at all — the refusals must hold up too.
 */
const step = fc.record({
  cmd: command,
  who: fc.oneof(
    { arbitrary: fc.constant('natural'), weight: 8 },
    fc.constantFrom('facilitator', 'system', 'organiser', 'self', 'host'),
  ),
  after: fc.integer({ min: 0, max: 25 * 60_000 }),
})

function actorFor(who: string, cmd: CafeCommand): Actor {
  if (who === 'natural') who = cmd.type === 'tick' ? 'system' : cmd.type === 'join' ? 'self' : 'facilitator'
  if (who === 'self') return { role: 'participant', personId: cmd.type === 'join' ? cmd.person.id : 'p0' }
  return ACTORS[who as keyof typeof ACTORS]
}

/** What must hold of every café, whatever happened to it: the list of what does not. */
function problemsOf(s: CafeState): string[] {
  const problems: string[] = []
  const check = (ok: boolean, problem: string) => void (ok || problems.push(problem))
  const tables = s.tables.length
  const validTable = (t: number) => Number.isInteger(t) && t >= 0 && t < tables
  const present = Object.values(s.people).filter((p) => !p.removed)
  for (const [pid, t] of Object.entries(s.seating)) {
    check(Object.hasOwn(s.people, pid) && !s.people[pid]!.removed, `${pid} seated but unknown or removed`)
    check(validTable(t), `${pid} at table ${t} of ${tables}`)
  }
  if (tables > 0) for (const p of present) check(Object.hasOwn(s.seating, p.id), `${p.id} unseated`)
  const hosted = new Set<number>()
  for (const p of Object.values(s.people)) {
    if (p.hostOf === undefined) continue
    check(!p.removed, `removed ${p.id} still hosts`)
    check(validTable(p.hostOf), `${p.id} hosts table ${p.hostOf} of ${tables}`)
    check(!hosted.has(p.hostOf), `two hosts at table ${p.hostOf}`)
    hosted.add(p.hostOf)
    check(s.seating[p.id] === p.hostOf, `host ${p.id} left table ${p.hostOf}`)
    if (s.phase.kind === 'rotating') check(s.phase.plan[p.id] === p.hostOf, `host ${p.id} moved by the plan`)
  }
  const rounds = s.settings.questions.length
  check(s.history.length <= rounds, `${s.history.length} rounds of history for ${rounds} questions`)
  if ('round' in s.phase) {
    check(s.phase.round >= 1 && s.phase.round <= rounds, `round ${s.phase.round} of ${rounds}`)
    check(s.history.length === s.phase.round, `history of ${s.history.length} in round ${s.phase.round}`)
  }
  if (s.phase.kind === 'rotating') {
    const planned = Object.keys(s.phase.plan).sort().join()
    check(planned === present.map((p) => p.id).sort().join(), `plan covers ${planned}`)
    for (const t of Object.values(s.phase.plan)) check(validTable(t), `plan uses table ${t}`)
  }
  // Stored as JSON and read back after a restart, the café must be exactly the same.
  jsonProblems(s, 'state', problems)
  return problems
}

/** Anything JSON would drop or change: undefined, NaN, Infinity, functions, class instances. */
function jsonProblems(value: unknown, path: string, problems: string[]): void {
  if (typeof value === 'number') return void (Number.isFinite(value) || problems.push(`${path} is ${value}`))
  if (typeof value === 'string' || typeof value === 'boolean') return
  if (value === null || typeof value !== 'object') return void problems.push(`${path} is ${String(value)}`)
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== Array.prototype) problems.push(`${path} is not plain data`)
  for (const [key, child] of Object.entries(value)) jsonProblems(child, `${path}.${key}`, problems)
}

describe('a café under random commands', () => {
  it('stays sound: versions count successes only, hosts stay at their tables, nobody sits at a table that does not exist, rounds stay within the questions', () => {
    let successes = 0
    const phasesSeen = new Set<string>()
    fc.assert(
      fc.property(fc.constantFrom(...PHASE_VARIANTS), fc.array(step, { minLength: 1, maxLength: 80, size: 'large' }), (variant, steps) => {
        let s = deepFreeze(cafeIn(variant))
        let now = NOW
        for (const { cmd, who, after } of steps) {
          now += after
          const before = structuredClone(s)
          const result = applyCommand(s, cmd, actorFor(who, cmd), now)
          expect(s).toEqual(before)
          if (result.ok) {
            expect(result.value.version).toBe(before.version + 1)
            s = deepFreeze(result.value)
            successes++
          } else {
            expect(result.message).not.toBe('')
          }
          phasesSeen.add(s.phase.kind)
          expect(problemsOf(s), `after ${cmd.type}`).toEqual([])
        }
      }),
      { numRuns: 200, seed: 1_125 },
    )
    // The fuzz must actually have driven the café around, not bounced off refusals.
    expect(successes).toBeGreaterThan(1000)
    expect([...phasesSeen].sort()).toEqual(['closed', 'ended', 'harvest', 'lobby', 'paused', 'rotating', 'running'])
  })
})
