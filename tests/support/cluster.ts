/**
 * Tablecloth as an operator runs it at scale, in miniature: a throwaway PostgreSQL
 * (tests/support/postgres.ts) and Redis (tests/support/redis.ts), three server processes
 * `node1`…`node3` on 127.0.0.1:38101–38103 sharing them, and nginx on 127.0.0.1:38080 with the
 * repo's deploy/nginx/tablecloth.conf (tests/support/nginx.ts). Clients go through nginx and
 * choose their process with the `tablecloth_node` cookie, as a browser does once a process has set
 * it; every answer says which process served it (`X-Tablecloth-Node`, the 101 of an upgrade,
 * socket.io's `hello.node`), so a test can check that the path between processes was taken.
 *
 * The ports are fixed by the nginx configuration, so one cluster at a time on a machine: a lock
 * file records the owner and the processes it started; a run that died without stopping them
 * (a crashed test worker) leaves them recorded, and the next run ends exactly those — by id, after
 * checking each is still the program that was started — before it begins. A port taken by anything
 * else fails the start with the port's name.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import type { IncomingMessage } from 'node:http'
import { postgresMissing, startPostgres, type PostgresCluster } from './postgres.js'
import { redisMissing, startRedis, type RunningRedis } from './redis.js'
import { nginxMissing, startNginx, type RunningNginx } from './nginx.js'
import { startServer, type RunningServer } from './server.js'
import { connectCafe, type CafeClient } from './cafe-socket.js'
import { connectYjs, type YjsClient } from './yjs-client.js'

/** nginx's address, as deploy/nginx/tablecloth.conf listens. */
export const CLUSTER_URL = 'http://127.0.0.1:38080'
/** The processes deploy/nginx/tablecloth.conf proxies to, by name. */
export const CLUSTER_NODES = [
  { name: 'node1', port: 38101 },
  { name: 'node2', port: 38102 },
  { name: 'node3', port: 38103 },
] as const
export type NodeName = (typeof CLUSTER_NODES)[number]['name']

const LOCK = join(tmpdir(), 'tablecloth-cluster.lock')

/** Why the cluster cannot run here (a missing program), or undefined. Under CI=true: fail, never skip. */
export function clusterMissing(): string | undefined {
  return postgresMissing() ?? redisMissing() ?? nginxMissing()
}

export interface ClusterNode {
  name: NodeName
  port: number
  /** The process's own address, bypassing nginx. */
  url: string
  server: RunningServer
}

export interface Cluster {
  /** nginx's address: what clients use. */
  url: string
  nodes: ClusterNode[]
  node(name: NodeName): ClusterNode
  /** The organiser key every process shares. */
  organiserKey: string
  /** SIGKILL: the process dies as in a crash, mid-whatever it was doing. */
  kill(name: NodeName): Promise<void>
  restart(name: NodeName): Promise<void>
  nginx: RunningNginx
  /** Every process's output, for a failing test's message. */
  output(): string
  stop(): Promise<void>
}

interface Recorded {
  pid: number
  /** Part of /proc/<pid>/cmdline that tells it is still the program we started. */
  marker: string
  /** How it stops cleanly (PostgreSQL: SIGINT, its fast shutdown); SIGTERM otherwise. */
  signal?: NodeJS.Signals
}
interface LockFile {
  owner: number
  started: Recorded[]
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return ''
  }
}

/** Ends what a dead run left behind: only the processes it recorded, and only if still theirs. */
async function endLeftovers(lock: LockFile) {
  const theirs = lock.started.filter((p) => alive(p.pid) && cmdline(p.pid).includes(p.marker))
  // SIGTERM first: nginx's master takes its workers (which hold the port) with it.
  for (const p of theirs) process.kill(p.pid, p.signal ?? 'SIGTERM')
  const deadline = Date.now() + 5000
  while (Date.now() < deadline && theirs.some((p) => alive(p.pid))) await new Promise((r) => setTimeout(r, 50))
  for (const p of theirs) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL')
  if (theirs.length) console.warn(`cluster: ended ${theirs.length} process(es) a crashed run left behind (${theirs.map((p) => p.pid).join(', ')})`)
}

