/**
 * A forked benchmark client process (bench/<script>, run with tsx, talking over IPC: one request
 * at a time, each answered by a message of the type asked for), killed with the bench whatever
 * happens so that no client lingers to skew the next run. Shared by the load, cloth-latency and
 * cluster benches.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { onExitKill } from './child-processes.js'

const root = join(import.meta.dirname, '..')

export class ClientProcess<To extends { type: string }, From extends { type: string }> {
  private readonly child: ChildProcess
  private readonly unregister: () => void
  private log = ''
  private waiting: { type: string; resolve: (m: From) => void; reject: (e: Error) => void } | undefined
  private exited = false
  private readonly hello: Promise<void>

  constructor(script: string) {
    this.child = fork(join(import.meta.dirname, script), [], { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    this.unregister = onExitKill(() => this.child.kill('SIGKILL'))
    let greeted = () => {}
    this.hello = new Promise((resolve) => (greeted = resolve))
    this.child.stdout!.on('data', (d: Buffer) => (this.log += d.toString()))
    this.child.stderr!.on('data', (d: Buffer) => (this.log += d.toString()))
    this.child.on('message', (m: From) => {
      if (m.type === 'hello') greeted()
      const w = this.waiting
      if (!w) return
      if (m.type === 'error') {
        this.waiting = undefined
        w.reject(new Error(`client process failed: ${(m as unknown as { message: string }).message}`))
      } else if (m.type === w.type) {
        this.waiting = undefined
        w.resolve(m)
      }
    })
    this.child.on('exit', (code, signal) => {
      this.exited = true
      const w = this.waiting
      this.waiting = undefined
      w?.reject(new Error(`client process exited (${code ?? signal}) while waiting for "${w.type}":\n${this.log}`))
    })
  }

  /** Loaded and listening (bench/load-clients.ts says hello; tsx takes a moment): a schedule may start. */
  ready(timeoutMs = 60_000): Promise<void> {
    return withTimeout(this.hello, timeoutMs, `client process did not start:\n${this.log}`)
  }

  request(message: To, answer: From['type'], timeoutMs: number): Promise<From> {
    if (this.exited) return Promise.reject(new Error(`client process already exited:\n${this.log}`))
    return new Promise<From>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined
        reject(new Error(`client process did not answer "${answer}" within ${timeoutMs} ms:\n${this.log}`))
      }, timeoutMs)
      this.waiting = {
        type: answer,
        resolve: (m) => {
          clearTimeout(timer)
          resolve(m)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      }
      this.child.send(message)
    })
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      if (this.child.connected) this.child.send({ type: 'stop' })
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    this.unregister()
  }
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
