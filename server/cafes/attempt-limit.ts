/**
 * Counts failed attempts per key (a café) in a fixed window. Per café, not per IP address:
 * a whole hall reaches the server through one address, and one guesser must not lock it out.
 * Counted in the cluster's shared values (server/cluster), so that several processes behind a
 * load balancer allow the same number of guesses as one, not that number each.
 */
import type { SharedValues } from '../cluster/cluster.js'

export interface AttemptLimit {
  allowed(key: string): Promise<boolean>
  failed(key: string): Promise<void>
}

export function createAttemptLimit(options: { name: string; max: number; windowMs: number; shared: SharedValues }): AttemptLimit {
  const { shared } = options
  const keyOf = (key: string) => `${options.name}:${key}`
  return {
    allowed: async (key) => Number((await shared.get(keyOf(key))) ?? 0) < options.max,
    failed: async (key) => {
      await shared.count(keyOf(key), options.windowMs)
    },
  }
}
