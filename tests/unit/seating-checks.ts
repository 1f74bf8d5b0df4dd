/**
 * Measuring plans against random seatings and against every seating, shared by the rotation
 * tests.
 */
import { expect } from 'vitest'
import {
  planRotation,
  randomSeating,
  scoreSeating,
  seatingScorer,
  type RotationInput,
  type RotationPerson,
  type SeatingScore,
} from '../../shared/cafe/rotation.js'
import type { Seating } from '../../shared/cafe/types.js'
import { inputFor } from './factories.js'

export const EPS = 1e-9
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
/** Objective 3 as one number: distinct countries plus distinct organisations per table. */
export const mixOf = (s: SeatingScore) => s.meanCountriesPerTable + s.meanOrganisationsPerTable

/** Scores of `count` random seatings of the same room (hosts kept, sizes balanced). */
export function randomScores(input: RotationInput, count: number, seed: number): SeatingScore[] {
  const score = seatingScorer(input)
  return Array.from({ length: count }, (_, k) => score(randomSeating(input, seed * 1000 + k)))
}

/**
 * "Beats the random mean": no worse than the mean, and strictly better unless every random
 * seating scored the same (then the room fixes the value, e.g. a single table, and a tie is
 * the best anyone can do).
 */
export function expectBeats(label: string, value: number, samples: number[], better: 'lower' | 'higher') {
  const m = mean(samples)
  const allEqual = samples.every((s) => s === samples[0])
  const sign = better === 'lower' ? 1 : -1
  expect(sign * (value - m), `${label}: planner ${value} vs random mean ${m}`).toBeLessThanOrEqual(EPS)
  if (!allEqual) expect(sign * (value - m), `${label}: planner ${value} ties random mean ${m}`).toBeLessThan(-EPS)
}

/** Distinct countries at each table of a seating. */
export function countriesPerTable(people: RotationPerson[], seating: Seating): number[] {
  const byTable = new Map<number, Set<string>>()
  for (const p of people) {
    const t = seating[p.id]!
    if (!byTable.has(t)) byTable.set(t, new Set())
    if (p.country) byTable.get(t)!.add(p.country)
  }
  return [...byTable.values()].map((s) => s.size)
}

/** Runs a café: round 1 as people sat down (random), then each later round planned. */
export function runCafe(people: RotationPerson[], tables: number, rounds: number, seed: number) {
  const history: Seating[] = [randomSeating(inputFor(tables, people, []), seed)]
  const planned: { input: RotationInput; plan: Seating }[] = []
  for (let r = 2; r <= rounds; r++) {
    const input = inputFor(tables, people, [...history])
    const plan = planRotation(input, seed + r)
    planned.push({ input, plan })
    history.push(plan)
  }
  return planned
}

/** Every seating of a small room that keeps hosts and balanced sizes (T^n assignments, filtered). */
export function allSeatings(input: RotationInput): Seating[] {
  const ids = input.people.map((p) => p.id)
  const out: Seating[] = []
  const at = new Array<number>(ids.length).fill(0)
  const total = input.tableCount ** ids.length
  for (let code = 0; code < total; code++) {
    let rest = code
    for (let i = 0; i < ids.length; i++) {
      at[i] = rest % input.tableCount
      rest = Math.floor(rest / input.tableCount)
    }
    const seating = Object.fromEntries(ids.map((id, i) => [id, at[i]!]))
    const s = scoreSeating(input, seating)
    if (s.hostsMoved === 0 && s.maxSizeDiff <= 1) out.push(seating)
  }
  return out
}