async function takeLock(): Promise<LockFile> {
  const mine: LockFile = { owner: process.pid, started: [] }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(LOCK, JSON.stringify(mine), { flag: 'wx' })
      return mine
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    let held: LockFile | undefined
    try {
      held = JSON.parse(readFileSync(LOCK, 'utf8')) as LockFile
    } catch {
      held = undefined // half-written by a run that died at that moment
    }
    if (held && held.owner !== process.pid && alive(held.owner)) {
      throw new Error(
        `the cluster's fixed ports (38080, 38101–38103) are in use by another run (process ${held.owner}, lock ${LOCK}): ` +
          'one cluster at a time per machine — wait for it, or end it',
      )
    }
    if (held) await endLeftovers(held)
    rmSync(LOCK, { force: true })
  }
  throw new Error(`could not take the cluster lock ${LOCK}`)
}

function record(lock: LockFile, pid: number | undefined, marker: string, signal?: NodeJS.Signals) {
  if (pid === undefined) return
  lock.started = lock.started.filter((p) => alive(p.pid))
  lock.started.push({ pid, marker, ...(signal ? { signal } : {}) })
  writeFileSync(LOCK, JSON.stringify(lock))
}

/** The PostgreSQL server listening on `port` (startPostgres runs it through pg_ctl, which keeps its pid to itself). */
function postgresPid(port: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && cmdline(Number(entry)).includes(` -p ${port} `) && cmdline(Number(entry)).includes('bin/postgres')) return Number(entry)
  }
  return undefined
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

