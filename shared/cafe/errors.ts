/**
 * The café's expected failures, as values. A command that is not allowed returns one of these
 * codes instead of throwing: the UI shows the code in the person's language, the message is
 * plain English for logs only and is never shown to anybody.
 */

/** Every reason the café can refuse a command. */
export const CafeErrorCode = {
  /** The caller's role may not send this command (organisers change nothing, ever). */
  Forbidden: 'forbidden',
  /** The café is closed: it is an archive now. */
  CafeClosed: 'cafe_closed',
  /** The command exists but makes no sense in this phase (e.g. `close` before the harvest). */
  WrongPhase: 'wrong_phase',
  /** pause / end-round / extend / tick when no round is going on. */
  RoundNotRunning: 'round_not_running',
  /** resume when nothing is paused. */
  NotPaused: 'not_paused',
  /** The system's tick arrived before the round's end time: nothing to do yet. */
  TimerNotDue: 'timer_not_due',
  /** swap-in-plan / apply-rotation without a previewed plan. */
  NoPlan: 'no_plan',
  /** The last round is over (plan-rotation), or the café has no questions (start). */
  NoMoreRounds: 'no_more_rounds',
  /** extend by anything but 1 or 5 minutes. */
  BadMinutes: 'bad_minutes',
  UnknownPerson: 'unknown_person',
  UnknownTable: 'unknown_table',
  /** A join whose person has no usable id or name. */
  BadPerson: 'bad_person',
  /** A person joined twice with the same id. */
  AlreadyJoined: 'already_joined',
  /** A host keeps their table: move or swap them only after `unset-host`. */
  HostStays: 'host_stays',
  /** unset-host on a table that has no host. */
  NoHost: 'no_host',
  /** A café needs at least one table (set-tables with none, start without tables). */
  NoTables: 'no_tables',
} as const

/** One of the string codes of {@link CafeErrorCode}. */
export type CafeErrorCode = (typeof CafeErrorCode)[keyof typeof CafeErrorCode]

/** A refusal: the code is for the UI, the message for logs. */
export interface CafeFailure {
  ok: false
  code: CafeErrorCode
  message: string
}

/** The outcome of anything that can be refused. */
export type Result<T> = { ok: true; value: T } | CafeFailure

/** Wraps a successful value. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** Builds a refusal; usable as any `Result<T>`. */
export function fail(code: CafeErrorCode, message: string): CafeFailure {
  return { ok: false, code, message }
}

/** Compile-time exhaustiveness for switches over tagged unions; unreachable at run time. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
