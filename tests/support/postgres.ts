/**
 * A throwaway PostgreSQL cluster for the tests, started by the tests themselves like the server:
 * `initdb` into a temporary folder, `pg_ctl start` on a free port of 127.0.0.1 with its unix
 * socket in that folder (so it never meets a cluster the machine runs), fsync on — the store's
 * durability is part of what is tested —, and stopped and deleted afterwards. The binaries come
 * from Debian's `postgresql` package (/usr/lib/postgresql/<version>/bin), as .ci/run installs it.
 * As root they run as the `postgres` system user (initdb refuses root), who owns the folder.
 */
import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

/** The newest PostgreSQL's bin folder with initdb and pg_ctl, if one is installed. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(root, versions[0], 'bin') : undefined
}

/**
 * Why PostgreSQL tests cannot run here, or undefined if they can. Under CI=true the caller must
 * fail with this, not skip: CI installs PostgreSQL, so its absence is a broken CI.
 */
export function postgresMissing(): string | undefined {
  if (findPostgresBin()) return undefined
  return 'PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql, as .ci/run does'
}

export interface PostgresCluster {
  port: number
  /** The superuser's URL for a database of this cluster (default `postgres`). */
  url(database?: string): string
  /** A new empty database; its URL. */
  createDatabase(): Promise<string>
  /** Stops the database server (as a crash or a restart of it looks to its clients) … */
  pause(): Promise<void>
  /** … and starts it again on the same port with the same data. */
  resume(): Promise<void>
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin()
  if (!bin) throw new Error(postgresMissing())
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'tablecloth-pg-'))
  const data = join(dir, 'data')
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const as = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: dir }) : run(join(bin, tool), args, { cwd: dir })

  await as('initdb', ['--pgdata', data, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--locale', 'C.UTF-8', '--no-instructions'])
  let port = 0
  let settings = ''
  const startServer = () => as('pg_ctl', ['--pgdata', data, '--log', join(dir, 'server.log'), '--wait', '--timeout', '60', '--options', settings, 'start'])
  const stopServer = () => as('pg_ctl', ['--pgdata', data, '--mode', 'fast', '--wait', 'stop'])
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=on',
      '-c synchronous_commit=on',
      '-c shared_buffers=16MB',
      '-c max_connections=60',
    ].join(' ')
    try {
      await startServer()
      break
    } catch (err) {
      // Another program took the port between our probe and the start: try another.
      if (attempt >= 3) {
        const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : ''
        throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`)
      }
    }
  }

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`
  let databases = 0
  return {
    port,
    url,
    async createDatabase() {
      const name = `store_${process.pid}_${++databases}`
      const admin = new pg.Client({ connectionString: url() })
      await admin.connect()
      try {
        await admin.query(`CREATE DATABASE ${name}`)
      } finally {
        await admin.end()
      }
      return url(name)
    },
    async pause() {
      await stopServer()
    },
    async resume() {
      await startServer()
    },
    async stop() {
      try {
        await stopServer()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
