/**
 * The round clock: the server holds an end time (or, paused, the time left), and every screen
 * derives the rest. Pause, resume, extend and the tick, as a facilitator would use them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyCommand, remainingMs, type CafeCommand } from '../../shared/cafe/commands.js'
import type { Actor, CafeState } from '../../shared/cafe/types.js'
import { ACTORS, cafeIn, deepFreeze, NOW, ROUND_MINUTES } from './factories.js'

const MIN = 60_000
const SEC = 1_000

function apply(state: CafeState, cmd: CafeCommand, now: number, actor: Actor = ACTORS.facilitator): CafeState {
  const result = applyCommand(deepFreeze(state), cmd, actor, now)
  if (!result.ok) throw new Error(`${cmd.type} refused at ${now - NOW} ms: ${result.code}`)
  return result.value
}
const started = () => apply(cafeIn('lobby'), { type: 'start' }, NOW)
const tick = (s: CafeState, now: number) => applyCommand(deepFreeze(s), { type: 'tick' }, ACTORS.system, now)

describe('the round clock', () => {
  it('a round starts with the full time and counts down from the server’s end time', () => {
    const s = started()
    expect(remainingMs(s.phase, NOW)).toBe(ROUND_MINUTES * MIN)
    expect(remainingMs(s.phase, NOW + 5 * MIN)).toBe(15 * MIN)
    expect(remainingMs(s.phase, NOW + 25 * MIN)).toBe(0)
  })

  it('a round paused with 12 minutes left resumes with 12 minutes left, however long the pause', () => {
    const paused = apply(started(), { type: 'pause' }, NOW + 8 * MIN)
    expect(remainingMs(paused.phase, NOW + 60 * MIN)).toBe(12 * MIN)
    const resumed = apply(paused, { type: 'resume' }, NOW + 60 * MIN)
    expect(resumed.phase).toEqual({ kind: 'running', round: 1, endsAt: NOW + 72 * MIN })
  })

  it('one more minute while running ends the round a minute later; five more while paused leaves five more', () => {
    const later = apply(started(), { type: 'extend', minutes: 1 }, NOW + 3 * MIN)
    expect(remainingMs(later.phase, NOW + 3 * MIN)).toBe(18 * MIN)
    const paused = apply(later, { type: 'pause' }, NOW + 4 * MIN)
    const more = apply(paused, { type: 'extend', minutes: 5 }, NOW + 5 * MIN)
    expect(remainingMs(more.phase, NOW + 9 * MIN)).toBe(22 * MIN)
  })

  it('a tick one millisecond early changes nothing; at the end time the round ends by the timer', () => {
    const s = started()
    const endsAt = NOW + ROUND_MINUTES * MIN
    const before = structuredClone(s)
    expect(tick(s, endsAt - 1)).toMatchObject({ ok: false, code: 'timer_not_due' })
    expect(s).toEqual(before)
    const ended = tick(s, endsAt)
    expect(ended).toMatchObject({ ok: true, value: { phase: { kind: 'ended', round: 1, endedAt: endsAt, reason: 'timer' } } })
  })

  it('a late tick (the server was busy or restarting) still records when the bell rang', () => {
    const ended = tick(started(), NOW + 45 * MIN)
    expect(ended).toMatchObject({ ok: true, value: { phase: { kind: 'ended', endedAt: NOW + ROUND_MINUTES * MIN } } })
  })

  it('a paused round never ends by the timer', () => {
    const paused = apply(started(), { type: 'pause' }, NOW + MIN)
    expect(tick(paused, NOW + 90 * MIN)).toMatchObject({ ok: false, code: 'round_not_running' })
  })

  it('five more minutes after the bell reopens the round with exactly five minutes to go', () => {
    const ended = apply(started(), { type: 'end-round' }, NOW + 10 * MIN)
    const reopened = apply(ended, { type: 'extend', minutes: 5 }, NOW + 11 * MIN)
    expect(reopened.phase).toEqual({ kind: 'running', round: 1, endsAt: NOW + 16 * MIN })
  })

  it('one more minute when the time is up but the tick has not come yet is a real minute from now', () => {
    const s = apply(started(), { type: 'extend', minutes: 1 }, NOW + 20 * MIN + 30 * SEC)
    expect(remainingMs(s.phase, NOW + 20 * MIN + 30 * SEC)).toBe(MIN)
  })

  it('pausing at 0:00 holds the room; resuming with no time left ends at the next tick', () => {
    const held = apply(started(), { type: 'pause' }, NOW + 21 * MIN)
    expect(held.phase).toEqual({ kind: 'paused', round: 1, remainingMs: 0 })
    const resumed = apply(held, { type: 'resume' }, NOW + 22 * MIN)
    expect(tick(resumed, NOW + 22 * MIN)).toMatchObject({ ok: true, value: { phase: { kind: 'ended' } } })
  })

  it('whatever the facilitator clicks, time left = the round + extensions − time spent running', () => {
    const click = fc.record({
      after: fc.integer({ min: 0, max: 6 * MIN }),
      cmd: fc.constantFrom<CafeCommand>({ type: 'pause' }, { type: 'resume' }, { type: 'extend', minutes: 1 }, { type: 'extend', minutes: 5 }),
    })
    fc.assert(
      fc.property(fc.array(click, { maxLength: 30 }), (clicks) => {
        let s = started()
        let now = NOW
        let budget = ROUND_MINUTES * MIN // what the model says is left, at `now`
        for (const { after, cmd } of clicks) {
          const running = s.phase.kind === 'running'
          // The model only follows rounds that have not run out (a round at zero is the tick's business).
          if (running && budget - after <= 0) break
          now += after
          if (running) budget -= after
          const result = applyCommand(deepFreeze(s), cmd, ACTORS.facilitator, now)
          if (!result.ok) continue
          s = result.value
          if (cmd.type === 'extend') budget += cmd.minutes * MIN
          expect(remainingMs(s.phase, now)).toBe(budget)
        }
      }),
      { numRuns: 300, seed: 5 },
    )
  })
})
