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

export interface ClusterLink {
  /** This process's name (the X-Tablecloth-Node header, the `tablecloth_node` cookie). */
  readonly node: string
  /** Whether other processes may exist (then the `tablecloth_node` cookie is set for stickiness). */
  readonly clustered: boolean
  /** Puts socket.io's rooms across processes (the Redis adapter); a local one changes nothing. */
  attachSockets(io: Server): void
  publishCafe(news: CafeNews): void
  onCafeNews(handler: (news: CafeNews) => void): void
  documents: DocumentFanout
  /**
   * Called after the link to the others came back from an outage: messages sent meanwhile were
   * lost, so whatever is held must be read again from the store.
   */
  onResync(handler: () => void): void
  close(): Promise<void>
}

/** One process, nothing shared: the embedded server as it always was. */
export function createLocalCluster(node: string): ClusterLink {
  return {
    node,
    clustered: false,
    attachSockets() {},
    publishCafe() {},
    onCafeNews() {},
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
