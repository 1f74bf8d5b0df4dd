/**
 * The page's one socket.io connection to its café: holds the latest café state the server
 * pushed, the connection status, and this device's clock offset to the server (so a timer reads
 * the same on every screen whatever each laptop's clock says).
 */
import { io, type Socket } from 'socket.io-client'
import type { CafeState, TokenRole } from '$shared/cafe/types.js'
import { estimateOffset, type ClockSample } from '$shared/cafe/clock.js'
import type { Broadcast, ClientToServerEvents, ConnectErrorData, ServerToClientEvents, StorageAlert } from '$shared/protocol/socket.js'
import type { ClientCommand } from '$shared/protocol/commands.js'
import type { HarvestCommand } from '$shared/protocol/harvest.js'

export type CommandOutcome = { ok: true } | { ok: false; code: string }

/** A harvest command's outcome: the harvest's new version, whose `harvest:state` follows separately. */
export type HarvestOutcome = { ok: true; version: number } | { ok: false; code: string }

export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'refused'

export class CafeConnection {
  state = $state<CafeState | undefined>()
  status = $state<ConnectionStatus>('connecting')
  refusal = $state<ConnectErrorData['code'] | undefined>()
  /** serverTime − clientTime, in ms. */
  clockOffset = $state(0)
  /** Ids of the people connected right now. */
  online = $state<string[]>([])
  /** What this page's token may do, as the server said on connecting (a facilitator link may hold an organiser's token). */
  role = $state<TokenRole | undefined>()
  /** The facilitator's message to every screen, if there is one now. */
  broadcast = $state<Broadcast | undefined>()
  /** Staff screens only: the server's store cannot write (or writes again), as the server last said. */
  storageAlert = $state<StorageAlert | undefined>()
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>

  constructor(cafeId: string, token: string) {
    this.socket = io({ auth: { token, cafeId }, transports: ['websocket', 'polling'] })
    this.socket.on('connect', () => {
      this.status = 'connected'
      // A server that still cannot write says so again in its greeting (a restarted one may write again).
      this.storageAlert = undefined
      void this.syncClock()
    })
    this.socket.on('disconnect', (reason) => {
      if (this.status !== 'refused') this.status = 'offline'
      // The server hung up on purpose (this token was revoked): try once more, so the refusal says why.
      if (reason === 'io server disconnect') this.socket.connect()
    })
    this.socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: ConnectErrorData }).data
      if (data?.code) {
        // A refusal will not change by retrying: stop and say why.
        this.status = 'refused'
        this.refusal = data.code
        this.socket.disconnect()
      } else {
        this.status = 'offline'
      }
    })
    this.socket.on('hello', (hello) => {
      this.role = hello.role
    })
    this.socket.on('cafe:state', (state) => {
      // States can cross on a reconnect; never go back to an older one.
      if (!this.state || state.version >= this.state.version) this.state = state
    })
    this.socket.on('cafe:presence', ({ online }) => {
      this.online = online
    })
    this.socket.on('cafe:broadcast', (message) => {
      this.broadcast = message.text === '' ? undefined : message
    })
    this.socket.on('cafe:alert', (alert) => {
      this.storageAlert = alert
    })
  }

  /** Listens to one more server event (e.g. the board's cloth summaries); returns the unsubscribe. */
  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): () => void {
    // socket.io's typed `on` cannot be called with a generic event name; the map is the same one.
    const socket = this.socket as unknown as { on(e: string, l: unknown): void; off(e: string, l: unknown): void }
    socket.on(event, listener)
    return () => socket.off(event, listener)
  }

  /** Shows a message on every screen of the café (facilitator only); '' clears it. */
  async sendBroadcast(text: string): Promise<CommandOutcome> {
    if (!this.socket.connected) return { ok: false, code: 'offline' }
    try {
      const reply = await this.socket.timeout(10_000).emitWithAck('cafe:broadcast', { text })
      return reply.ok ? { ok: true } : { ok: false, code: reply.code }
    } catch {
      return { ok: false, code: 'timeout' }
    }
  }

  /** Sends a café command; the new state arrives separately, as for everyone else. */
  async command(command: ClientCommand): Promise<CommandOutcome> {
    if (!this.socket.connected) return { ok: false, code: 'offline' }
    try {
      const reply = await this.socket.timeout(10_000).emitWithAck('cafe:command', command)
      return reply.ok ? { ok: true } : { ok: false, code: reply.code }
    } catch {
      return { ok: false, code: 'timeout' }
    }
  }

  /** Sends a harvest command (merges: facilitator; dots: participant); the new harvest arrives as `harvest:state`. */
  async harvestCommand(command: HarvestCommand): Promise<HarvestOutcome> {
    if (!this.socket.connected) return { ok: false, code: 'offline' }
    try {
      const reply = await this.socket.timeout(10_000).emitWithAck('harvest:command', command)
      return reply.ok ? { ok: true, version: reply.value.version } : { ok: false, code: reply.code }
    } catch {
      return { ok: false, code: 'timeout' }
    }
  }

  /** The server's clock now, as well as this device can tell. */
  serverNow(): number {
    return Date.now() + this.clockOffset
  }

  private async syncClock(): Promise<void> {
    const samples: ClockSample[] = []
    for (let i = 0; i < 3; i++) {
      const sent = Date.now()
      const reply = await this.socket.timeout(5000).emitWithAck('time:sync', { clientTime: sent }).catch(() => undefined)
      if (reply?.ok) samples.push({ sent, serverTime: reply.value.serverTime, received: Date.now() })
    }
    const offset = estimateOffset(samples)
    if (offset !== undefined) this.clockOffset = offset
  }

  close(): void {
    this.socket.disconnect()
  }
}
