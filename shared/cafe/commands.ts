/**
 * The café's commands and the one function that applies them. `applyCommand` is pure: it never
 * mutates the state it is given, and returns either the next state (version + 1) or a typed
 * refusal that leaves everything as it was. The server stores what it returns, so a restart
 * resumes exactly; time is always passed in, never read.
 *
 * Who may send what (checked first, whatever the phase):
 *   facilitator  every command except `tick`
 *   system       `tick` only (the server's timer loop)
 *   participant  `join`, for themselves only (person.id === actor.personId); same for a host.
 *                No client sends a join: the server builds it from the join route, adding a
 *                pre-assigned `hostOf` or a seat (`table`) only from the registration list or a
 *                table card's link (server/prep), never from what the person claims
 *   host         also `add-person` at the table they host (a person without a device)
 *   organiser    nothing: reads and downloads, never changes the running café
 * Anything else → forbidden. Then, in this order: a closed café refuses everything with
 * cafe_closed; then the phase is checked (table below); then the arguments (unknown_person,
 * unknown_table, bad_minutes, host_stays, no_host, already_joined, bad_person, no_tables).
 * A join's `hostOf` makes the person host only while that table has none (else it is ignored);
 * the person then sits there, else at `table` if given, else at the emptiest table.
 *
 *   command          lobby      running       paused      ended          rotating       harvest
 *   start            ✓ round 1  wrong_phase   wrong_phase wrong_phase    wrong_phase    wrong_phase
 *   pause            not_run    ✓             not_run     not_run        not_run        not_run
 *   resume           not_paused not_paused    ✓           not_paused     not_paused     not_paused
 *   extend {1|5}     not_run    ✓ endsAt + m  ✓ left + m  ✓ reopen, m    ✓ reopen, m    not_run
 *   tick (system)    not_run    ✓ if due¹     not_run     not_run        not_run        not_run
 *   end-round        not_run    ✓             ✓           not_run        not_run        not_run
 *   plan-rotation    wrong_phase wrong_phase  wrong_phase ✓ / last²      ✓ re-plan      wrong_phase
 *   swap-in-plan     no_plan    no_plan       no_plan     no_plan        ✓              no_plan
 *   apply-rotation   no_plan    no_plan       no_plan     no_plan        ✓ round n+1    no_plan
 *   open-harvest     wrong_phase wrong_phase  wrong_phase ✓³             ✓³             wrong_phase
 *   close            wrong_phase wrong_phase  wrong_phase wrong_phase    wrong_phase    ✓
 *   join, make-host, unset-host, move, remove, rename-table, add-person:   ✓ in every phase
 *   set-tables       ✓          wrong_phase everywhere else (tables are fixed once round 1 starts)
 * not_run = round_not_running; closed = cafe_closed for every command.
 * ¹ before endsAt: timer_not_due. ² after the last round: no_more_rounds.
 * ³ also before the last round: a facilitator short of time may cut the café to the harvest.
 * Extending an ended round reopens it with `m` minutes left, because that is what "give them
 * five more minutes" means once the bell has rung; from `rotating` it also drops the plan.
 */
import { assertNever, CafeErrorCode, fail, ok, type Result } from './errors.js'
import { personById, roleOf } from './cafe-queries.js'
import { applyPeopleCommand, type PeopleCommand } from './people-commands.js'
import { applyRoundCommand, type RoundCommand } from './round-commands.js'
import type { Actor, CafeState } from './types.js'

export type { NewPerson, PeopleCommand } from './people-commands.js'
export type { RoundCommand } from './round-commands.js'
export { assertNever } from './errors.js'
export { currentRound, hostOf, remainingMs, roleOf, rotationInputOf, tableOf } from './cafe-queries.js'

/** Every command the café understands, tagged by `type`. */
export type CafeCommand = RoundCommand | PeopleCommand

/** The command tags, for exhaustive tables (tests, protocol schemas). */
export type CafeCommandType = CafeCommand['type']

/** All command tags, in the order of the table above. */
export const CAFE_COMMAND_TYPES = [
  'start',
  'pause',
  'resume',
  'extend',
  'tick',
  'end-round',
  'plan-rotation',
  'swap-in-plan',
  'apply-rotation',
  'open-harvest',
  'close',
  'join',
  'make-host',
  'unset-host',
  'move',
  'remove',
  'rename-table',
  'set-tables',
  'add-person',
] as const satisfies readonly CafeCommandType[]

/**
 * Applies `cmd` from `actor` at server time `now`. Pure; on success the new state's version is
 * the old one + 1, on failure the input is untouched (it is never touched anyway).
 */
export function applyCommand(state: CafeState, cmd: CafeCommand, actor: Actor, now: number): Result<CafeState> {
  if (!mayIssue(state, cmd, actor)) {
    return fail(CafeErrorCode.Forbidden, `${actor.role} may not ${cmd.type}`)
  }
  if (state.phase.kind === 'closed') return fail(CafeErrorCode.CafeClosed, 'the café is closed')
  const next = run(state, cmd, now)
  return next.ok ? ok({ ...next.value, version: state.version + 1 }) : next
}

function run(state: CafeState, cmd: CafeCommand, now: number): Result<CafeState> {
  switch (cmd.type) {
    case 'start':
    case 'pause':
    case 'resume':
    case 'extend':
    case 'tick':
    case 'end-round':
    case 'plan-rotation':
    case 'swap-in-plan':
    case 'apply-rotation':
    case 'open-harvest':
    case 'close':
      return applyRoundCommand(state, cmd, now)
    case 'join':
    case 'make-host':
    case 'unset-host':
    case 'move':
    case 'remove':
    case 'rename-table':
    case 'set-tables':
    case 'add-person':
      return applyPeopleCommand(state, cmd, now)
    default:
      return assertNever(cmd)
  }
}

/** The role table at the top of this file. */
function mayIssue(state: CafeState, cmd: CafeCommand, actor: Actor): boolean {
  const role = roleOf(state, actor)
  switch (role) {
    case 'facilitator':
      return cmd.type !== 'tick'
    case 'system':
      return cmd.type === 'tick'
    case 'host':
      // A host adds people without a device at their own table only (they write for them there).
      if (cmd.type === 'add-person') return cmd.table === personById(state, actor.personId ?? '')?.hostOf
      return cmd.type === 'join' && actor.personId !== undefined && cmd.person.id === actor.personId
    case 'participant':
      return cmd.type === 'join' && actor.personId !== undefined && cmd.person.id === actor.personId
    case 'organiser':
      return false
    default:
      return assertNever(role)
  }
}
