/**
 * The café's socket.io side: authenticate each socket by its token (and the café it says it is
 * for), put it in its café's room, and push every new café state to that room. The facilitator's
 * and organisers' sockets also join the café's staff room, which alone gets the cloths' live
 * summaries (the board's counters): participants' laptops on the venue wifi need none of that.
 */
import { randomBytes } from 'node:crypto'
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import {
  BroadcastRequest,
  ClientCommand,
  HarvestCommand,
  PROTOCOL_VERSION,
  TimeSyncRequest,
  withServerIds,
  type ClientToServerEvents,
  type ConnectErrorData,
  type Broadcast,
  type ServerToClientEvents,
  type SocketData,
  type StorageAlert,
  type TableClothSummary,
} from '../../shared/protocol/index.js'
import type { Storage, StoredHarvest } from '../storage/storage.js'
import { harvestView, participantView, type Harvests } from '../harvest/harvests.js'
import { authenticate } from '../auth/tokens.js'
import type { Cafes } from './cafes.js'
import { createClusterPresence, type PresenceReport } from './cluster-presence.js'
import type { ClusterLink } from '../cluster/cluster.js'
import { tokenBucket } from '../rate-limit.js'
import { SOCKET_EVENT_BURST, SOCKET_EVENTS_PER_SECOND, SOCKET_MAX_MESSAGE_BYTES, SOCKET_REFUSALS_BEFORE_CLOSE } from '../../shared/protocol/limits.js'
import { ErrorCode } from '../../shared/protocol/errors.js'
import { StorageFailure } from '../storage/storage-health.js'

export type CafeSocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

const cafeRoom = (cafeId: string) => `cafe:${cafeId}`
const staffRoom = (cafeId: string) => `cafe:${cafeId}:staff`
/** Every staff screen of every café: the store they share is everyone's news. */
const ALL_STAFF = 'staff'

/** The ack for a command that threw: a store that cannot write says so; anything else is ours. */
const failure = (err: unknown) =>
  err instanceof StorageFailure
    ? { ok: false as const, code: ErrorCode.StorageFailed, message: `${err.message}; nothing was changed, try again in a moment` }
    : { ok: false as const, code: ErrorCode.Internal, message: 'the server could not run this command' }

export interface CafeSockets {
  io: CafeSocketServer
  announce: (state: CafeState) => void
  /** Sends the summaries of the cloths that changed to the café's staff screens. */
  announceCloths: (cafeId: string, tables: TableClothSummary[]) => void
  /** Whether a facilitator or organiser screen of the café is connected. */
  hasStaff: (cafeId: string) => boolean
  /** Disconnects every facilitator socket of the café (their tokens were revoked). */
  disconnectFacilitators: (cafeId: string) => void
  /** Sends the stored harvest to every screen of the café, each participant with their own dots. */
  announceHarvest: (harvest: StoredHarvest) => void
  /**
   * Disconnects the café's participants, through every process (socket.io's adapter): their
   * tokens are gone (a rehearsal's reset). Staff screens stay.
   */
  disconnectParticipants: (cafeId: string) => void
  /** Disconnects every socket of the café and drops its message (the café was deleted). */
  disconnectCafe: (cafeId: string) => void
  /** Tells every staff screen that the store cannot write, or writes again. */
  announceStorage: (alert: StorageAlert) => void
  /** Another process's report of who is online through it (server/cluster). */
  heardPresence: (report: PresenceReport) => void
  /** Reports who is online through this process, for every café (another process asked). */
  reportPresence: () => void
  /** Stops the presence heartbeat (the server is stopping). */
  stop: () => void
}

/** How often a process repeats who is online through it; three missed and it counts as gone. */
const PRESENCE_HEARTBEAT_MS = 15_000

function refusal(code: ConnectErrorData['code'], message: string): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(message), { data: { code } })
}

