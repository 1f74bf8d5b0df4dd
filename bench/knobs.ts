/** `--quick` (bench/run.ts sets BENCH_QUICK=1): shorter, smaller runs — a smoke test, not figures to quote. */
export const quick = process.env.BENCH_QUICK === '1'

/** A benchmark's setting: the environment variable if it is a positive number, else its full or --quick default. */
export function knob(name: string, full: number, short: number): number {
  const v = Number(process.env[name])
  return Number.isFinite(v) && v > 0 ? v : quick ? short : full
}
