/**
 * The rotation planner's view of a room, compiled once per plan into integer-indexed arrays:
 * the search evaluates hundreds of thousands of candidate swaps, so it must never touch a string
 * or allocate while it does.
 */
import type { Seating, TableIndex } from './types.js'

/** Someone present for the next round, as the planner sees them. */
export interface RotationPerson {
  id: string
  country?: string
  organisation?: string
  /** The table this person hosts; a host never moves. */
  hostOf?: TableIndex
}

/** Everything the planner needs: no names, no clocks, nothing it could leak. */
export interface RotationInput {
  /** Number of tables; they are 0 … tableCount − 1. */
  tableCount: number
  /** People present now. Anyone only in `history` has left and is ignored. */
  people: RotationPerson[]
  /** Seating of each earlier round, oldest first. */
  history: Seating[]
}

/** The compiled room (internal to the planner and its score). */
export interface Room {
  n: number
  tables: number
  ids: string[]
  /** Table a person hosts, or −1. Only the first claim on a table counts, so a table has ≤ 1 host. */
  hostTable: Int32Array
  /** Index of each table's host, or −1. */
  hostAt: Int32Array
  /** Country / organisation as a small integer, −1 when not given. */
  country: Int32Array
  organisation: Int32Array
  countryKinds: number
  organisationKinds: number
  /** Earlier table-mates of each person who are non-hosts now (repeats only count among those). */
  partners: Int32Array[]
  /** Pairs who sat together before. */
  met: PairSet
  /** person * tables + table: tables a person sat at. */
  visited: Set<number>
  /**
   * `visited` plus the tables whose current host the person sat with before: meeting a host
   * again is the same harm as returning to their table, so the planner avoids both at the
   * lowest priority. The score reports plain `visited` revisits.
   */
  avoid: Set<number>
  /** Balanced sizes: every table gets `base` or `base + 1` people, exactly `extra` get the +1. */
  base: number
  extra: number
}

/** Country and organisation spellings differ at the door; "Georgia " and "georgia" are one. */
function kindKey(value: string | undefined): string | undefined {
  const key = value?.trim().toLowerCase()
  return key ? key : undefined
}

function indexKinds(values: (string | undefined)[]): { codes: Int32Array; kinds: number } {
  const seen = new Map<string, number>()
  const codes = new Int32Array(values.length)
  values.forEach((value, i) => {
    const key = kindKey(value)
    if (key === undefined) return void (codes[i] = -1)
    let code = seen.get(key)
    if (code === undefined) seen.set(key, (code = seen.size))
    codes[i] = code
  })
  return { codes, kinds: seen.size }
}

/** Compiles the planner's input; tolerant of duplicates and out-of-range tables. */
export function compileRoom(input: RotationInput): Room {
  const tables = Math.max(0, Math.floor(input.tableCount))
  const people: RotationPerson[] = []
  const index = new Map<string, number>()
  for (const person of input.people) {
    if (index.has(person.id)) continue
    index.set(person.id, people.length)
    people.push(person)
  }
  const n = people.length
  const hostTable = new Int32Array(n).fill(-1)
  const hostAt = new Int32Array(tables).fill(-1)
  people.forEach((person, i) => {
    const t = person.hostOf
    if (t === undefined || !Number.isInteger(t) || t < 0 || t >= tables || hostAt[t] !== -1) return
    hostAt[t] = i
    hostTable[i] = t
  })
  const countries = indexKinds(people.map((p) => p.country))
  const organisations = indexKinds(people.map((p) => p.organisation))

  const partnerLists: number[][] = Array.from({ length: n }, () => [])
  const met = new PairSet(n)
  const visited = new Set<number>()
  for (const round of input.history) {
    const groups = new Map<number, number[]>()
    for (const [id, t] of Object.entries(round)) {
      const i = index.get(id)
      if (i === undefined || !Number.isInteger(t) || t < 0 || t >= tables) continue
      visited.add(i * tables + t)
      const group = groups.get(t)
      if (group) group.push(i)
      else groups.set(t, [i])
    }
    for (const group of groups.values()) {
      for (let x = 0; x < group.length; x++) {
        for (let y = x + 1; y < group.length; y++) {
          const a = group[x]!
          const b = group[y]!
          // The pair set also dedupes the partner lists (two people may share several rounds).
          if (!met.add(a, b)) continue
          partnerLists[a]!.push(b)
          partnerLists[b]!.push(a)
        }
      }
    }
  }
  const avoid = new Set(visited)
  partnerLists.forEach((list, i) => {
    for (const j of list) if (hostTable[j]! >= 0) avoid.add(i * tables + hostTable[j]!)
  })
  const partners = partnerLists.map((list) => Int32Array.from(list.filter((j) => hostTable[j] === -1)))

  return {
    n,
    tables,
    ids: people.map((p) => p.id),
    hostTable,
    hostAt,
    country: countries.codes,
    organisation: organisations.codes,
    countryKinds: countries.kinds,
    organisationKinds: organisations.kinds,
    partners,
    met,
    visited,
    avoid,
    base: tables > 0 ? Math.floor(n / tables) : 0,
    extra: tables > 0 ? n % tables : 0,
  }
}

/** True when persons a and b sat at one table in an earlier round. */
export function haveMet(room: Room, a: number, b: number): boolean {
  return room.met.has(a, b)
}

/** Largest bit matrix of pairs kept (16 MB, about 11,000 people); beyond it, a Set. */
const PAIR_BITS_LIMIT = 1 << 27

/**
 * Unordered pairs of people. A bit matrix for any realistic café: a room of huge tables has
 * hundreds of thousands of pairs per round, and a Set of them took longer than the plan itself.
 */
export class PairSet {
  private readonly n: number
  private readonly bits: Uint32Array | undefined
  private readonly keys = new Set<number>()

  constructor(n: number) {
    this.n = n
    this.bits = n * n <= PAIR_BITS_LIMIT ? new Uint32Array(Math.ceil((n * n) / 32)) : undefined
  }

  /** Whether a and b are a pair. */
  has(a: number, b: number): boolean {
    const key = a < b ? a * this.n + b : b * this.n + a
    return this.bits ? (this.bits[key >>> 5]! & (1 << (key & 31))) !== 0 : this.keys.has(key)
  }

  /** Adds the pair; false if it was there already. */
  add(a: number, b: number): boolean {
    if (this.has(a, b)) return false
    const key = a < b ? a * this.n + b : b * this.n + a
    if (this.bits) this.bits[key >>> 5]! |= 1 << (key & 31)
    else this.keys.add(key)
    return true
  }
}
