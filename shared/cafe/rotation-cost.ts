/**
 * The rotation planner's cost, and the per-table counts it is computed from. The objective is
 * lexicographic (repeated pairs, then mixing, then returns); the search judges a change by its
 * delta, and a delta's terms are bounded, so the lexicographic order is folded into one
 * weighted integer whose every weight exceeds the largest total of the terms below it.
 */

/** Above this many cells a per-table count matrix would cost too much memory: use a Map. */
const DENSE_LIMIT = 1 << 22

/** How good a seating is, in the planner's own terms. */
export interface SearchCost {
  /** Pairs of non-hosts at one table who sat together before (objective 2). */
  repeats: number
  /** Σ over tables of distinct countries + distinct organisations (objective 3; higher is better). */
  distinct: number
  /** Pairs at one table sharing a country or an organisation: objective 3's tie-breaker, smoother than counts. */
  samePairs: number
  /** People at a table they sat at, or whose host they sat with, before (objective 5). */
  avoided: number
}

/** Strict lexicographic comparison of two costs, in the planner's priority order. */
export function isBetter(a: SearchCost, b: SearchCost): boolean {
  if (a.repeats !== b.repeats) return a.repeats < b.repeats
  if (a.distinct !== b.distinct) return a.distinct > b.distinct
  if (a.samePairs !== b.samePairs) return a.samePairs < b.samePairs
  return a.avoided < b.avoided
}

/** Weights that make one weighted sum of a swap's deltas order like the lexicographic cost. */
export interface CostWeights {
  repeat: number
  distinct: number
  same: number
  avoid: number
}

/**
 * Weights for tables of at most `cap` people. A swap touches 2 tables × 2 attributes, so
 * |Δavoid| ≤ 2, |Δsame| ≤ 8·cap and |Δdistinct| ≤ 8 (a greedy placement moves less).
 */
export function costWeights(cap: number): CostWeights {
  const avoid = 1
  const same = 2 * avoid + 1
  const distinct = same * 8 * cap + 2 * avoid + 1
  const repeat = distinct * 8 + same * 8 * cap + 2 * avoid + 1
  return { repeat, distinct, same, avoid }
}

/** Per-table counts of one attribute (country or organisation); kind −1 means "not given". */
export class TableCounts {
  private readonly kinds: number
  private readonly dense: Int32Array | undefined
  private readonly sparse = new Map<number, number>()

  constructor(kinds: number, tables: number) {
    this.kinds = kinds
    this.dense = tables * kinds <= DENSE_LIMIT ? new Int32Array(tables * kinds) : undefined
  }

  /** How many people of kind k sit at table t. */
  get(t: number, k: number): number {
    if (k < 0) return 0
    const key = t * this.kinds + k
    return this.dense ? this.dense[key]! : (this.sparse.get(key) ?? 0)
  }

  /** Adds d people of kind k at table t. */
  add(t: number, k: number, d: number): void {
    if (k < 0) return
    const key = t * this.kinds + k
    if (this.dense) this.dense[key]! += d
    else this.sparse.set(key, (this.sparse.get(key) ?? 0) + d)
  }

  /**
   * Weighted change of mixing when kind x leaves table a for b and kind y leaves b for a
   * (y = −1 for a plain move). Each departure may lose a distinct kind and removes its
   * same-kind pairs; each arrival may add one and creates pairs with those already there.
   */
  mixDelta(w: CostWeights, x: number, a: number, y: number, b: number): number {
    if (x === y) return 0
    let distinct = 0
    let same = 0
    if (x >= 0) {
      const left = this.get(a, x)
      const arrived = this.get(b, x)
      same += arrived - (left - 1)
      distinct += (arrived === 0 ? 1 : 0) - (left === 1 ? 1 : 0)
    }
    if (y >= 0) {
      const left = this.get(b, y)
      const arrived = this.get(a, y)
      same += arrived - (left - 1)
      distinct += (arrived === 0 ? 1 : 0) - (left === 1 ? 1 : 0)
    }
    return w.same * same - w.distinct * distinct
  }

  /** Weighted cost of one more person of kind k at table t (a greedy step). */
  placeCost(w: CostWeights, t: number, k: number): number {
    if (k < 0) return 0
    const c = this.get(t, k)
    return c === 0 ? -w.distinct : w.same * c
  }
}
