/**
 * The rotation planner's search: a greedy seating, then descent over swaps and single moves.
 * Bookkeeping is incremental (per-table kind counts; per person, how many earlier partners sit
 * at each table), so a candidate swap is judged in O(1) — this is what plans 1,000 people well
 * under a second. Costs and weights are explained in rotation-cost.ts.
 */
import { costWeights, TableCounts, type CostWeights, type SearchCost } from './rotation-cost.js'
import { haveMet, type Room } from './rotation-room.js'
import { shuffleInPlace, type Rng } from './seeded-random.js'

/** Largest person × table matrix of partner counts kept (32 MB); beyond it, scan the table. */
const PARTNER_MATRIX_LIMIT = 1 << 23
/** `bestChange` partners: a plain move, or nothing worth doing. */
const MOVE = -1
const NONE = -2

/** One attempt at a seating, from a greedy start to a local optimum. */
export class SeatingSearch {
  private readonly T: number
  /** Most people a table may hold (balanced sizes); the stride of `members`. */
  private readonly cap: number
  private readonly w: CostWeights
  /** person → table, −1 while unplaced. */
  private readonly table: Int32Array
  /** table * cap + i → person; `pos` is the inverse, so removal is O(1). */
  private readonly members: Int32Array
  private readonly pos: Int32Array
  private readonly size: Int32Array
  private readonly countries: TableCounts
  private readonly organisations: TableCounts
  /** person * T + table → how many of the person's earlier non-host partners sit there. */
  private readonly partnersAt: Int32Array | undefined
  private readonly nonHosts: Int32Array
  /** Work done so far: candidate evaluations, greedy table checks, partner counts updated. */
  work = 0

  constructor(
    private readonly room: Room,
    private readonly rng: Rng,
  ) {
    this.T = room.tables
    this.cap = room.base + 1
    this.w = costWeights(this.cap)
    this.table = new Int32Array(room.n).fill(-1)
    this.members = new Int32Array(this.T * this.cap)
    this.pos = new Int32Array(room.n)
    this.size = new Int32Array(this.T)
    this.countries = new TableCounts(room.countryKinds, this.T)
    this.organisations = new TableCounts(room.organisationKinds, this.T)
    this.partnersAt = room.n * this.T <= PARTNER_MATRIX_LIMIT ? new Int32Array(room.n * this.T) : undefined
    this.nonHosts = Int32Array.from({ length: room.n }, (_, p) => p).filter((p) => room.hostTable[p] === -1)
  }

  /**
   * Greedy start: hosts at their tables, then everyone else in random order at the cheapest
   * table still open. Exactly `extra` tables may reach base + 1, so sizes end balanced and the
   * seats left always match the people left (nobody can be stranded).
   */
  placeAll(): void {
    const { room, T } = this
    let full = 0
    for (let t = 0; t < T; t++) {
      const h = room.hostAt[t]!
      if (h < 0) continue
      this.attach(h, t)
      if (this.size[t] === room.base + 1) full++
    }
    for (const p of shuffleInPlace(Int32Array.from(this.nonHosts), this.rng)) {
      let best = -1
      let bestCost = Infinity
      const start = this.rng.int(T)
      for (let i = 0; i < T; i++) {
        const t = (start + i) % T
        const size = this.size[t]!
        if (size > room.base || (size === room.base && full >= room.extra)) continue
        const c = this.placeCost(p, t)
        // Ties go to the emptier table, so early arrivals do not crowd the first tables.
        if (c < bestCost || (c === bestCost && size < this.size[best]!)) [best, bestCost] = [t, c]
      }
      this.attach(p, best)
      if (this.size[best] === room.base + 1) full++
    }
    this.work += this.nonHosts.length * T
  }

