/**
 * socket.io event maps, one per direction. Both `Server<…>` and `io()` are typed with them, so a
 * renamed event breaks the build rather than the venue. Payloads from clients are also parsed
 * with the zod schemas here, because types check nothing at run time.
 */
import { z } from 'zod'
import type { CafeState, TokenRole } from '../cafe/types.js'
import type { ClientCommand } from './commands.js'

export interface Hello {
  protocolVersion: number
  /** Server clock when the message left, for the client's first offset estimate. */
  serverTime: number
  role: TokenRole
  participantId?: string
}

export const TimeSyncRequest = z.object({ clientTime: z.number().finite() })
export type TimeSyncRequest = z.infer<typeof TimeSyncRequest>
export interface TimeSyncReply {
  clientTime: number
  serverTime: number
}

export type Ack<T> = (reply: { ok: true; value: T } | { ok: false; code: string; message: string }) => void

export interface ServerToClientEvents {
  hello: (msg: Hello) => void
  'cafe:state': (state: CafeState) => void
  /** Ids of the people with at least one open connection, after every change. */
  'cafe:presence': (presence: { online: string[] }) => void
}

export interface ClientToServerEvents {
  'time:sync': (msg: TimeSyncRequest, ack: Ack<TimeSyncReply>) => void
  /** Runs a café command; the ack carries the café's new version or the refusal's code. */
  'cafe:command': (command: ClientCommand, ack: Ack<{ version: number }>) => void
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
