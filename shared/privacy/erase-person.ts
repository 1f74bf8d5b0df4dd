/**
 * Erasing a person from the café's state: they are removed (unseated, no longer host) and
 * everything personal about them goes — their name becomes a neutral stand-in, their country,
 * organisation and language are dropped. Their id stays, so seating history, provenance and dots
 * still add up; it names nobody. The rest of the erasure (documents, harvest, registration list,
 * the store itself) is the server's (server/privacy/erase-person.ts).
 */
import { CafeErrorCode, fail, ok, type Result } from '../cafe/errors.js'
import type { CafeState } from '../cafe/types.js'

/** What an erased person is called from then on: no personal data, distinct within the café. */
export const standInName = (n: number): string => `Removed participant ${n}`

/** The stand-in for the next person erased in this café. */
export function nextStandIn(state: CafeState): string {
  const taken = new Set(Object.values(state.people).map((p) => p.name))
  let n = Object.values(state.people).filter((p) => p.erased).length + 1
  while (taken.has(standInName(n))) n++
  return standInName(n)
}

/**
 * The café with `personId` erased (version + 1). A person the facilitator removed earlier may
 * still be erased; one already erased is unknown.
 */
export function erasePerson(state: CafeState, personId: string): Result<CafeState> {
  const person = Object.hasOwn(state.people, personId) ? state.people[personId] : undefined
  if (!person || person.erased) return fail(CafeErrorCode.UnknownPerson, `no person ${personId} to erase`)
  const draft = structuredClone(state)
  const { id, joinedAt, withoutDevice, simulated } = person
  draft.people[id] = {
    id,
    name: nextStandIn(state),
    joinedAt,
    removed: true,
    erased: true,
    // Flags that say how they took part, not who they are: the summary's counts stay right.
    ...(withoutDevice ? { withoutDevice } : {}),
    ...(simulated ? { simulated } : {}),
  }
  // New objects, not deletes: a state built in memory may share one seating object with history.
  const without = (seats: Record<string, number>) => Object.fromEntries(Object.entries(seats).filter(([who]) => who !== id))
  draft.seating = without(draft.seating)
  if (draft.phase.kind === 'rotating') draft.phase = { ...draft.phase, plan: without(draft.phase.plan) }
  return ok({ ...draft, version: state.version + 1 })
}
