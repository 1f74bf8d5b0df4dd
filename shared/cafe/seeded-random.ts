/**
 * A tiny seedable random source, so the rotation planner gives the same plan for the same seed
 * on the server, in tests and in a stored café replayed after a restart. `Math.random` cannot be
 * seeded, so it never appears in shared/.
 */

/** A deterministic stream of random numbers. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [0, n); n must be ≥ 1. */
  int(n: number): number
}

/**
 * mulberry32: 32 bits of state, passes the usual statistical batteries well enough for
 * shuffling people, and is a handful of integer operations per number.
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n) => Math.floor(next() * n) }
}

/** Fisher–Yates shuffle in place; returns its argument for chaining. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, rng: Rng): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const tmp = items[i]
    items[i] = items[j]
    items[j] = tmp
  }
  return items
}
