/**
 * The rotation planner: next round's seating for a Knowledge Café. Objectives, in strict
 * priority:
 *   1. hosts stay at their table (hard);
 *   4. table sizes differ by at most one, hosts included (hard);
 *   2. no two non-hosts sit together twice where possible, else as few repeated pairs as possible;
 *   3. each table mixes as many countries and organisations as the room allows;
 *   5. nobody returns to a table they sat at (or to a host they sat with), where possible.
 * The hard ones hold by construction; the rest are a lexicographic cost minimised by greedy
 * construction plus local search, restarted as often as a fixed budget of counted work allows,
 * all from one seeded random stream. Same input and seed → same plan, on any machine.
 * Where the room forces repeats, the lower objectives give way: see "when the room forces a
 * choice" in tests/unit/rotation.test.ts.
 */
import { compileRoom, type Room, type RotationInput } from './rotation-room.js'
import { isBetter, type SearchCost } from './rotation-cost.js'
import { SeatingSearch } from './rotation-search.js'
import { createRng } from './seeded-random.js'
import type { Seating } from './types.js'

export type { RotationInput, RotationPerson } from './rotation-room.js'
export { randomSeating, scoreSeating, seatingBounds, seatingScorer } from './rotation-score.js'
export type { SeatingBounds, SeatingScore } from './rotation-score.js'

/** Knobs for benchmarks and tests; the defaults are what the café uses. */
export interface PlanOptions {
  /** Independent greedy + search attempts; the best is kept. Default: as many as the work budget allows, 4–256. */
  restarts?: number
  /** Local-search iterations per non-host person, per attempt. */
  effort?: number
}

const DEFAULT_EFFORT = 60
/** Per attempt and phase; ~0.1 s on a slow core, reached only by rooms of very large tables. */
const MAX_EVALUATIONS = 300_000
/**
 * Work (candidate evaluations, roughly) spent on restarts. Small rooms have local optima that
 * one more swap cannot leave (a better seating two uphill steps away), and restarts there cost
 * next to nothing, so they get many; a room of 1,000 gets the minimum.
 */
const RESTART_BUDGET = 400_000
const MIN_RESTARTS = 4
const MAX_RESTARTS = 256

/** Plans the next round's seating (personId → table) for everyone in `input.people`. */
export function planRotation(input: RotationInput, seed: number, options: PlanOptions = {}): Seating {
  const room = compileRoom(input)
  if (room.tables === 0 || room.n === 0) return {}
  const effort = Math.max(0, options.effort ?? DEFAULT_EFFORT)
  const nonHosts = room.n - room.hostAt.filter((h) => h >= 0).length
  const rng = createRng(seed)
  // Work is counted, not timed, so the number of attempts (and the plan) is deterministic.
  let work = 0
  const another = (attempt: number) =>
    options.restarts !== undefined
      ? attempt < Math.max(1, options.restarts)
      : attempt < MIN_RESTARTS || (attempt < MAX_RESTARTS && work < RESTART_BUDGET)
  let best: { seating: Int32Array; cost: SearchCost } | undefined
  for (let attempt = 0; another(attempt); attempt++) {
    const search = new SeatingSearch(room, rng)
    search.placeAll()
    // Evaluation caps keep a dense room (few, very large tables) from running away; an
    // ordinary café of tables of 4–6 stops on the iteration count long before them.
    search.improve(effort * nonHosts, Math.min(effort * nonHosts * 8, MAX_EVALUATIONS))
    search.polish(3, MAX_EVALUATIONS / 2)
    work += search.work
    const cost = search.cost()
    if (!best || isBetter(cost, best.cost)) best = { seating: search.seating(), cost }
    // Nothing left to gain: no repeats, no avoided table, no table sharing a kind.
    if (cost.repeats === 0 && cost.avoided === 0 && cost.samePairs === 0) break
  }
  return toSeating(room, best!.seating)
}

/** fromEntries defines own properties, so even an id like "__proto__" stays an ordinary key. */
function toSeating(room: Room, tables: Int32Array): Seating {
  return Object.fromEntries(room.ids.map((id, i) => [id, tables[i]!]))
}
