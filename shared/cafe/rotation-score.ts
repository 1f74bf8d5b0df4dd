/**
 * Measuring a seating against the planner's objectives, independently of the planner's own
 * incremental bookkeeping, plus the random baseline and the bounds the benchmark and tests
 * compare against.
 */
import { compileRoom, haveMet, type Room, type RotationInput } from './rotation-room.js'
import { createRng, shuffleInPlace } from './seeded-random.js'
import type { Seating } from './types.js'

/** How a seating fares on each objective. */
export interface SeatingScore {
  /** Pairs of non-hosts at one table who already sat together in an earlier round. */
  repeatedPairs: number
  /** Mean over non-empty tables of distinct countries given. */
  meanCountriesPerTable: number
  meanOrganisationsPerTable: number
  /** Non-hosts seated at a table they already sat at. */
  revisits: number
  /** Largest minus smallest table size over all tables, hosts included. */
  maxSizeDiff: number
  /** Hosts not at their own table. */
  hostsMoved: number
  /** People present but given no (valid) table. */
  unseated: number
}

/** Scores `seating` for the room in `input`. */
export function scoreSeating(input: RotationInput, seating: Seating): SeatingScore {
  return seatingScorer(input)(seating)
}

/** A scorer for many seatings of one room: the room's history is compiled once. */
export function seatingScorer(input: RotationInput): (seating: Seating) => SeatingScore {
  const room = compileRoom(input)
  return (seating) => scoreCompiled(room, seating)
}

function scoreCompiled(room: Room, seating: Seating): SeatingScore {
  const groups: number[][] = Array.from({ length: room.tables }, () => [])
  let unseated = 0
  let hostsMoved = 0
  let revisits = 0
  room.ids.forEach((id, i) => {
    const t = Object.hasOwn(seating, id) ? seating[id] : undefined
    const valid = t !== undefined && Number.isInteger(t) && t >= 0 && t < room.tables
    if (room.hostTable[i]! >= 0 && t !== room.hostTable[i]) hostsMoved++
    if (!valid) return void unseated++
    groups[t]!.push(i)
    if (room.hostTable[i] === -1 && room.visited.has(i * room.tables + t)) revisits++
  })
  let repeatedPairs = 0
  let countries = 0
  let organisations = 0
  let nonEmpty = 0
  for (const group of groups) {
    const guests = group.filter((i) => room.hostTable[i] === -1)
    for (let x = 0; x < guests.length; x++) {
      for (let y = x + 1; y < guests.length; y++) if (haveMet(room, guests[x]!, guests[y]!)) repeatedPairs++
    }
    if (group.length === 0) continue
    nonEmpty++
    countries += new Set(group.map((i) => room.country[i]).filter((k) => k! >= 0)).size
    organisations += new Set(group.map((i) => room.organisation[i]).filter((k) => k! >= 0)).size
  }
  const sizes = groups.map((g) => g.length)
  return {
    repeatedPairs,
    meanCountriesPerTable: nonEmpty ? countries / nonEmpty : 0,
    meanOrganisationsPerTable: nonEmpty ? organisations / nonEmpty : 0,
    revisits,
    maxSizeDiff: sizes.length ? Math.max(...sizes) - Math.min(...sizes) : 0,
    hostsMoved,
    unseated,
  }
}

/**
 * A uniformly random seating that still keeps hosts and balanced sizes: the baseline the
 * planner must beat, i.e. what "everyone moves somewhere" gives without any thought.
 */
export function randomSeating(input: RotationInput, seed: number): Seating {
  // History plays no part in a random seating; compiling it would dominate the cost.
  const room = compileRoom({ ...input, history: [] })
  if (room.tables === 0) return {}
  const rng = createRng(seed)
  const hosted: number[] = []
  const free: number[] = []
  for (let t = 0; t < room.tables; t++) (room.hostAt[t]! >= 0 ? hosted : free).push(t)
  // Which tables get the one extra seat is random too — except that with fewer people than
  // tables every hosted table must be among them, since its host is sitting there.
  const order = room.base === 0 ? [...hosted, ...shuffleInPlace(free, rng)] : shuffleInPlace([...hosted, ...free], rng)
  const capacity = new Int32Array(room.tables).fill(room.base)
  for (let i = 0; i < room.extra; i++) capacity[order[i]!]!++
  const seats: number[] = []
  for (let t = 0; t < room.tables; t++) {
    const open = capacity[t]! - (room.hostAt[t]! >= 0 ? 1 : 0)
    for (let s = 0; s < open; s++) seats.push(t)
  }
  shuffleInPlace(seats, rng)
  let next = 0
  return Object.fromEntries(room.ids.map((id, i) => [id, room.hostTable[i]! >= 0 ? room.hostTable[i]! : seats[next++]!]))
}

/** Bounds no seating of this room can beat, for judging how close the planner comes. */
export interface SeatingBounds {
  /** Trivial lower bound (0); a plan that reaches it is optimal on repeats. */
  repeatedPairsAtLeast: number
  /** Σ over tables of min(countries in the room, table size), capped by how many tables each country can reach; as a mean. */
  meanCountriesAtMost: number
  meanOrganisationsAtMost: number
  /** Non-hosts who have already sat at every table must return to one. */
  revisitsAtLeast: number
}

/** Computes {@link SeatingBounds} for the balanced sizes the planner must use. */
export function seatingBounds(input: RotationInput): SeatingBounds {
  const room = compileRoom(input)
  const nonEmpty = Math.min(room.tables, room.n)
  const sizes = Array.from({ length: nonEmpty }, (_, t) => room.base + (t < room.extra ? 1 : 0))
  const meanAtMost = (codes: Int32Array) => {
    const perKind = new Map<number, number>()
    for (const k of codes) if (k >= 0) perKind.set(k, (perKind.get(k) ?? 0) + 1)
    const bySize = sizes.reduce((sum, s) => sum + Math.min(perKind.size, s), 0)
    const bySupply = [...perKind.values()].reduce((sum, m) => sum + Math.min(m, nonEmpty), 0)
    return nonEmpty ? Math.min(bySize, bySupply) / nonEmpty : 0
  }
  let revisitsAtLeast = 0
  for (let i = 0; i < room.n; i++) {
    if (room.hostTable[i] !== -1) continue
    let seen = 0
    for (let t = 0; t < room.tables; t++) if (room.visited.has(i * room.tables + t)) seen++
    if (room.tables > 0 && seen === room.tables) revisitsAtLeast++
  }
  return {
    repeatedPairsAtLeast: 0,
    meanCountriesAtMost: meanAtMost(room.country),
    meanOrganisationsAtMost: meanAtMost(room.organisation),
    revisitsAtLeast,
  }
}