  /**
   * Descent: pick a troubled person and a random other table, take the best swap or move
   * there if it improves — or if it is merely sideways (delta 0): that costs nothing and walks
   * the search across plateaus where every single change looks equal (measured: it lifts the
   * example café from 4.96 to 5 countries per table in round 3).
   */
  improve(maxIterations: number, maxEvaluations: number): void {
    const { T, nonHosts, rng } = this
    if (T < 2 || nonHosts.length === 0) return
    const limit = this.work + maxEvaluations
    for (let it = 0; it < maxIterations && this.work < limit; it++) {
      this.work++
      const p = nonHosts[rng.int(nonHosts.length)]!
      if (!this.troubled(p)) continue
      let b = rng.int(T - 1)
      if (b >= this.table[p]!) b++
      this.apply(p, b, this.bestChange(p, b).with)
    }
  }

  /**
   * Exhaustive pass for people still in a repeated pair or at an avoided table: try every
   * table. Random sampling rarely finds the one table left that suits a hard case; this does.
   */
  polish(maxPasses: number, maxEvaluations: number): void {
    const { T, nonHosts } = this
    if (T < 2) return
    const limit = this.work + maxEvaluations
    for (let pass = 0; pass < maxPasses; pass++) {
      let improved = false
      for (const p of nonHosts) {
        const a = this.table[p]!
        if (this.rep(p, a) === 0 && !this.avoids(p, a)) continue
        let best = { delta: 0, with: NONE }
        let bestTable = -1
        for (let b = 0; b < T; b++) {
          if (b === a) continue
          const found = this.bestChange(p, b)
          if (found.delta < best.delta) [best, bestTable] = [found, b]
        }
        if (bestTable >= 0) {
          this.apply(p, bestTable, best.with)
          improved = true
        }
        if (this.work > limit) return
      }
      if (!improved) return
    }
  }

  /** The full cost of the current seating, computed from scratch. */
  cost(): SearchCost {
    const { room, cap } = this
    let repeats = 0
    let avoided = 0
    for (const p of this.nonHosts) {
      repeats += this.rep(p, this.table[p]!)
      if (this.avoids(p, this.table[p]!)) avoided++
    }
    let distinct = 0
    let same = 0
    const kinds = [
      { of: room.country, counts: this.countries, seenAt: new Int32Array(room.countryKinds).fill(-1) },
      { of: room.organisation, counts: this.organisations, seenAt: new Int32Array(room.organisationKinds).fill(-1) },
    ]
    for (let t = 0; t < this.T; t++) {
      for (let i = 0; i < this.size[t]!; i++) {
        const m = this.members[t * cap + i]!
        for (const { of, counts, seenAt } of kinds) {
          const k = of[m]!
          if (k < 0) continue
          same += counts.get(t, k) - 1
          if (seenAt[k] !== t) {
            seenAt[k] = t
            distinct++
          }
        }
      }
    }
    // Each pair was counted once from each side.
    return { repeats: repeats / 2, distinct, samePairs: same / 2, avoided }
  }

  /** person → table of the current seating (a copy). */
  seating = (): Int32Array => Int32Array.from(this.table)

  /** Could moving p help at all? People with nothing wrong are only ever moved as someone's swap partner. */
  private troubled(p: number): boolean {
    const a = this.table[p]!
    return (
      this.rep(p, a) > 0 ||
      this.avoids(p, a) ||
      this.countries.get(a, this.room.country[p]!) > 1 ||
      this.organisations.get(a, this.room.organisation[p]!) > 1
    )
  }

  /**
   * The best change that takes p to table b: a swap with one of b's non-hosts, or a plain move
   * when that keeps sizes balanced. `with` is the swap partner, MOVE, or NONE when every option
   * is worse than staying; a zero delta is a sideways option.
   */
  private bestChange(p: number, b: number): { delta: number; with: number } {
    const a = this.table[p]!
    this.work += this.size[b]! + 1
    let delta = Infinity
    let partner = NONE
    if (this.size[a] === this.size[b]! + 1) [delta, partner] = [this.moveDelta(p, b), MOVE]
    const start = b * this.cap
    for (let i = 0; i < this.size[b]!; i++) {
      const q = this.members[start + i]!
      if (this.room.hostTable[q] !== -1) continue
      const d = this.swapDelta(p, q)
      if (d < delta) [delta, partner] = [d, q]
    }
    return delta <= 0 ? { delta, with: partner } : { delta: 0, with: NONE }
  }

