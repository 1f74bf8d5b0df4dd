/**
 * Reading the server's round clock on a device whose own clock may be minutes off. The server
 * holds the end time; each screen estimates its offset to the server's clock and shows
 * `endsAt − (deviceNow + offset)`, so all screens in the hall agree.
 */

/** One time-sync round trip: device clock when sent and received, server clock in between. */
export interface ClockSample {
  sent: number
  serverTime: number
  received: number
}

/**
 * The offset (server − device) from a few round trips: the sample with the shortest round trip
 * is the least disturbed by the network, and its server reading is taken as mid-flight.
 */
export function estimateOffset(samples: ClockSample[]): number | undefined {
  let best: ClockSample | undefined
  for (const s of samples) if (!best || s.received - s.sent < best.received - best.sent) best = s
  if (!best) return undefined
  return best.serverTime + (best.received - best.sent) / 2 - best.received
}

/**
 * "12:05": minutes and seconds, rounding up so the clock shows 0:00 only when the time is up. The
 * digits are the locale's own (Intl); every language of the café writes a countdown as m:ss.
 */
export function formatClock(ms: number, locale = 'en'): string {
  const total = Math.ceil(Math.max(0, ms) / 1000)
  const minutes = Math.floor(total / 60)
  const seconds = total % 60
  const whole = { useGrouping: false, maximumFractionDigits: 0 } as const
  const mm = new Intl.NumberFormat(locale, whole).format(minutes)
  const ss = new Intl.NumberFormat(locale, { ...whole, minimumIntegerDigits: 2 }).format(seconds)
  return `${mm}:${ss}`
}
