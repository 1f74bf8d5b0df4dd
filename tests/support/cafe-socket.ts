/** A socket.io client as a participant's or facilitator's page uses it, for integration tests. */
import { io, type Socket } from 'socket.io-client'
import type { CafeState } from '../../shared/cafe/types.js'
import type { ClientCommand } from '../../shared/protocol/commands.js'
import type { ClientToServerEvents, Hello, ServerToClientEvents } from '../../shared/protocol/socket.js'
import type { HarvestView } from '../../shared/protocol/harvest.js'

export interface CafeClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>
  /** The latest café state this client received. */
  state(): CafeState | undefined
  online(): string[]
  /** The newest harvest this client received (the server pushes it on connect once the café is in the harvest). */
  harvest(): HarvestView | undefined
  /** The server's greeting on the latest (re)connection. */
  hello(): Hello | undefined
  command(command: ClientCommand): Promise<{ ok: true; value: { version: number } } | { ok: false; code: string; message: string }>
  close(): void
}

export async function connectCafe(
  baseUrl: string,
  cafeId: string,
  token: string,
  /** Headers on every request and upgrade (a cookie through a proxy), and other transports than the WebSocket alone. */
  options: { extraHeaders?: Record<string, string>; transports?: ('websocket' | 'polling')[]; withCredentials?: boolean } = {},
): Promise<CafeClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    auth: { token, cafeId },
    transports: options.transports ?? ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
    ...(options.withCredentials ? { withCredentials: true } : {}),
  })
  let hello: Hello | undefined
  socket.on('hello', (h) => (hello = h))
  let state: CafeState | undefined
  let online: string[] = []
  socket.on('cafe:state', (s) => {
    if (!state || s.version >= state.version) state = s
  })
  socket.on('cafe:presence', (p) => (online = p.online))
  // Listened to before connecting: under load the greeting's frames can arrive in one read with
  // the connect itself, before a listener added after `await connectCafe(…)` would exist.
  let harvest: HarvestView | undefined
  socket.on('harvest:state', (v) => {
    if (!harvest || v.version >= harvest.version) harvest = v
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return {
    socket,
    state: () => state,
    online: () => online,
    harvest: () => harvest,
    hello: () => hello,
    command: (command) => socket.timeout(10_000).emitWithAck('cafe:command', command),
    close: () => socket.disconnect(),
  }
}

/** Connects once (no retries) and reports how the server answered: in, or refused with which code. */
export function socketOutcome(baseUrl: string, auth: Record<string, unknown>): Promise<{ connected: boolean; code?: string }> {
  return new Promise((resolve) => {
    const socket: Socket = io(baseUrl, { auth, transports: ['websocket'], reconnection: false })
    socket.on('connect', () => {
      socket.disconnect()
      resolve({ connected: true })
    })
    socket.on('connect_error', (err) => {
      socket.disconnect()
      resolve({ connected: false, code: (err as Error & { data?: { code?: string } }).data?.code })
    })
  })
}
