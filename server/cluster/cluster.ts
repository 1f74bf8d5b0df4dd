/**
 * What this process shares with the other processes of a cluster, behind one small interface:
 * the embedded single process (`createLocalCluster`, the default) shares nothing and every
 * method does nothing; the Redis one (server/cluster/redis.ts) carries socket.io's broadcasts,
 * café news and live document edits between processes that store in one PostgreSQL. The rest of
 * the server calls these methods the same way in both cases.
 */
import type { Server } from 'socket.io'
import type { CafeState } from '../../shared/cafe/types.js'
import type { StoredHarvest } from '../storage/storage.js'
import type { Principal } from '../documents/room.js'
import type { PresenceReport } from '../cafes/cluster-presence.js'

/** What another process must hear after this one stored something about a café. */
export type CafeNews =
  | { kind: 'state'; state: CafeState }
  | { kind: 'harvest'; harvest: StoredHarvest }
  | { kind: 'deleted'; cafeId: string }
  /** Facilitator tokens were replaced: their sockets and document connections close everywhere. */
  | { kind: 'revoked'; cafeId: string }
  /** Who is online through one process (sent on change, and again as a heartbeat). */
  | ({ kind: 'presence' } & PresenceReport)
  /** A process that just started asks the others for their presence. */
  | { kind: 'presence-query' }
  /**
   * A rehearsal is being reset (asked, server/rehearsal): its guests stop and the café's documents
   * close and stay closed until `rehearsal-reset-done` (or a time-out, should the resetting process die).
   */
  | { kind: 'rehearsal-reset'; cafeId: string }
  | { kind: 'rehearsal-reset-done'; cafeId: string }

/** Someone else's presence entry, with who holds it, so a takeover by the same person is allowed. */
export interface PresenceHolder {
  id: number
  principal: Principal
}

/** The receiving side of one document that this process holds (a DocumentRoom). */
export interface DocumentPeer {
  /** An update another process accepted and stored: apply and relay, nothing more. */
  update(update: Uint8Array): void
  /** Presence entries another process's connections sent (or removed), with their holders. */
  presence(update: Uint8Array, holders: PresenceHolder[], from: string): void
  /** Another process started holding the document and asks for the presence held here. */
  presenceQueried(): void
}

export interface DocumentFanout {
  /**
   * Starts receiving the document's messages from the other processes; resolves once that is
   * so, so that a room subscribes before it loads and nothing falls between the two.
   */
  hold(name: string, peer: DocumentPeer): Promise<void>
  /** Stops receiving (the room unloaded). */
  release(name: string, peer: DocumentPeer): void
  /** An update this process stored: to every other process holding the document, in order. */
  publishUpdate(name: string, update: Uint8Array): void
  publishPresence(name: string, update: Uint8Array, holders: PresenceHolder[]): void
  queryPresence(name: string): void
}

/**
 * Small values every process reads alike (Redis keys; alone, a map in memory), each gone after
 * its time: the facilitator's message on the screens, a rehearsal's claim, limits' counters.
 */
export interface SharedValues {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string, ttlMs: number): Promise<void>
  /** Sets the value only if none is there; resolves whether it did (who runs something, once). */
  claim(key: string, value: string, ttlMs: number): Promise<boolean>
  delete(key: string): Promise<void>
  /** Adds one to a counter that is gone `windowMs` after its first count; resolves to the new count. */
  count(key: string, windowMs: number): Promise<number>
}

export interface ClusterLink {
  /** This process's name (the X-Tablecloth-Node header, the `tablecloth_node` cookie). */
  readonly node: string
  /** Whether other processes may exist (then the `tablecloth_node` cookie is set for stickiness). */
  readonly clustered: boolean
  /** Puts socket.io's rooms across processes (the Redis adapter); a local one changes nothing. */
  attachSockets(io: Server): void
  publishCafe(news: CafeNews): void
  /**
   * Publishes the news and resolves once every other process has acted on it (its handlers'
   * promises settled), or after `timeoutMs` (a process that died never answers); alone, at once.
   * For what must be done everywhere before this process goes on (a café's rows deleted).
   */
  askCafe(news: CafeNews, timeoutMs?: number): Promise<void>
  /** A handler may return a promise: an asked news is answered once all of them settled. */
  onCafeNews(handler: (news: CafeNews) => void | Promise<void>): void
  shared: SharedValues
  documents: DocumentFanout
  /**
   * Called after the link to the others came back from an outage: messages sent meanwhile were
   * lost, so whatever is held must be read again from the store.
   */
  onResync(handler: () => void): void
  close(): Promise<void>
}

/** Shared values of a process alone: a map, each entry dropped when it is read after its time. */
export function createLocalValues(now: () => number = Date.now): SharedValues {
  const values = new Map<string, { value: string; until: number }>()
  const live = (key: string) => {
    const entry = values.get(key)
    if (entry && entry.until <= now()) values.delete(key)
    return values.get(key)
  }
  return {
    get: (key) => Promise.resolve(live(key)?.value),
    set(key, value, ttlMs) {
      values.set(key, { value, until: now() + ttlMs })
      return Promise.resolve()
    },
    claim(key, value, ttlMs) {
      if (live(key)) return Promise.resolve(false)
      values.set(key, { value, until: now() + ttlMs })
      return Promise.resolve(true)
    },
    delete(key) {
      values.delete(key)
      return Promise.resolve()
    },
    count(key, windowMs) {
      const entry = live(key) ?? { value: '0', until: now() + windowMs }
      entry.value = String(Number(entry.value) + 1)
      values.set(key, entry)
      return Promise.resolve(Number(entry.value))
    },
  }
}

/** One process, nothing shared: the embedded server as it always was. */
export function createLocalCluster(node: string): ClusterLink {
  return {
    node,
    clustered: false,
    attachSockets() {},
    publishCafe() {},
    askCafe: () => Promise.resolve(),
    onCafeNews() {},
    shared: createLocalValues(),
    documents: {
      hold: () => Promise.resolve(),
      release() {},
      publishUpdate() {},
      publishPresence() {},
      queryPresence() {},
    },
    onResync() {},
    close: () => Promise.resolve(),
  }
}
