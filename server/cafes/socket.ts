/**
 * The café's socket.io side: authenticate each socket by its token (and the café it says it is
 * for), put it in its café's room, and push every new café state to that room.
 */
import type { Server as HttpServer } from 'node:http'
import { Server } from 'socket.io'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import {
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

  io.on('connection', async (socket) => {
    const { cafeId, role, participantId } = socket.data
    await socket.join(cafeRoom(cafeId))
    socket.emit('hello', {
      protocolVersion: PROTOCOL_VERSION,
      serverTime: Date.now(),
      role,
      ...(participantId ? { participantId } : {}),
    })
    const state = await cafes.load(cafeId)
    if (state) socket.emit('cafe:state', state)

    socket.on('time:sync', (raw, ack) => {
      if (typeof ack !== 'function') return
      const msg = TimeSyncRequest.safeParse(raw)
      if (!msg.success) return ack({ ok: false, code: 'bad_request', message: 'clientTime must be a number' })
      ack({ ok: true, value: { clientTime: msg.data.clientTime, serverTime: Date.now() } })
    })
  })

  return {
    io,
    announce: (state) => {
      io.to(cafeRoom(state.id)).emit('cafe:state', state)
    },
  }
}
