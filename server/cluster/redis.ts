/**
 * The cluster over Redis pub/sub (TABLECLOTH_REDIS_URL). PostgreSQL stays the record of
 * everything; Redis only carries news between processes, and a message lost there (Redis
 * restarting, a link down) costs nothing durable: after a reconnect every process reads what it
 * holds again from the store (`onResync`).
 *
 * - socket.io's rooms: the official Redis adapter, so `io.to(room).emit` reaches every process.
 * - café news (a new state, a harvest, a deletion, who is online): one channel, JSON.
 * - live documents: one channel per document, subscribed only by the processes holding it. A
 *   message is binary (lib0): its kind, the sending process, then a Yjs update or a presence
 *   update. Each process publishes from one connection in the order it stored its updates, and
 *   Redis keeps a connection's order; a process skips its own messages.
 *
 * Three connections per process: one publishes (and runs the adapter's commands), one listens
 * for socket.io's adapter, one listens for ours (the adapter reads every message of its
 * connection, so ours stay apart).
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { createAdapter } from '@socket.io/redis-adapter'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import type { Logger } from 'pino'
import type { CafeNews, ClusterLink, DocumentPeer, PresenceHolder } from './cluster.js'
import { withoutPassword } from '../auth/redact.js'

const CAFES_CHANNEL = 'tablecloth:cafes'
const DOCUMENT_CHANNEL = 'tablecloth:doc:'
const SOCKET_IO_KEY = 'tablecloth:socket.io'
const VALUE_KEY = 'tablecloth:v:'
/** How long an asked news waits for the other processes' answers by default. */
const ASK_TIMEOUT_MS = 5_000

const UPDATE = 0
const PRESENCE = 1
const PRESENCE_QUERY = 2

