/**
 * A token bucket for one connection: `burst` messages at once, refilled at `perSecond`. Per
 * connection (and so per token), never per IP address: a whole hall reaches us through one.
 */
export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the message is over the limit). */
  take(): boolean
}

export function tokenBucket(options: { perSecond: number; burst: number; now?: () => number }): TokenBucket {
  const now = options.now ?? (() => performance.now())
  let tokens = options.burst
  let last = now()
  return {
    take() {
      const t = now()
      tokens = Math.min(options.burst, tokens + ((t - last) / 1000) * options.perSecond)
      last = t
      if (tokens < 1) return false
      tokens -= 1
      return true
    },
  }
}
