/**
 * `npm run bench`: runs every benchmark in turn, prints each as a table and writes them all to
 * `.bench/latest.json`. `--only <name>` runs one section; `--quick` shortens every run (a smoke
 * test of the bench itself, not figures to quote). Servers started on the way are killed on any
 * exit, clean or not.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { asBenchSection, renderSection, type BenchSection } from './bench-section.js'
import { killAll } from './child-processes.js'

const root = join(import.meta.dirname, '..')

interface Bench {
  name: string
  run: () => Promise<BenchSection>
}

const benches: Bench[] = [
  { name: 'relay', run: async () => (await import('./relay.js')).run() },
  { name: 'clock', run: async () => (await import('./clock.js')).run() },
  { name: 'cloth-latency', run: async () => (await import('./cloth-latency.js')).run() },
  { name: 'board', run: async () => (await import('./board.js')).run() },
  { name: 'page-weight', run: async () => (await import('./page-weight.js')).run() },
  { name: 'planner', run: plannerSection },
  { name: 'harvest-matcher', run: async () => (await import('./harvest-matcher.js')).run() },
  { name: 'summary', run: async () => (await import('./summary.js')).run() },
  { name: 'load', run: async () => (await import('./load.js')).run() },
  { name: 'cluster', run: async () => (await import('./cluster.js')).run() },
]

/** bench/planner.ts is written by someone else and may not exist yet; its result shape is theirs. */
async function plannerSection(): Promise<BenchSection> {
  const title = 'Rotation planner'
  const file = join(import.meta.dirname, 'planner.ts')
  if (!existsSync(file)) return { title, rows: [], notes: ['skipped: bench/planner.ts does not exist'] }
  // A computed specifier: the file may be absent when this one is type-checked.
  const mod = (await import(pathToFileURL(file).href)) as { runPlannerBench?: unknown }
  if (typeof mod.runPlannerBench !== 'function') {
    return { title, rows: [], notes: ['skipped: bench/planner.ts does not export runPlannerBench()'] }
  }
  return asBenchSection(title, await (mod.runPlannerBench as () => unknown)())
}

function parseArgs(argv: string[]): { only?: string; quick: boolean } {
  let only: string | undefined
  let quick = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--only') only = argv[++i]
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length)
    else if (arg === '--quick') quick = true
    else throw new Error(`unknown argument ${arg}; use --only <${benches.map((b) => b.name).join('|')}> or --quick`)
  }
  if (only !== undefined && !benches.some((b) => b.name === only)) {
    throw new Error(`no benchmark named "${only}"; there are: ${benches.map((b) => b.name).join(', ')}`)
  }
  return { only, quick }
}

async function main(): Promise<number> {
  const { only, quick } = parseArgs(process.argv.slice(2))
  if (quick) process.env.BENCH_QUICK = '1'
  const startedAt = new Date().toISOString()
  const sections: Array<BenchSection & { name: string }> = []
  let failed = false
  for (const bench of benches.filter((b) => only === undefined || b.name === only)) {
    process.stderr.write(`bench ${bench.name}…\n`)
    const started = Date.now()
    let section: BenchSection
    try {
      section = await bench.run()
    } catch (err) {
      failed = true
      // One broken benchmark must not hide the figures of the others.
      section = { title: bench.name, rows: [], notes: [`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`] }
    } finally {
      killAll()
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0)
    section = { ...section, notes: [...(section.notes ?? []), `took ${seconds} s${quick ? ' (--quick: not figures to quote)' : ''}`] }
    sections.push({ name: bench.name, ...section })
    process.stdout.write(`\n${renderSection(section)}\n`)
  }
  const outDir = join(root, '.bench')
  mkdirSync(outDir, { recursive: true })
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick,
    node: process.version,
    cpus: cpus().length,
    sections,
  }
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`)
  process.stdout.write(`\nwritten to .bench/latest.json\n`)
  return failed ? 1 : 0
}

main().then(
  (code) => {
    killAll()
    process.exit(code)
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    killAll()
    process.exit(1)
  },
)
