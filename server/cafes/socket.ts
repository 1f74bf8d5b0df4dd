/**
 * The café's socket.io side: authenticate each socket by its token (and the café it says it is
 * for), put it in its café's room, and push every new café state to that room.
 */
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import {
  ClientCommand,
  PROTOCOL_VERSION,
  TimeSyncRequest,
  type ClientToServerEvents,
  type ConnectErrorData,
  type ServerToClientEvents,
  type SocketData,
} from '../../shared/protocol/index.js'
import type { Storage } from '../storage/storage.js'
import { authenticate } from '../auth/tokens.js'
import type { Cafes } from './cafes.js'
import { createPresence } from './presence.js'

export type CafeSocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

const cafeRoom = (cafeId: string) => `cafe:${cafeId}`

function refusal(code: ConnectErrorData['code'], message: string): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(message), { data: { code } })
}

export function attachCafeSockets(
  httpServer: HttpServer,
  deps: { storage: Storage; cafes: Cafes; logger: Logger },
): { io: CafeSocketServer; announce: (state: CafeState) => void } {
  const { storage, cafes, logger } = deps
  const presence = createPresence()
  const announcePresence = (cafeId: string) =>
    io.to(cafeRoom(cafeId)).emit('cafe:presence', { online: presence.online(cafeId) })
  const io: CafeSocketServer = new Server(httpServer, {
    serveClient: false,
    // Keep socket.io's payloads small: a café state is a few kilobytes even for 500 people.
    maxHttpBufferSize: 256 * 1024,
  })

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
    // Handlers first, synchronously: an event sent right after connecting must not be missed
    // while the greeting below awaits.
    socket.on('disconnect', () => {
      if (participantId && presence.disconnect(cafeId, participantId, socket.id)) announcePresence(cafeId)
    })

    socket.on('cafe:command', async (raw, ack) => {
      if (typeof ack !== 'function') return
      const command = ClientCommand.safeParse(raw)
      if (!command.success) {
        return ack({ ok: false, code: 'bad_request', message: command.error.issues.map((i) => i.message).join('; ') })
      }
      try {
        const actor = { role, ...(participantId ? { personId: participantId } : {}) }
        const result = await cafes.execute(cafeId, actor, command.data)
        ack(result.ok ? { ok: true, value: { version: result.value.version } } : result)
      } catch (err) {
        logger.error({ err, cafeId, command: command.data.type }, 'café command failed')
        ack({ ok: false, code: 'internal', message: 'the server could not run this command' })
      }
    })

    socket.on('time:sync', (raw, ack) => {
      if (typeof ack !== 'function') return
      const msg = TimeSyncRequest.safeParse(raw)
      if (!msg.success) return ack({ ok: false, code: 'bad_request', message: 'clientTime must be a number' })
      ack({ ok: true, value: { clientTime: msg.data.clientTime, serverTime: Date.now() } })
    })

    void (async () => {
      await socket.join(cafeRoom(cafeId))
      socket.emit('hello', {
        protocolVersion: PROTOCOL_VERSION,
        serverTime: Date.now(),
        role,
        ...(participantId ? { participantId } : {}),
      })
      const state = await cafes.load(cafeId)
      if (state) socket.emit('cafe:state', state)
      if (!socket.connected) return
      if (participantId && presence.connect(cafeId, participantId, socket.id)) announcePresence(cafeId)
      else socket.emit('cafe:presence', { online: presence.online(cafeId) })
    })().catch((err: unknown) => logger.error({ err, cafeId }, 'socket greeting failed'))
  })

  return {
    io,
    announce: (state) => {
      io.to(cafeRoom(state.id)).emit('cafe:state', state)
    },
  }
}
