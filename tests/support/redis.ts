/**
 * A throwaway Redis for the cluster tests, started by the tests themselves like PostgreSQL
 * (tests/support/postgres.ts): Debian's `redis-server` on a free port of 127.0.0.1, its working
 * folder a temporary one, nothing saved to disk (`--save '' --appendonly no`: Redis only carries
 * messages between the server processes here; what must last is in PostgreSQL), and stopped and
 * deleted afterwards. `.ci/run` installs the `redis-server` package.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './server.js'

export const REDIS_SERVER = '/usr/bin/redis-server'

/**
 * Why Redis tests cannot run here, or undefined if they can. Under CI=true the caller must fail
 * with this, not skip: CI installs redis-server, so its absence is a broken CI.
 */
export function redisMissing(): string | undefined {
  if (existsSync(REDIS_SERVER)) return undefined
  return `redis-server is not installed (no ${REDIS_SERVER}): apt-get install redis-server, as .ci/run does`
}

export interface RunningRedis {
  port: number
  pid: number
  /** redis://127.0.0.1:<port>, as TABLECLOTH_REDIS_URL takes it. */
  url: string
  /** Everything redis-server printed, for a failing test's message. */
  output(): string
  stop(): Promise<void>
}

/**
 * Sends RESP's `PING` over a plain socket and resolves true on `+PONG`: enough to know the server
 * answers, without a Redis client library in the tests' support code.
 */
export function pingRedis(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'))
    socket.on('data', (d: Buffer) => {
      answer += d.toString()
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
  })
}

export async function startRedis(options: { port?: number } = {}): Promise<RunningRedis> {
  const missing = redisMissing()
  if (missing) throw new Error(missing)
  const dir = mkdtempSync(join(tmpdir(), 'tablecloth-redis-'))
  let log = ''
  let child: ChildProcess | undefined
  let port = 0
  for (let attempt = 1; ; attempt++) {
    port = options.port ?? (await freePort())
    child = spawn(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()))
    const started = child
    const deadline = Date.now() + 10_000
    let up = false
    while (Date.now() < deadline && started.exitCode === null) {
      if (await pingRedis(port)) {
        up = true
        break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    if (up && started.exitCode === null) break
    started.kill('SIGKILL')
    // Another program took the port between our probe and the start: try another (a fixed port cannot).
    if (attempt >= 3 || options.port !== undefined) {
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`redis-server did not start on 127.0.0.1:${port}:\n${log}`)
    }
  }

  const running = child
  return {
    port,
    pid: running.pid!,
    url: `redis://127.0.0.1:${port}`,
    output: () => log,
    async stop() {
      try {
        if (running.exitCode === null && running.signalCode === null) {
          const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
          running.kill('SIGTERM')
          const killed = setTimeout(() => running.kill('SIGKILL'), 5000)
          await exited
          clearTimeout(killed)
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
