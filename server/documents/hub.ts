/**
 * The Yjs endpoint: `ws://HOST:PORT/yjs/<document name>?token=…`. Authenticates on the HTTP
 * upgrade (so a refused client gets a plain 401/403 and never a half-open socket), keeps one
 * `DocumentRoom` per loaded document, heartbeats every connection and unloads a document when
 * its last connection leaves.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type * as Y from 'yjs'
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'
import { CloseCode } from '../../shared/protocol/errors.js'
import { YJS_FRAME_BURST, YJS_FRAMES_PER_SECOND, YJS_MAX_FRAME_BYTES, YJS_OVER_LIMIT_PAUSE_MS } from '../../shared/protocol/limits.js'
import { tokenBucket } from '../rate-limit.js'
import type { DocumentFanout } from '../cluster/cluster.js'
import { DocumentRoom, describe, isRemote, type Connection, type Principal, type RoomHooks, type WriteAccess } from './room.js'

export const YJS_PATH_PREFIX = '/yjs/'
/** What a document name may be made of (shared/protocol/documents.ts parses it further). */
const DOCUMENT_NAME_CHARACTERS = /^[A-Za-z0-9_\-/]{1,200}$/

export type DocumentAccess =
  | { ok: true; access: WriteAccess; principal: Principal }
  | { ok: false; status: 401 | 403 | 404; code: string; message: string }

export interface DocumentHubOptions {
  storage: Storage
  logger: Logger
  /** Decides, per connection, whether this token may open this document and write to it. */
  authorize: (token: string | undefined, documentName: string) => Promise<DocumentAccess>
  /** The rules of a kind of document (e.g. the cloth's provenance), by document name. */
  hooksFor?: (documentName: string) => RoomHooks | undefined
  /** Largest frame accepted; larger ones close the connection (ws answers 1009). */
  maxFrameBytes?: number
  compactAfter?: number
  heartbeatMs?: number
  /**
   * Called after every change to a loaded document (its stored updates loading, a client's
   * update, a server edit), for live views such as the board's counters. Runs on every update:
   * keep it cheap.
   */
  onDocumentChange?: (documentName: string, doc: Y.Doc) => void
  /**
   * The other server processes (server/cluster): every room publishes what it stores and applies
   * what they stored. `onDocumentChange` is not called for their changes: the process that
   * stored one has run it.
   */
  fanout?: DocumentFanout
  /** Header lines (`Name: value`) on every answer of the endpoint, the 101s and the refusals (which process served it). */
  responseHeaders?: () => string[]
}

export interface DocumentHub {
  /** Handles an HTTP upgrade whose path starts with `/yjs/`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** Number of loaded documents (for health and tests). */
  loadedDocuments(): number
  /** Number of open connections over all documents (for /metrics). */
  connectionCount(): number
  /** The live document when a room has it open; undefined otherwise (read the store instead). */
  loadedDocument(documentName: string): Y.Doc | undefined
  /**
   * Re-decides what every open connection to the matching documents may do (after a rotation,
   * someone who moved on can no longer write to their old table, but keeps reading it).
   */
  refreshAccess(matches: (documentName: string) => boolean, decide: (principal: Principal, documentName: string) => WriteAccess): void
  /** Closes the matching open connections (e.g. those of a facilitator token that was revoked). */
  closeConnections(matches: (documentName: string, principal: Principal) => boolean, code: number, reason: string): void
  /**
   * Closes every connection to the matching documents and unloads them without storing anything
   * more (their café is being deleted); resolves once frames already queued have been handled,
   * so that nothing reaches the store after the caller deletes them.
   */
  discardDocuments(matches: (documentName: string) => boolean, code: number, reason: string): Promise<void>
  /**
   * Runs the server's own edit on a document — in its open room, or in one opened for it — so
   * open screens follow at once and the edit is stored before it is relayed; then replaces the
   * document's stored history by one snapshot (DocumentRoom.rewrite). A room opened only for this
   * is unloaded again.
   */
  rewriteDocument(documentName: string, edit: (doc: Y.Doc) => void): Promise<void>
  /**
   * Like `discardDocuments`, and the matching documents stay closed — new connections are
   * refused (409) and `editAs` rejects — until `meanwhile` has settled (e.g. deleting their
   * stored rows), so that no room loads the old content again in between.
   */
  discardDocumentsWhile<T>(matches: (documentName: string) => boolean, code: number, reason: string, meanwhile: () => Promise<T>): Promise<T>
  /**
   * Edits a document as `principal` without a connection of theirs (a rehearsal's simulated
   * participant), through the same steps as a client's update: stored, then relayed to everyone,
   * with the document's rules and hooks. `access` is what the caller decided they may do there.
   * The document stays loaded until its last connection leaves, it is discarded, or the server stops.
   */
  editAs(documentName: string, principal: Principal, access: WriteAccess, edit: (doc: Y.Doc) => void): Promise<void>
  /** Reads every loaded document again from the store (news from other processes was lost). */
  resync(): void
  close(): Promise<void>
}

