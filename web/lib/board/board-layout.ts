/**
 * Decisions of the board that need no DOM: how to lay the tables out so that none needs
 * scrolling, and how long the move after a rotation has left.
 */
// Relative rather than $shared: the unit tests compile this file outside SvelteKit.
import type { Phase } from '../../../shared/cafe/types.js'

/** How much each table card shows: `crowded` (more than 20 tables) drops who sits where. */
export type Density = 'roomy' | 'dense' | 'crowded'

export interface GridShape {
  columns: number
  rows: number
  density: Density
}

// Columns by table count, for a 16:9 screen: cards a little wider than tall, each wide enough
// for a name in 28 px type (5 columns at 20 tables: ~370 px each at 1920 wide).
const COLUMNS = [1, 1, 2, 3, 2, 3, 3, 4, 4, 3, 4, 4, 4, 5, 5, 5, 4, 5, 5, 5, 5]

/** Columns and rows for `tables` cards, and how much each card can show. */
export function gridShape(tables: number): GridShape {
  const n = Math.max(1, Math.floor(tables))
  const columns = COLUMNS[n] ?? Math.ceil(Math.sqrt(n * 1.5))
  return { columns, rows: Math.ceil(n / columns), density: n <= 8 ? 'roomy' : n <= 20 ? 'dense' : 'crowded' }
}

/** How long everyone but the hosts has to change tables after a rotation. */
export const MOVE_MS = 60_000

/**
 * Milliseconds left of the move, or undefined when there is no move to show. The move is the
 * first minute of a round after a rotation (round 2 on), counted on the round's own clock: the
 * round started `roundMinutes` before its end, so it pauses with the round and is the same on
 * every screen. A round extended during that minute no longer shows it (its start is then
 * unknown); so does a round re-opened by "extend" after it ended.
 */
export function moveLeft(phase: Phase, roundMinutes: number, now: number): number | undefined {
  if (phase.kind !== 'running' && phase.kind !== 'paused') return undefined
  if (phase.round < 2) return undefined
  const left = phase.kind === 'running' ? phase.endsAt - now : phase.remainingMs
  const elapsed = roundMinutes * 60_000 - left
  if (elapsed < 0 || elapsed >= MOVE_MS) return undefined
  return MOVE_MS - elapsed
}

/** The last minutes of a running round, when the clock turns to the warning colour. */
export const LAST_MINUTES_MS = 2 * 60_000

/** The projected ranking: one column for a short list, two for a longer one. */
export interface RankingShape {
  columns: 1 | 2
  rows: number
}

/**
 * Rows a column of the ranking holds: each row a title in 36 px and its tables in 28 px, which
 * fit six to a column at 1920×1080 (and 1280×720, scaled) with a message up.
 */
export const RANKING_ROWS = 6

/**
 * Rows keep one height whatever the count, so the list fills from the top and a place never
 * jumps in size as items are merged; what does not fit is counted below the list.
 */
export function rankingShape(items: number): RankingShape {
  return { columns: items <= RANKING_ROWS ? 1 : 2, rows: RANKING_ROWS }
}
