/**
 * The baseline: `@y/websocket-server` (the plain y-websocket relay) as its own process, started
 * the way its package starts it (`node src/server.js`, HOST and PORT from the environment).
 * Without YPERSISTENCE it keeps documents in memory only and relays every update at once.
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { freePort } from '../tests/support/server.js'
import { onExitKill } from './child-processes.js'

export interface PlainRelay {
  url: string
  version: string
  stop(): Promise<void>
}

const require = createRequire(import.meta.url)
const packageDir = dirname(require.resolve('@y/websocket-server/package.json'))

export async function startPlainRelay(): Promise<PlainRelay> {
  const { version } = require('@y/websocket-server/package.json') as { version: string }
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) }
  // Persistence (LevelDB) and the HTTP callback would change what is measured: a pure relay.
  for (const key of ['YPERSISTENCE', 'CALLBACK_URL', 'CALLBACK_OBJECTS', 'GC']) delete env[key]
  const child = spawn(process.execPath, [join(packageDir, 'src', 'server.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const unregister = onExitKill(() => child.kill('SIGKILL'))
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`plain relay did not start within 10 s:\n${log}`)), 10_000)
    const onData = (d: Buffer) => {
      log += d.toString()
      if (log.includes('running at')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`plain relay exited with ${code}:\n${log}`))
    })
  })
  if (log.includes('Persisting')) throw new Error('the plain relay persists documents; it must not for this baseline')
  return {
    url: `http://127.0.0.1:${port}`,
    version,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      unregister()
    },
  }
}