  private apply(p: number, b: number, partner: number): void {
    if (partner === MOVE) {
      this.detach(p)
      this.attach(p, b)
    } else if (partner !== NONE) {
      const a = this.table[p]!
      this.detach(p)
      this.detach(partner)
      this.attach(p, b)
      this.attach(partner, a)
    }
  }

  /** Earlier non-host partners of p seated at t (p itself never counts). */
  private rep(p: number, t: number): number {
    if (this.partnersAt) return this.partnersAt[p * this.T + t]!
    if (this.room.partners[p]!.length === 0) return 0
    let c = 0
    for (let i = 0; i < this.size[t]!; i++) {
      const m = this.members[t * this.cap + i]!
      if (m !== p && this.room.hostTable[m] === -1 && haveMet(this.room, p, m)) c++
    }
    return c
  }

  private avoids(p: number, t: number): boolean {
    return this.room.avoid.has(p * this.T + t)
  }

  private placeCost(p: number, t: number): number {
    const { w, room } = this
    return (
      w.repeat * this.rep(p, t) +
      (this.avoids(p, t) ? w.avoid : 0) +
      this.countries.placeCost(w, t, room.country[p]!) +
      this.organisations.placeCost(w, t, room.organisation[p]!)
    )
  }

  private moveDelta(p: number, b: number): number {
    const { w, room } = this
    const a = this.table[p]!
    return (
      w.repeat * (this.rep(p, b) - this.rep(p, a)) +
      w.avoid * (+this.avoids(p, b) - +this.avoids(p, a)) +
      this.countries.mixDelta(w, room.country[p]!, a, -1, b) +
      this.organisations.mixDelta(w, room.organisation[p]!, a, -1, b)
    )
  }

  private swapDelta(p: number, q: number): number {
    const { w, room } = this
    const a = this.table[p]!
    const b = this.table[q]!
    // rep(p, b) counts q if they met, but q is leaving b: take that pair out (and vice versa).
    const met = haveMet(room, p, q) ? 2 : 0
    const rep = this.rep(p, b) + this.rep(q, a) - met - this.rep(p, a) - this.rep(q, b)
    const avoid = +this.avoids(p, b) + +this.avoids(q, a) - +this.avoids(p, a) - +this.avoids(q, b)
    return (
      w.repeat * rep +
      w.avoid * avoid +
      this.countries.mixDelta(w, room.country[p]!, a, room.country[q]!, b) +
      this.organisations.mixDelta(w, room.organisation[p]!, a, room.organisation[q]!, b)
    )
  }

  private attach(p: number, t: number): void {
    this.table[p] = t
    this.pos[p] = this.size[t]!
    this.members[t * this.cap + this.size[t]!] = p
    this.size[t]!++
    this.account(p, t, 1)
  }

  private detach(p: number): void {
    const t = this.table[p]!
    const last = this.members[t * this.cap + this.size[t]! - 1]!
    this.members[t * this.cap + this.pos[p]!] = last
    this.pos[last] = this.pos[p]!
    this.size[t]!--
    this.table[p] = -1
    this.account(p, t, -1)
  }

  private account(p: number, t: number, d: number): void {
    const { room } = this
    this.countries.add(t, room.country[p]!, d)
    this.organisations.add(t, room.organisation[p]!, d)
    // Hosts are nobody's entry in `partners` (their repeats are not counted), so only
    // non-hosts move the matrix.
    if (this.partnersAt && room.hostTable[p] === -1) {
      for (const r of room.partners[p]!) this.partnersAt[r * this.T + t]! += d
      // In a room of huge tables everyone has hundreds of partners: count it as work.
      this.work += room.partners[p]!.length
    }
  }
}
