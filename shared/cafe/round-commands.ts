/**
 * Commands that move the café through its phases: the round clock, the rotation, the harvest.
 * Each handler checks phase and arguments against the input state and builds a new state; the
 * version bump and role checks are done once, in commands.ts.
 */
import { personById, rotationInputOf } from './cafe-queries.js'
import { assertNever, CafeErrorCode, fail, ok, type Result } from './errors.js'
import { planRotation } from './rotation.js'
import { recordSitting } from './people-commands.js'
import type { CafeState, Phase } from './types.js'

/** Commands about rounds, rotation and the café's end. */
export type RoundCommand =
  | { type: 'start' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** Only 1 or 5: the two buttons a facilitator has; anything else is refused (bad_minutes). */
  | { type: 'extend'; minutes: 1 | 5 }
  /** Sent by the server's timer loop ('system'): ends a running round once its time is up. */
  | { type: 'tick' }
  | { type: 'end-round' }
  /** Compute a plan for the next round and show it to the facilitator (not yet applied). */
  | { type: 'plan-rotation'; seed: number }
  /** Exchange two people's tables in the previewed plan. */
  | { type: 'swap-in-plan'; a: string; b: string }
  | { type: 'apply-rotation' }
  | { type: 'open-harvest' }
  | { type: 'close' }

const MINUTE = 60_000

const notRunning = () => fail(CafeErrorCode.RoundNotRunning, 'no round is running')
const noPlan = () => fail(CafeErrorCode.NoPlan, 'no rotation plan is being previewed')
const wrongPhase = (what: string, phase: Phase) => fail(CafeErrorCode.WrongPhase, `cannot ${what} while ${phase.kind}`)

/** Applies a round command (roles already checked; the café is not closed). */
export function applyRoundCommand(state: CafeState, cmd: RoundCommand, now: number): Result<CafeState> {
  const { phase } = state
  const roundMs = state.settings.roundMinutes * MINUTE
  switch (cmd.type) {
    case 'start': {
      if (phase.kind !== 'lobby') return wrongPhase('start', phase)
      if (state.tables.length === 0) return fail(CafeErrorCode.NoTables, 'the café has no tables')
      if (state.settings.questions.length === 0) return fail(CafeErrorCode.NoMoreRounds, 'the café has no questions')
      return ok({
        ...state,
        phase: { kind: 'running', round: 1, endsAt: now + roundMs },
        history: [{ ...state.seating }],
      })
    }
    case 'pause':
      if (phase.kind !== 'running') return notRunning()
      // Pausing at 0:00 before the tick arrived holds the room at zero; extend then gives time.
      return ok({ ...state, phase: { kind: 'paused', round: phase.round, remainingMs: Math.max(0, phase.endsAt - now) } })
    case 'resume':
      if (phase.kind !== 'paused') return fail(CafeErrorCode.NotPaused, 'the round is not paused')
      return ok({ ...state, phase: { kind: 'running', round: phase.round, endsAt: now + phase.remainingMs } })
    case 'extend':
      return extend(state, cmd.minutes, now)
    case 'tick':
      if (phase.kind !== 'running') return notRunning()
      if (now < phase.endsAt) return fail(CafeErrorCode.TimerNotDue, 'the round still has time left')
      // The round ended when its time ran out, not when the server happened to notice.
      return ok({ ...state, phase: { kind: 'ended', round: phase.round, endedAt: phase.endsAt, reason: 'timer' } })
    case 'end-round':
      if (phase.kind !== 'running' && phase.kind !== 'paused') return notRunning()
      return ok({ ...state, phase: { kind: 'ended', round: phase.round, endedAt: now, reason: 'facilitator' } })
    case 'plan-rotation': {
      if (phase.kind !== 'ended' && phase.kind !== 'rotating') return wrongPhase('plan a rotation', phase)
      if (phase.round >= state.settings.questions.length) {
        return fail(CafeErrorCode.NoMoreRounds, 'the last round is over')
      }
      const seed = Number.isFinite(cmd.seed) ? cmd.seed >>> 0 : 0
      const plan = planRotation(rotationInputOf(state), seed)
      return ok({ ...state, phase: { kind: 'rotating', round: phase.round, plan } })
    }
    case 'swap-in-plan': {
      if (phase.kind !== 'rotating') return noPlan()
      const { plan } = phase
      for (const id of [cmd.a, cmd.b]) {
        const person = personById(state, id)
        if (!person || person.removed || !Object.hasOwn(plan, id)) {
          return fail(CafeErrorCode.UnknownPerson, `${id} is not in the plan`)
        }
        if (person.hostOf !== undefined) return fail(CafeErrorCode.HostStays, `${id} hosts a table`)
      }
      const next = { ...plan, [cmd.a]: plan[cmd.b]!, [cmd.b]: plan[cmd.a]! }
      return ok({ ...state, phase: { ...phase, plan: next } })
    }
    case 'apply-rotation': {
      if (phase.kind !== 'rotating') return noPlan()
      const round = phase.round + 1
      if (round > state.settings.questions.length) return fail(CafeErrorCode.NoMoreRounds, 'the last round is over')
      const sittings = structuredClone(state.sittings)
      const next = { ...state, sittings }
      for (const [id, table] of Object.entries(phase.plan)) recordSitting(next, id, table)
      return ok({
        ...next,
        seating: { ...phase.plan },
        history: [...state.history, { ...phase.plan }],
        phase: { kind: 'running', round, endsAt: now + roundMs },
      })
    }
    case 'open-harvest':
      if (phase.kind !== 'ended' && phase.kind !== 'rotating') return wrongPhase('open the harvest', phase)
      return ok({ ...state, phase: { kind: 'harvest' } })
    case 'close':
      if (phase.kind !== 'harvest') return wrongPhase('close', phase)
      return ok({ ...state, phase: { kind: 'closed' } })
    default:
      return assertNever(cmd)
  }
}

/**
 * More time. Running: later end (counted from now if the bell is already due, so +1 means a
 * real minute). Paused: more time left. Ended or rotating: the round reopens with `minutes`
 * to go, where people sit now (history's entry for the round follows, see people-commands.ts).
 */
function extend(state: CafeState, minutes: number, now: number): Result<CafeState> {
  const { phase } = state
  if (phase.kind !== 'running' && phase.kind !== 'paused' && phase.kind !== 'ended' && phase.kind !== 'rotating') {
    return notRunning()
  }
  if (minutes !== 1 && minutes !== 5) return fail(CafeErrorCode.BadMinutes, `cannot extend by ${minutes} minutes`)
  const ms = minutes * MINUTE
  switch (phase.kind) {
    case 'running':
      return ok({ ...state, phase: { ...phase, endsAt: Math.max(phase.endsAt, now) + ms } })
    case 'paused':
      return ok({ ...state, phase: { ...phase, remainingMs: phase.remainingMs + ms } })
    case 'ended':
    case 'rotating': {
      const history = state.history.map((round, i) => (i === phase.round - 1 ? { ...round, ...state.seating } : round))
      return ok({ ...state, history, phase: { kind: 'running', round: phase.round, endsAt: now + ms } })
    }
    default:
      return assertNever(phase)
  }
}
