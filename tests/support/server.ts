/**
 * Starts a real Tablecloth server process (the same `server/main.ts` that `npm start` runs) on a
 * free loopback port with its own data folder, so tests can kill and restart it like an operator.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'

const root = join(import.meta.dirname, '..', '..')

export interface RunningServer {
  url: string
  port: number
  dataDir: string
  /** Everything the process printed, for a failing test's message. */
  output(): string
  /** Stops the process (SIGTERM: graceful; SIGKILL: a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>
  /** Starts the server again on the same port and data folder. */
  restart(): Promise<void>
  /** How the last process ended (undefined while it runs). */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined
  /** The running process's id (benchmarks read its CPU and memory from /proc). */
  pid(): number | undefined
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export async function startServer(
  options: { dataDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tablecloth-test-'))
  // A port chosen up front, for an address the server must know before it starts (TABLECLOTH_PUBLIC_URL).
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  let log = ''
  let child: ChildProcess | undefined
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined

  async function launch() {
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TABLECLOTH_DATA: dataDir, LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    exit = undefined
    child.once('exit', (code, signal) => (exit = { code, signal }))
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`)
      const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false)
      if (ok) return
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`server did not start within 30 s:\n${log}`)
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM') {
    const c = child
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
    c.kill(signal)
    await exited
  }

  await launch()
  return { url, port, dataDir, output: () => log, stop, restart: launch, exit: () => exit, pid: () => child?.pid }
}