export async function createRedisCluster(options: { url: string; node: string; logger: Logger }): Promise<ClusterLink> {
  const { url, node, logger } = options
  // Two processes given the same name by mistake must still not skip each other's messages.
  const self = `${node}:${randomBytes(6).toString('base64url')}`
  const connect = (role: string) => {
    const client = new Redis(url, {
      lazyConnect: true,
      // Commands wait for a reconnect instead of failing after a few tries: a publish is news
      // worth delivering late, and a resync follows the outage anyway.
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    })
    let down = false
    client.on('error', (err: Error) => {
      if (!down) logger.error({ err: err.message, redis: role }, 'Redis connection failed; retrying')
      down = true
    })
    client.on('ready', () => {
      if (down) logger.warn({ redis: role }, 'Redis connection is back')
      down = false
    })
    return client
  }
  const pub = connect('publish')
  const socketSub = connect('socket.io')
  const sub = connect('subscribe')
  try {
    await Promise.all([pub.connect(), socketSub.connect(), sub.connect()])
  } catch (err) {
    pub.disconnect()
    socketSub.disconnect()
    sub.disconnect()
    throw new Error(`cannot reach Redis at ${withoutPassword(url)}: ${(err as Error).message}`)
  }

  const cafeHandlers: ((news: CafeNews) => void | Promise<void>)[] = []
  // Asked news of this process still waiting for answers: how many are missing, and what to call.
  const asking = new Map<string, { answers: number; expected?: number; done: () => void }>()
  const resyncHandlers: (() => void)[] = []
  const peers = new Map<string, Set<DocumentPeer>>()
  const subscribed = new Map<string, Promise<unknown>>()

  // A 'ready' after a 'close' is a reconnect: what was published meanwhile never came.
  let outage = false
  sub.on('close', () => {
    outage = true
  })
  sub.on('ready', () => {
    if (!outage) return
    outage = false
    for (const handler of resyncHandlers) {
      try {
        handler()
      } catch (err) {
        logger.error({ err }, 'resync after a Redis reconnect failed')
      }
    }
  })

  sub.on('messageBuffer', (channelBytes: Buffer, message: Buffer) => {
    const channel = channelBytes.toString()
    try {
      if (channel === CAFES_CHANNEL) {
        const envelope = JSON.parse(message.toString()) as { from: string; news?: CafeNews; ask?: string; answered?: string }
        if (envelope.from === self) return
        if (envelope.answered !== undefined) {
          const waiting = asking.get(envelope.answered)
          if (waiting && ++waiting.answers >= (waiting.expected ?? Number.POSITIVE_INFINITY)) waiting.done()
          return
        }
        const { news, ask } = envelope
        if (!news) return
        // In order, as they come (each handler's synchronous part runs now); asked news is answered
        // once every handler's promise settled.
        const acted = Promise.allSettled(cafeHandlers.map(async (handler) => handler(news))).then((results) => {
          for (const result of results) if (result.status === 'rejected') logger.error({ err: result.reason, news: news.kind }, 'cluster news not acted on')
        })
        if (ask !== undefined) void acted.then(() => publish(CAFES_CHANNEL, JSON.stringify({ from: self, answered: ask })))
        return
      }
      if (!channel.startsWith(DOCUMENT_CHANNEL)) return
      const holders = peers.get(channel.slice(DOCUMENT_CHANNEL.length))
      if (!holders) return
      const decoder = decoding.createDecoder(message)
      const kind = decoding.readVarUint(decoder)
      const from = decoding.readVarString(decoder)
      if (from === self) return
      if (kind === UPDATE) {
        const update = decoding.readVarUint8Array(decoder)
        for (const peer of holders) peer.update(update)
      } else if (kind === PRESENCE) {
        const update = decoding.readVarUint8Array(decoder)
        const who = JSON.parse(decoding.readVarString(decoder)) as PresenceHolder[]
        for (const peer of holders) peer.presence(update, who, from)
      } else if (kind === PRESENCE_QUERY) {
        for (const peer of holders) peer.presenceQueried()
      }
    } catch (err) {
      logger.error({ err, channel }, 'unreadable cluster message ignored')
    }
  })

  function publish(channel: string, message: Buffer | string): void {
    pub.publish(channel, message).catch((err: unknown) => logger.error({ err, channel }, 'could not publish to the cluster'))
  }

  function documentMessage(kind: number, write?: (encoder: encoding.Encoder) => void): Buffer {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, kind)
    encoding.writeVarString(encoder, self)
    write?.(encoder)
    return Buffer.from(encoding.toUint8Array(encoder))
  }

  await sub.subscribe(CAFES_CHANNEL)
  logger.info({ node, redis: withoutPassword(url) }, 'joined the cluster')

  return {
    node,
    clustered: true,
    attachSockets(io) {
      io.adapter(createAdapter(pub, socketSub, { key: SOCKET_IO_KEY }))
    },
    publishCafe(news) {
      publish(CAFES_CHANNEL, JSON.stringify({ from: self, news }))
    },
    async askCafe(news, timeoutMs = ASK_TIMEOUT_MS) {
      const ask = randomBytes(9).toString('base64url')
      let done = () => {}
      const answered = new Promise<void>((resolve) => (done = resolve))
      const waiting: { answers: number; expected?: number; done: () => void } = { answers: 0, done }
      asking.set(ask, waiting)
      // PUBLISH counts the connections that received it: one per process, this one included.
      // (Answers may come before the count does.)
      void pub
        .publish(CAFES_CHANNEL, JSON.stringify({ from: self, news, ask }))
        .then((receivers) => {
          waiting.expected = receivers - 1
          if (waiting.answers >= waiting.expected) done()
        })
        .catch((err: unknown) => logger.error({ err }, 'could not publish to the cluster'))
      let timer: NodeJS.Timeout | undefined
      // Timed from the start: with Redis down the publish itself waits for the reconnect.
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)))
      try {
        if (await Promise.race([answered.then(() => false), timedOut])) {
          logger.warn({ news: news.kind, answers: waiting.answers, expected: waiting.expected }, 'not every process answered in time; going on')
        }
      } finally {
        clearTimeout(timer)
        asking.delete(ask)
      }
    },
    onCafeNews(handler) {
      cafeHandlers.push(handler)
    },
    shared: {
      async get(key) {
        return (await pub.get(VALUE_KEY + key)) ?? undefined
      },
      async set(key, value, ttlMs) {
        await pub.set(VALUE_KEY + key, value, 'PX', ttlMs)
      },
      async claim(key, value, ttlMs) {
        return (await pub.set(VALUE_KEY + key, value, 'PX', ttlMs, 'NX')) === 'OK'
      },
      async delete(key) {
        await pub.del(VALUE_KEY + key)
      },
      async count(key, windowMs) {
        // The first count starts the window; later ones leave its end where it is (NX).
        const replies = await pub.multi().incr(VALUE_KEY + key).pexpire(VALUE_KEY + key, windowMs, 'NX').exec()
        const [err, count] = replies?.[0] ?? [new Error('the count was not run')]
        if (err) throw err
        return Number(count)
      },
    },
    onResync(handler) {
      resyncHandlers.push(handler)
    },
    documents: {
      hold(name, peer) {
        const holders = peers.get(name) ?? new Set()
        peers.set(name, holders)
        holders.add(peer)
        let done = subscribed.get(name)
        if (!done) {
          done = sub.subscribe(DOCUMENT_CHANNEL + name)
          subscribed.set(name, done)
        }
        return done.then(() => undefined)
      },
      release(name, peer) {
        const holders = peers.get(name)
        if (!holders?.delete(peer) || holders.size > 0) return
        peers.delete(name)
        subscribed.delete(name)
        sub.unsubscribe(DOCUMENT_CHANNEL + name).catch((err: unknown) => logger.warn({ err, document: name }, 'could not unsubscribe'))
      },
      publishUpdate(name, update) {
        publish(DOCUMENT_CHANNEL + name, documentMessage(UPDATE, (e) => encoding.writeVarUint8Array(e, update)))
      },
      publishPresence(name, update, holders) {
        publish(
          DOCUMENT_CHANNEL + name,
          documentMessage(PRESENCE, (e) => {
            encoding.writeVarUint8Array(e, update)
            encoding.writeVarString(e, JSON.stringify(holders))
          }),
        )
      },
      queryPresence(name) {
        publish(DOCUMENT_CHANNEL + name, documentMessage(PRESENCE_QUERY))
      },
    },
    async close() {
      // Quit (not disconnect): what is queued (the last updates' news) is sent first.
      await Promise.allSettled([sub.quit(), socketSub.quit()])
      await pub.quit().catch(() => pub.disconnect())
    },
  }
}
