/**
 * Every server a benchmark starts is registered here, so that a failure, an exception or Ctrl-C
 * still kills it: a leftover server would hold its port and skew the next run.
 */
type Kill = () => void

const kills = new Set<Kill>()
let installed = false

/** Registers a synchronous kill; returns the function that unregisters it after a clean stop. */
export function onExitKill(kill: Kill): () => void {
  install()
  kills.add(kill)
  return () => kills.delete(kill)
}

export function killAll(): void {
  for (const kill of [...kills]) {
    kills.delete(kill)
    try {
      kill()
    } catch {
      // Already gone.
    }
  }
}

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAll()
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))
    })
  }
  process.on('uncaughtException', (err) => {
    console.error(err)
    killAll()
    process.exit(1)
  })
  process.on('unhandledRejection', (err) => {
    console.error(err)
    killAll()
    process.exit(1)
  })
}
