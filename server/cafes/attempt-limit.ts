/**
 * Counts failed attempts per key (a café) in a fixed window. Per café, not per IP address:
 * a whole hall reaches the server through one address, and one guesser must not lock it out.
 */
export interface AttemptLimit {
  allowed(key: string): boolean
  failed(key: string): void
}

export function createAttemptLimit(options: { max: number; windowMs: number; now: () => number }): AttemptLimit {
  const windows = new Map<string, { start: number; failures: number }>()
  const current = (key: string) => {
    const w = windows.get(key)
    if (!w || options.now() - w.start >= options.windowMs) {
      const fresh = { start: options.now(), failures: 0 }
      windows.set(key, fresh)
      return fresh
    }
    return w
  }
  return {
    allowed: (key) => current(key).failures < options.max,
    failed: (key) => {
      current(key).failures++
    },
  }
}
