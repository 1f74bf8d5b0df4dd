/**
 * socket.io event maps, one per direction. Both `Server<…>` and `io()` are typed with them, so a
 * renamed event breaks the build rather than the venue. Payloads from clients are also parsed
 * with the zod schemas here, because types check nothing at run time.
 */
import { z } from 'zod'
import type { CafeState, TokenRole } from '../cafe/types.js'
import type { ClientCommand } from './commands.js'
import type { HarvestCommand, HarvestView } from './harvest.js'

export interface Hello {
  protocolVersion: number
  /** Server clock when the message left, for the client's first offset estimate. */
  serverTime: number
  role: TokenRole
  participantId?: string
  /** Which server process this socket is connected to (TABLECLOTH_NODE), for operators and tests. */
  node: string
}

export const TimeSyncRequest = z.object({ clientTime: z.number().finite() })
export type TimeSyncRequest = z.infer<typeof TimeSyncRequest>
export interface TimeSyncReply {
  clientTime: number
  serverTime: number
}

/**
 * The store's health, to staff screens: `storage_failed` when writes start failing (and again if
 * the reason changes; `since` stays the first failure's time), `storage_ok` once one succeeds again.
 */
export type StorageAlert =
  | { code: 'storage_failed'; reason: StorageFailureReason; message: string; since: number }
  | { code: 'storage_ok'; since: number }
/** Why the store cannot write: the disk (or TABLECLOTH_SQLITE_MAX_PAGES) is full, another program holds the database, or anything else. */
export type StorageFailureReason = 'disk_full' | 'locked' | 'write_error'

export type Ack<T> = (reply: { ok: true; value: T } | { ok: false; code: string; message: string }) => void

export interface ServerToClientEvents {
  hello: (msg: Hello) => void
  'cafe:state': (state: CafeState) => void
  /** Ids of the people with at least one open connection, after every change. */
  'cafe:presence': (presence: { online: string[] }) => void
  /** The facilitator's message to every screen: on connect (if any) and whenever it changes; `text: ''` clears it. */
  'cafe:broadcast': (message: Broadcast) => void
  /**
   * What each table's cloth holds, to the facilitator's and organisers' screens only: every table
   * on connect, then the tables that changed, at most every 500 ms per café.
   */
  'cafe:cloths': (summaries: ClothSummaries) => void
  /**
   * The harvest (shared/protocol/harvest.ts): on connect once the café is in the harvest, and after
   * every harvest command, to every screen of the café; a participant's own dots to them alone.
   */
  'harvest:state': (view: HarvestView) => void
  /**
   * To the facilitator's and organisers' screens of every café on this server (they share one
   * store): the store cannot write — edits are not acknowledged — or writes again. Sent on
   * connect too while it is failing.
   */
  'cafe:alert': (alert: StorageAlert) => void
}

export interface ClientToServerEvents {
  'time:sync': (msg: TimeSyncRequest, ack: Ack<TimeSyncReply>) => void
  /** Runs a café command; the ack carries the café's new version or the refusal's code. */
  'cafe:command': (command: ClientCommand, ack: Ack<{ version: number }>) => void
  /** Shows a short message on every screen of the café (facilitator only); `''` clears it. */
  'cafe:broadcast': (message: BroadcastRequest, ack: Ack<Broadcast>) => void
  /** Runs a harvest command (merges: facilitator; dots: participants); the ack carries the harvest's new version. */
  'harvest:command': (command: HarvestCommand, ack: Ack<{ version: number }>) => void
}

/** What the server keeps on each authenticated socket. */
export interface SocketData {
  cafeId: string
  role: TokenRole
  participantId?: string
}

/** `connect_error` carries one of these in `err.data`, so the page can say what went wrong. */
export interface ConnectErrorData {
  code: 'unauthorized' | 'forbidden' | 'unknown_cafe'
}

/** Longest message a facilitator can broadcast: a projector line, not a speech. */
export const BROADCAST_MAX = 280

export const BroadcastRequest = z.object({ text: z.string().trim().max(BROADCAST_MAX) })
export type BroadcastRequest = z.infer<typeof BroadcastRequest>

/** A message on every screen. `id` tells a new message from the one a person dismissed. */
export interface Broadcast {
  id: string
  /** '' when the facilitator cleared the message. */
  text: string
  /** Server time when it was sent. */
  sentAt: number
}

/** What one table's cloth holds now, for the board's counters and the harvest view. */
export interface TableClothSummary {
  /** 0-based table index. */
  table: number
  /** Words in the notes of every round so far. */
  words: number
  proposals: number
  /** Title of the proposal the server saw created last (or the last in the list); '' if none. */
  newestProposal: string
  /** Every proposal's title, in the table's order (each cut to 200 characters). */
  proposalTitles: string[]
}

export interface ClothSummaries {
  tables: TableClothSummary[]
}