export async function startCluster(): Promise<Cluster> {
  const missing = clusterMissing()
  if (missing) throw new Error(missing)
  const lock = await takeLock()
  const stops: (() => Promise<void>)[] = []
  // A test process that exits without stopping the cluster (an error past afterAll) takes it along.
  const onExit = () => {
    for (const p of lock.started) if (alive(p.pid) && cmdline(p.pid).includes(p.marker)) process.kill(p.pid, p.signal ?? 'SIGTERM')
  }
  process.once('exit', onExit)
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.warn('cluster: stopping failed', err))
    process.removeListener('exit', onExit)
    rmSync(LOCK, { force: true })
  }
  try {
    for (const port of [38080, ...CLUSTER_NODES.map((n) => n.port)]) {
      if (!(await portFree(port))) {
        throw new Error(`port ${port} of 127.0.0.1 is taken by another program: the cluster tests need 38080 and 38101–38103 (deploy/nginx/tablecloth.conf)`)
      }
    }
    const [postgres, redis] = await Promise.all([startPostgres(), startRedis()])
    stops.push(() => (postgres as PostgresCluster).stop())
    stops.push(() => (redis as RunningRedis).stop())
    record(lock, redis.pid, 'redis-server')
    record(lock, postgresPid(postgres.port), ` -p ${postgres.port} `, 'SIGINT')
    const databaseUrl = await postgres.createDatabase()
    const organiserKey = randomBytes(24).toString('base64url')
    const nodes: ClusterNode[] = await Promise.all(
      CLUSTER_NODES.map(async ({ name, port }) => {
        const server = await startServer({
          port,
          env: {
            TABLECLOTH_DATABASE_URL: databaseUrl,
            TABLECLOTH_REDIS_URL: redis.url,
            TABLECLOTH_NODE: name,
            TABLECLOTH_ORGANISER_KEY: organiserKey,
            TABLECLOTH_PUBLIC_URL: CLUSTER_URL,
          },
        })
        stops.push(() => server.stop())
        record(lock, server.pid(), 'server/main.ts')
        return { name, port, url: server.url, server }
      }),
    )
    const nginx = await startNginx(`${CLUSTER_URL}/healthz`)
    stops.push(() => nginx.stop())
    record(lock, nginx.pid, nginx.prefix)

    const node = (name: NodeName) => nodes.find((n) => n.name === name)!
    return {
      url: CLUSTER_URL,
      nodes,
      node,
      organiserKey,
      nginx,
      async kill(name) {
        await node(name).server.stop('SIGKILL')
      },
      async restart(name) {
        await node(name).server.restart()
        record(lock, node(name).server.pid(), 'server/main.ts')
      },
      output: () =>
        [
          `--- nginx (the end of its error log)\n${nginx.errors().slice(-3000)}`,
          `--- redis\n${redis.output().slice(-1000)}`,
          ...nodes.map((n) => `--- ${n.name}\n${n.server.output().slice(-3000)}`),
        ].join('\n'),
      stop: stopAll,
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}

// ---- which process served a client, and pinning a client to one ----

/** The cookie that sends a request to that process (deploy/nginx/tablecloth.conf's map). */
export const pinnedTo = (node: string) => ({ cookie: `tablecloth_node=${node}` })

/** The process that answered an HTTP request through nginx. */
export const servedBy = (res: Response) => res.headers.get('x-tablecloth-node') ?? undefined

/** The process a `Set-Cookie` moves the client to, if it names one. */
function cookieNode(setCookie: string | string[] | undefined): string | undefined {
  for (const line of [setCookie ?? []].flat()) {
    const m = /^tablecloth_node=([A-Za-z0-9._-]+)/.exec(line)
    if (m) return m[1]
  }
  return undefined
}

/** fetch through nginx, pinned to a process by its cookie (or to none: round-robin). */
export function clusterFetch(path: string, init: RequestInit & { node?: NodeName } = {}): Promise<Response> {
  const { node, headers, ...rest } = init
  return fetch(`${CLUSTER_URL}${path}`, { ...rest, headers: { ...(headers as Record<string, string> | undefined), ...(node ? pinnedTo(node) : {}) } })
}

export interface PinnedCafeClient extends CafeClient {
  /** The process that served the latest (re)connection (its `hello.node`). */
  node(): string | undefined
  /** Every process that served a connection of this client, in order. */
  nodes(): string[]
}

/** The `node` of a socket.io greeting (the contract's field, read without relying on the type having it yet). */
export const helloNode = (hello: unknown) => {
  const node = (hello as { node?: unknown } | undefined)?.node
  return typeof node === 'string' ? node : undefined
}

/**
 * A café screen's socket through nginx, pinned to `node` by the cookie. Like a browser that
 * follows the cookie the serving process sets, it sends the name of the process that greeted it
 * on its next (re)connection — after a failover, the new one's.
 */
export async function connectCafeVia(cafeId: string, token: string, node: NodeName): Promise<PinnedCafeClient> {
  const headers = { ...pinnedTo(node) }
  const client = await connectCafe(CLUSTER_URL, cafeId, token, { extraHeaders: headers })
  const nodes: string[] = []
  const greeted = (hello: unknown) => {
    const served = helloNode(hello)
    if (!served) return
    nodes.push(served)
    headers.cookie = pinnedTo(served).cookie
  }
  if (client.hello()) greeted(client.hello())
  client.socket.on('hello', greeted)
  return { ...client, node: () => nodes.at(-1), nodes: () => [...nodes] }
}

export interface PinnedYjsClient extends YjsClient {
  /** The process whose 101 answered the latest upgrade (`X-Tablecloth-Node`). */
  node(): string | undefined
  nodes(): string[]
  /** Close codes of this client's connections so far (4403: a write refused). */
  closeCodes(): number[]
}

/**
 * A y-websocket client through nginx, pinned to `node` by the cookie, reading which process
 * answered each upgrade from its 101, and following the cookie that process sets.
 */
export function connectYjsVia(document: string, token: string, node: NodeName, field = 'notes'): PinnedYjsClient {
  const jar = { node: node as string }
  const nodes: string[] = []
  const closeCodes: number[] = []
  class PinnedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: pinnedTo(jar.node) })
      this.once('upgrade', (res: IncomingMessage) => {
        const served = res.headers['x-tablecloth-node']
        if (typeof served === 'string') nodes.push(served)
        jar.node = cookieNode(res.headers['set-cookie']) ?? jar.node
      })
      this.once('close', (code: number) => closeCodes.push(code))
    }
  }
  const client = connectYjs(CLUSTER_URL, document, token, field, PinnedWebSocket)
  return { ...client, node: () => nodes.at(-1), nodes: () => [...nodes], closeCodes: () => [...closeCodes] }
}