export function createDocumentHub(options: DocumentHubOptions): DocumentHub {
  const { storage, logger, authorize } = options
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? YJS_MAX_FRAME_BYTES })
  const rooms = new Map<string, DocumentRoom>()
  const unloading = new Set<Promise<void>>()
  const alive = new WeakMap<WebSocket, boolean>()
  // Documents kept closed while their stored rows are being replaced (discardDocumentsWhile).
  const closed = new Set<(documentName: string) => boolean>()
  const isClosed = (name: string) => [...closed].some((matches) => matches(name))
  // What a socket-less connection's socket is asked to do: nothing (it has no peer to close or send to).
  const noSocket = { readyState: 3, OPEN: 1, close() {}, send() {}, terminate() {} } as unknown as WebSocket
  const extraHeaders = options.responseHeaders ?? (() => [])
  wss.on('headers', (headers) => headers.push(...extraHeaders()))

  // A laptop that closed its lid never sends a close frame: without a ping its presence would linger.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, options.heartbeatMs ?? 30_000)
  heartbeat.unref()

  function roomFor(name: string): DocumentRoom {
    let room = rooms.get(name)
    if (!room) {
      const hooks = options.hooksFor?.(name)
      const { fanout } = options
      room = new DocumentRoom({ name, storage, logger, compactAfter: options.compactAfter ?? 200, ...(hooks ? { hooks } : {}), ...(fanout ? { fanout } : {}) })
      rooms.set(name, room)
      const { onDocumentChange } = options
      const doc = room.doc
      if (onDocumentChange) doc.on('update', (_update: Uint8Array, origin: unknown) => isRemote(origin) || onDocumentChange(name, doc))
    }
    return room
  }

  function refuse(socket: Duplex, status: number, code: string, message: string): void {
    const body = JSON.stringify({ error: { code, message } })
    const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 400: 'Bad Request', 409: 'Conflict' }[status] ?? 'Error'
    const headers = ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...extraHeaders()]
    socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers.join('\r\n')}\r\n\r\n${body}`)
  }

  function connect(ws: WebSocket, name: string, granted: { access: WriteAccess; principal: Principal }): void {
    const room = roomFor(name)
    const conn: Connection = { id: randomBytes(6).toString('base64url'), ws, access: granted.access, flushed: false, principal: granted.principal, awarenessIds: new Set() }
    logger.debug({ conn: conn.id, document: name, who: describe(conn.principal), access: conn.access }, 'document connection opened')
    const frames = tokenBucket({ perSecond: YJS_FRAMES_PER_SECOND, burst: YJS_FRAME_BURST })
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return ws.close(CloseCode.BadFrame, 'binary frames only')
      // A copy, not a view: ws may hand out a slice of a pooled buffer, and a lying length prefix
      // must hit the end of this frame, not read on into someone else's bytes.
      room.receive(conn, new Uint8Array(data))
      // Over its frame rate: stop reading this socket for a moment. The sender slows down and
      // nothing is dropped; frames already read are still handled, in order.
      if (!frames.take() && !ws.isPaused) {
        ws.pause()
        setTimeout(() => ws.readyState === ws.OPEN && ws.resume(), YJS_OVER_LIMIT_PAUSE_MS).unref()
      }
    })
    ws.on('error', (err) => logger.warn({ err, conn: conn.id, document: name, who: describe(conn.principal) }, 'document socket error'))
    ws.on('close', (code: number) => {
      logger.debug({ conn: conn.id, document: name, code }, 'document connection closed')
      if (room.leave(conn) && rooms.get(name) === room) {
        rooms.delete(name)
        const done = room.unload().finally(() => unloading.delete(done))
        unloading.add(done)
      }
    })
    room.join(conn)
  }

  return {
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy())
      // The raw path, not a parsed URL: URL parsing resolves `..` and would let a name climb.
      // Our names are letters, digits, '-', '_' and '/', so nothing is percent-decoded either:
      // `%2F` or a NUL is simply not a name (and a malformed `%` cannot throw here).
      const [path = '', query = ''] = (req.url ?? '').split('?', 2)
      const name = path.slice(YJS_PATH_PREFIX.length)
      if (!DOCUMENT_NAME_CHARACTERS.test(name)) return refuse(socket, 404, 'not_found', 'no such document')
      const token = new URLSearchParams(query).get('token') ?? undefined
      authorize(token, name)
        .then((access) => {
          if (!access.ok) return refuse(socket, access.status, access.code, access.message)
          if (isClosed(name)) return refuse(socket, 409, 'conflict', 'this document is being reset; open it again in a moment')
          wss.handleUpgrade(req, socket, head, (ws) => connect(ws, name, access))
        })
        .catch((err: unknown) => {
          logger.error({ err, document: name }, 'document authorisation failed')
          refuse(socket, 503, 'internal', 'the server could not check your access')
        })
    },
    loadedDocuments: () => rooms.size,
    connectionCount: () => [...rooms.values()].reduce((n, room) => n + room.connections.size, 0),
    loadedDocument: (documentName) => rooms.get(documentName)?.doc,
    refreshAccess(matches, decide) {
      for (const room of rooms.values()) {
        if (!matches(room.name)) continue
        for (const conn of room.connections) conn.access = decide(conn.principal, room.name)
      }
    },
    closeConnections(matches, code, reason) {
      for (const room of rooms.values()) {
        for (const conn of room.connections) if (matches(room.name, conn.principal)) conn.ws.close(code, reason)
      }
    },
    async discardDocuments(matches, code, reason) {
      const discarded = [...rooms].filter(([name]) => matches(name))
      for (const [name, room] of discarded) {
        // Out of the map first: the connections' close handlers then leave the unloading to us.
        rooms.delete(name)
        for (const conn of room.connections) conn.ws.close(code, reason)
      }
      await Promise.all([...discarded.map(([, room]) => room.discard()), ...unloading])
    },
    async rewriteDocument(documentName, edit) {
      // A room still unloading may yet compact its updates: let it finish first.
      await Promise.all(unloading)
      const room = roomFor(documentName)
      try {
        await room.rewrite(edit)
      } finally {
        if (room.connections.size === 0 && rooms.get(documentName) === room) {
          rooms.delete(documentName)
          const done = room.unload().finally(() => unloading.delete(done))
          unloading.add(done)
          await done
        }
      }
    },
    async discardDocumentsWhile(matches, code, reason, meanwhile) {
      closed.add(matches)
      try {
        await this.discardDocuments(matches, code, reason)
        return await meanwhile()
      } finally {
        closed.delete(matches)
      }
    },
    editAs(documentName, principal, access, edit) {
      if (isClosed(documentName)) return Promise.reject(new Error('this document is being reset'))
      const room = roomFor(documentName)
      const conn: Connection = { id: `server-${randomBytes(4).toString('base64url')}`, ws: noSocket, access, flushed: true, principal, awarenessIds: new Set() }
      return room.editAs(conn, clientIdOf(principal, documentName), edit)
    },
    resync() {
      for (const room of rooms.values()) room.resync()
    },
    async close() {
      clearInterval(heartbeat)
      for (const ws of wss.clients) ws.close(CloseCode.ShuttingDown, 'server is shutting down')
      const pending = [...rooms.values()].map((room) => room.unload())
      rooms.clear()
      await Promise.all([...pending, ...unloading])
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}

/**
 * The Yjs client id a socket-less writer edits a document with: always the same for one person
 * and document (their edits continue one another's clock), and apart from everyone else's.
 */
function clientIdOf(principal: Principal, documentName: string): number {
  return createHash('sha256').update(`${principal.role}:${principal.participantId ?? ''}:${documentName}`).digest().readUInt32BE(0)
}
