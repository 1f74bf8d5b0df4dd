/**
 * What a benchmark reads from our server's /metrics (prom-client text): gauges, and the store's
 * latency histogram turned into a quantile the way Prometheus would.
 */

export interface Bucket {
  le: number
  count: number
}

/** Our /metrics (loopback may read it). Scraping also resets prom-client's event-loop lag window. */
export async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`)
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`)
  return res.text()
}

export function gauge(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : Number.NaN
}

/** The cumulative buckets of tablecloth_store_seconds{operation="<operation>"}. */
export function storeBuckets(text: string, operation = 'appendUpdate'): Bucket[] {
  const buckets: Bucket[] = []
  for (const line of text.split('\n')) {
    const m = /^tablecloth_store_seconds_bucket\{(.*)\} (\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/.exec(line)
    if (!m || !m[1]!.includes(`operation="${operation}"`)) continue
    const le = /le="([^"]+)"/.exec(m[1]!)?.[1]
    buckets.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count: Number(m[2]) })
  }
  return buckets.sort((a, b) => a.le - b.le)
}

export function bucketDelta(before: Bucket[], after: Bucket[]): Bucket[] {
  return after.map((b) => ({ le: b.le, count: b.count - (before.find((x) => x.le === b.le)?.count ?? 0) }))
}

/** Prometheus' histogram_quantile: linear within the bucket that holds the rank. */
export function histogramQuantile(q: number, buckets: Bucket[]): number {
  const total = buckets.at(-1)?.count ?? 0
  if (total === 0) return Number.NaN
  const rank = q * total
  let lowerLe = 0
  let lowerCount = 0
  for (const b of buckets) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lowerLe
      return lowerLe + ((b.le - lowerLe) * (rank - lowerCount)) / Math.max(1, b.count - lowerCount)
    }
    lowerLe = b.le
    lowerCount = b.count
  }
  return lowerLe
}