export function attachCafeSockets(
  httpServer: HttpServer,
  deps: {
    storage: Storage
    cafes: Cafes
    logger: Logger
    /** Every table's cloth summary, for a staff screen that just connected. */
    clothSummaries: (cafeId: string, tableCount: number) => Promise<TableClothSummary[]>
    /** The cafés' harvests (merges and dots). */
    harvests: Harvests
    /** The store's failure going on now, if any, for a staff screen that connects meanwhile. */
    storageFailing?: () => StorageAlert | undefined
    /** The other server processes: socket.io's rooms span them, presence is reported to them. */
    cluster: ClusterLink
  },
): CafeSockets {
  const { storage, cafes, logger, cluster } = deps
  // Who is online, through this process and (reported) through the others.
  const presence = createClusterPresence()
  // The message on every screen, per café, for a screen that connects later through any process:
  // a shared value (Redis; alone, memory), not the store — it is for the next minutes, and a
  // restart of everything that loses it costs the facilitator one more click.
  const broadcastKey = (cafeId: string) => `broadcast:${cafeId}`
  const BROADCAST_KEPT_MS = 24 * 60 * 60_000
  // To this process's sockets only: each process tells its own, from the reports it hears.
  const tellPresence = (cafeId: string) => io.local.to(cafeRoom(cafeId)).emit('cafe:presence', { online: presence.online(cafeId) })
  const localStaff = (cafeId: string) => (io.sockets.adapter.rooms.get(staffRoom(cafeId))?.size ?? 0) > 0
  const report = (cafeId: string) =>
    cluster.publishCafe({ kind: 'presence', node: cluster.node, cafeId, online: presence.localOnline(cafeId), staff: localStaff(cafeId) })
  const announcePresence = (cafeId: string) => {
    report(cafeId)
    tellPresence(cafeId)
  }
  const reportAll = () => {
    const staffCafes = [...io.sockets.adapter.rooms.keys()].filter((r) => r.endsWith(':staff')).map((r) => r.slice('cafe:'.length, -':staff'.length))
    for (const cafeId of new Set([...presence.localCafes(), ...staffCafes])) report(cafeId)
  }
  const heartbeat = cluster.clustered
    ? setInterval(() => {
        reportAll()
        for (const cafeId of presence.expire(Date.now() - 3 * PRESENCE_HEARTBEAT_MS)) tellPresence(cafeId)
      }, PRESENCE_HEARTBEAT_MS)
    : undefined
  heartbeat?.unref()
  const io: CafeSocketServer = new Server(httpServer, {
    serveClient: false,
    // Keep socket.io's payloads small: a café state is a few kilobytes even for 500 people.
    // Applies to both transports: a larger WebSocket message or long-polling POST closes that connection.
    maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
  })
  // Rooms across processes (Redis adapter) when clustered. No connection-state recovery: a
  // reconnecting client is greeted afresh with the whole state (below), whichever process it reaches.
  cluster.attachSockets(io)
  cluster.publishCafe({ kind: 'presence-query' })

  io.use(async (socket, next) => {
    try {
      const auth = socket.handshake.auth as { token?: unknown; cafeId?: unknown }
      const holder = await authenticate(storage, auth.token)
      if (!holder) return next(refusal('unauthorized', 'a valid token is needed'))
      if (typeof auth.cafeId === 'string' && auth.cafeId !== holder.cafeId) {
        return next(refusal('forbidden', 'this token belongs to another café'))
      }
      if (!(await cafes.load(holder.cafeId))) return next(refusal('unknown_cafe', 'no such café'))
      socket.data = {
        cafeId: holder.cafeId,
        role: holder.role,
        ...(holder.participantId ? { participantId: holder.participantId } : {}),
      }
      next()
    } catch (err) {
      logger.error({ err }, 'socket authentication failed')
      next(new Error('internal'))
    }
  })

  io.on('connection', (socket) => {
    const { cafeId, role, participantId } = socket.data
    logger.debug({ conn: socket.id, cafeId, role, participantId, transport: socket.conn.transport.name }, 'café socket connected')
    // Events per second per connection: over the limit an event is answered `rate_limited` and
    // not run; a client that keeps going regardless is disconnected.
    const events = tokenBucket({ perSecond: SOCKET_EVENTS_PER_SECOND, burst: SOCKET_EVENT_BURST })
    let refusedInARow = 0
    socket.use((packet, next) => {
      if (events.take()) {
        refusedInARow = 0
        return next()
      }
      const ack = packet[packet.length - 1] as unknown
      if (typeof ack === 'function') ack({ ok: false, code: ErrorCode.RateLimited, message: 'too many messages at once; slow down' })
      if (++refusedInARow >= SOCKET_REFUSALS_BEFORE_CLOSE) socket.disconnect(true)
    })
    // Handlers first, synchronously: an event sent right after connecting must not be missed
    // while the greeting below awaits.
    socket.on('disconnect', (reason) => {
      logger.debug({ conn: socket.id, cafeId, reason }, 'café socket disconnected')
      if (participantId && presence.disconnect(cafeId, participantId, socket.id)) announcePresence(cafeId)
      // The last staff screen here went: the others stop summing cloths for it.
      else if (!participantId && !localStaff(cafeId)) report(cafeId)
    })

    socket.on('cafe:command', async (raw, ack) => {
      if (typeof ack !== 'function') return
      const command = ClientCommand.safeParse(raw)
      if (!command.success) {
        return ack({ ok: false, code: 'bad_request', message: command.error.issues.map((i) => i.message).join('; ') })
      }
      try {
        const actor = { role, ...(participantId ? { personId: participantId } : {}) }
        const newPersonId = () => randomBytes(9).toString('base64url')
        const result = await cafes.execute(cafeId, actor, withServerIds(command.data, newPersonId))
        ack(result.ok ? { ok: true, value: { version: result.value.version } } : result)
      } catch (err) {
        logger.error({ err, conn: socket.id, cafeId, command: command.data.type }, 'café command failed')
        ack(failure(err))
      }
    })

    socket.on('cafe:broadcast', async (raw, ack) => {
      if (typeof ack !== 'function') return
      const request = BroadcastRequest.safeParse(raw)
      if (!request.success) {
        return ack({ ok: false, code: 'bad_request', message: request.error.issues.map((i) => i.message).join('; ') })
      }
      if (role !== 'facilitator') return ack({ ok: false, code: 'forbidden', message: 'only the facilitator can broadcast' })
      const message: Broadcast = { id: randomBytes(9).toString('base64url'), text: request.data.text, sentAt: Date.now() }
      try {
        // Kept before it is shown: a screen connecting meanwhile reads this one, not the last.
        if (message.text === '') await cluster.shared.delete(broadcastKey(cafeId))
        else await cluster.shared.set(broadcastKey(cafeId), JSON.stringify(message), BROADCAST_KEPT_MS)
      } catch (err) {
        logger.error({ err, cafeId }, 'could not keep the broadcast for screens that connect later')
      }
      io.to(cafeRoom(cafeId)).emit('cafe:broadcast', message)
      ack({ ok: true, value: message })
    })

    socket.on('harvest:command', async (raw, ack) => {
      if (typeof ack !== 'function') return
      const command = HarvestCommand.safeParse(raw)
      if (!command.success) {
        return ack({ ok: false, code: 'bad_request', message: command.error.issues.map((i) => i.message).join('; ') })
      }
      try {
        // The voter is this connection's participant: the command carries no voter of its own.
        const actor = { role, ...(participantId ? { participantId } : {}) }
        const result = await deps.harvests.execute(cafeId, actor, command.data)
        ack(result.ok ? { ok: true, value: { version: result.value.version } } : result)
      } catch (err) {
        logger.error({ err, conn: socket.id, cafeId, command: command.data.type }, 'harvest command failed')
        ack(failure(err))
      }
    })

    socket.on('time:sync', (raw, ack) => {
      if (typeof ack !== 'function') return
      const msg = TimeSyncRequest.safeParse(raw)
      if (!msg.success) return ack({ ok: false, code: 'bad_request', message: 'clientTime must be a number' })
      ack({ ok: true, value: { clientTime: msg.data.clientTime, serverTime: Date.now() } })
    })

    void (async () => {
      const staff = role === 'facilitator' || role === 'organiser'
      await socket.join(staff ? [cafeRoom(cafeId), staffRoom(cafeId), ALL_STAFF] : cafeRoom(cafeId))
      socket.emit('hello', {
        protocolVersion: PROTOCOL_VERSION,
        serverTime: Date.now(),
        role,
        ...(participantId ? { participantId } : {}),
        node: cluster.node,
      })
      const state = await cafes.load(cafeId)
      if (state) socket.emit('cafe:state', state)
      const message = await cluster.shared.get(broadcastKey(cafeId)).catch((err: unknown) => {
        logger.warn({ err, cafeId }, "could not read the facilitator's message")
        return undefined
      })
      if (message) socket.emit('cafe:broadcast', JSON.parse(message) as Broadcast)
      const alert = staff ? deps.storageFailing?.() : undefined
      if (alert) socket.emit('cafe:alert', alert)
      if (!socket.connected) return
      if (state && (state.phase.kind === 'harvest' || state.phase.kind === 'closed')) {
        const harvest = await deps.harvests.load(cafeId)
        if (harvest && socket.connected) {
          const shared = harvestView(harvest)
          socket.emit('harvest:state', participantId ? participantView(shared, harvest.state, participantId) : shared)
        }
      }
      if (participantId && presence.connect(cafeId, participantId, socket.id)) announcePresence(cafeId)
      else socket.emit('cafe:presence', { online: presence.online(cafeId) })
      if (staff) report(cafeId)
      // Last: reading cloths nobody has open takes the store a moment, and must not hold up the rest.
      if (staff && state) socket.emit('cafe:cloths', { tables: await deps.clothSummaries(cafeId, state.tables.length) })
    })().catch((err: unknown) => logger.error({ err, conn: socket.id, cafeId }, 'socket greeting failed'))
  })

  return {
    io,
    announce: (state) => {
      io.to(cafeRoom(state.id)).emit('cafe:state', state)
    },
    announceCloths: (cafeId, tables) => {
      io.to(staffRoom(cafeId)).emit('cafe:cloths', { tables })
    },
    announceHarvest: (harvest) => {
      const shared = harvestView(harvest)
      for (const id of io.sockets.adapter.rooms.get(cafeRoom(harvest.cafeId)) ?? []) {
        const socket = io.sockets.sockets.get(id)
        if (!socket) continue
        const { participantId } = socket.data
        socket.emit('harvest:state', participantId ? participantView(shared, harvest.state, participantId) : shared)
      }
    },
    announceStorage: (alert) => {
      io.to(ALL_STAFF).emit('cafe:alert', alert)
    },
    hasStaff: (cafeId) => localStaff(cafeId) || presence.staffElsewhere(cafeId),
    heardPresence: (news) => {
      if (presence.heard(news, Date.now())) tellPresence(news.cafeId)
    },
    reportPresence: reportAll,
    stop: () => clearInterval(heartbeat),
    disconnectParticipants: (cafeId) => {
      // Participants are in the café's room only; staff screens are in its staff room too.
      io.in(cafeRoom(cafeId)).except(staffRoom(cafeId)).disconnectSockets(true)
    },
    disconnectCafe: (cafeId) => {
      cluster.shared.delete(broadcastKey(cafeId)).catch((err: unknown) => logger.warn({ err, cafeId }, 'could not drop the broadcast'))
      for (const id of [...(io.sockets.adapter.rooms.get(cafeRoom(cafeId)) ?? [])]) io.sockets.sockets.get(id)?.disconnect(true)
    },
    disconnectFacilitators: (cafeId) => {
      // A copy: each disconnect leaves the room while we walk it.
      for (const id of [...(io.sockets.adapter.rooms.get(staffRoom(cafeId)) ?? [])]) {
        const socket = io.sockets.sockets.get(id)
        if (socket?.data.role === 'facilitator') socket.disconnect(true)
      }
    },
  }
}
