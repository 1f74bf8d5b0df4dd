/** Order statistics for benchmark samples (nearest rank: every reported figure was observed). */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

export const median = (samples: readonly number[]): number => percentile(samples, 50)

/** A figure rounded for a table: three significant digits, enough for noisy timings. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  if (value === 0) return '0'
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))))
  return value.toFixed(Math.min(digits, 3))
}

/** Ours divided by baseline, as "3.2×". */
export function ratio(ours: number, baseline: number): string {
  return baseline > 0 && Number.isFinite(ours) ? `${fmt(ours / baseline)}×` : 'n/a'
}

/** A table cell for the runs of one side: "median (min–max)", one run as itself; counts stay whole. */
export function spread(values: number[]): string {
  const show = (v: number) => (Number.isInteger(v) ? String(v) : fmt(v))
  if (values.length === 0) return ''
  if (values.length === 1) return show(values[0]!)
  return `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`
}
