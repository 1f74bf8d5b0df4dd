/**
 * One loaded Yjs document and the connections editing it, speaking the y-websocket protocol
 * (sync + awareness messages), so the stock `y-websocket` client works unchanged.
 *
 * The life of a document, one step each: load → apply → store → relay → unload. Every inbound
 * message of a room runs through one queue, so updates are stored in the order they are
 * applied, and an update is relayed to peers only after it is durable: whatever a peer has
 * seen survives a crash.
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import type { WebSocket } from 'ws'
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'
import { CloseCode } from '../../shared/protocol/errors.js'
import type { TokenRole } from '../../shared/cafe/types.js'
import type { ClothAccess } from '../../shared/cafe/cloth-access.js'
import type { DocumentFanout, DocumentPeer, PresenceHolder } from '../cluster/cluster.js'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const MESSAGE_QUERY_AWARENESS = 3
const SYNC_STEP_1 = 0
const SYNC_STEP_2 = 1
const SYNC_UPDATE = 2

/**
 * What a connection may do to the document: `write`; `flush` — only its first sync after
 * connecting, which carries edits made offline while the person still sat at that table, is
 * accepted; `read` — nothing.
 */
export type WriteAccess = ClothAccess

/** Who is behind a connection, as the server authenticated them. */
export interface Principal {
  role: TokenRole
  participantId?: string
}

export interface Connection {
  /** Short random id, on every log line about this connection. */
  id: string
  ws: WebSocket
  access: WriteAccess
  /** Set once a `flush` connection has sent its first sync. */
  flushed: boolean
  principal: Principal
  /** Awareness client ids this connection speaks for; dropped when it closes. */
  awarenessIds: Set<number>
}

/** Named steps a document's owner can hook into (the cloth's rules live outside this file). */
export interface RoomHooks {
  /**
   * Declares the document's root types before anything is loaded. (A root first met in an
   * update is created as a generic type, and a later `getArray` replaces it with a new object,
   * so hooks comparing types would miss every change.)
   */
  prepare?(doc: Y.Doc): void
  /** Checked before a client's update is stored (given decoded); a reason closes that connection (4403). */
  refuseUpdate?(doc: Y.Doc, update: DecodedUpdate): string | undefined
  /**
   * Runs when a client's update has been applied; may return edits the server makes in reply
   * (e.g. recording who wrote a proposal), which are stored, then relayed, like any update.
   * Called while the transaction is being cleaned up: read what it changed synchronously,
   * before any await (Yjs refuses to compute an event's changes later). Returns nothing at all
   * when there is nothing to reply (most updates): no promise per keystroke.
   */
  afterApply?(doc: Y.Doc, conn: Connection, transaction: Y.Transaction): Promise<((doc: Y.Doc) => void) | undefined> | undefined
}

/** An update as `Y.decodeUpdate` reads it: decoded once per update, for every check. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

export interface RoomOptions {
  name: string
  storage: Storage
  logger: Logger
  /** Compact into a snapshot once this many updates were appended since the last one. */
  compactAfter: number
  hooks?: RoomHooks
  /**
   * The other server processes holding this document (server/cluster): what this room stores
   * is published to them, and what they stored is applied here. Absent: one process alone.
   */
  fanout?: DocumentFanout
}

/** Origin of the server's own edits: captured and stored before they are relayed. */
const SERVER_ORIGIN = Symbol('server')
/** Origin of what another server process stored and published: relayed here, never stored again. */
const REMOTE_ORIGIN = Symbol('remote')
/** Whether a change of a room's document came from another server process (already stored, already handled there). */
export const isRemote = (origin: unknown) => origin === REMOTE_ORIGIN

/** For logs: role and person, never the token. */
export const describe = (p: Principal) => (p.participantId ? `${p.role}:${p.participantId}` : p.role)

/** Thrown inside the queue to close just the connection whose frame caused it. */
class CloseConnection extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

/**
 * Empties the list of transactions Yjs has just cleaned up (it already started a new one for the
 * document). A document's list usually outlives a young garbage collection — people type every
 * second or two, collections come more often — so V8 learns to allocate these lists straight in
 * the old generation. A list dropped there keeps its transactions, and every Map and Set they hold,
 * alive through each young collection until the next full one: at 1,000 people typing that made
 * each young collection copy 3–4 times as much, and its pauses added ~1.3 ms to our p99
 * edit-to-peer latency (docs/BENCHMARKS.md, *The garbage that outlived its transaction*).
 */
function letTransactionsGo(_doc: Y.Doc, transactions: Y.Transaction[]): void {
  transactions.length = 0
}

export class DocumentRoom implements DocumentPeer {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly connections = new Set<Connection>()
  /** Resolves once the stored document is loaded; every message waits for it. */
  private queue: Promise<void>
  private pendingUpdates = 0
  private compacting = false
  private discarded = false
  /**
   * Connections this room closed for a refused frame: the frames they sent after it are dropped,
   * not handled (the client resyncs on reconnecting). A store that cannot write would otherwise
   * be asked again for each of them — and a locked one makes each ask wait its busy timeout.
   */
  private readonly refused = new WeakSet<Connection>()
  /**
   * The id the server's own edits are made with (on a copy, applied here once stored): not the live
   * document's, which would take its own edits coming back for someone else's and draw a new id.
   */
  private readonly serverClientId = (this.doc.clientID + 1) % 2 ** 32
  /** Presence entries held by connections to other server processes, and whose they are. */
  private readonly remoteHolders = new Map<number, PresenceHolder['principal']>()

  constructor(private readonly options: RoomOptions) {
    // The server speaks for no one: no cursor of its own in the awareness map.
    this.awareness.setLocalState(null)
    options.hooks?.prepare?.(this.doc)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.relayUpdate(update, origin))
    this.doc.on('afterAllTransactions', letTransactionsGo)
    this.awareness.on('update', this.onAwarenessUpdate)
    this.queue = this.load()
  }

  get name(): string {
    return this.options.name
  }

  private async load(): Promise<void> {
    const { storage, name, logger, fanout } = this.options
    // Listening to the other processes first, then reading the store: an update stored in
    // between arrives by both ways (applying it twice changes nothing), never by neither.
    if (fanout) {
      await fanout.hold(name, this)
      fanout.queryPresence(name)
    }
    await this.readStore()
    this.pendingUpdates = await storage.countPendingUpdates(name)
  }

  private async readStore(): Promise<void> {
    const { storage, name, logger } = this.options
    const updates = await storage.loadDocument(name)
    for (const update of updates) {
      // One unreadable row must not cost the rest of the cloth.
      try {
        Y.applyUpdate(this.doc, update, 'storage')
      } catch (err) {
        logger.error({ err, document: name }, 'skipped an unreadable stored update')
      }
    }
  }

  /** An update another process stored (DocumentPeer): applied after the frames already queued, and relayed here. */
  update(update: Uint8Array): void {
    this.enqueueQuiet(() => Y.applyUpdate(this.doc, update, REMOTE_ORIGIN))
  }

  /**
   * Reads the store again (the link to the other processes was down, and what they published
   * meanwhile was lost): whatever this room lacked is applied, and relayed to its connections.
   */
  resync(): void {
    this.enqueueQuiet(() => this.readStore())
  }

  /** Presence entries of another process's connections (DocumentPeer). */
  presence(update: Uint8Array, holders: PresenceHolder[]): void {
    if (this.discarded) return
    const entries = presenceEntries(update)
    const kept = entries.filter((e) => {
      const local = [...this.connections].find((c) => c.awarenessIds.has(e.id))
      // A removal of an entry a connection here holds is not theirs to make.
      if (local && e.state === 'null') return false
      // The same person went on through another process: their entry is theirs there now.
      local?.awarenessIds.delete(e.id)
      return true
    })
    for (const e of kept) {
      const holder = holders.find((h) => h.id === e.id)
      if (e.state !== 'null' && holder) this.remoteHolders.set(e.id, holder.principal)
      else this.remoteHolders.delete(e.id)
    }
    if (kept.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodePresence(kept), REMOTE_ORIGIN)
  }

  /** Another process started holding the document (DocumentPeer): it hears the presence held here. */
  presenceQueried(): void {
    this.publishPresence([...this.connections].flatMap((c) => [...c.awarenessIds]))
  }

  private publishPresence(wanted: number[]): void {
    const { fanout, name } = this.options
    // Only entries this room knows (encoding an unknown one throws).
    const ids = wanted.filter((id) => this.awareness.meta.has(id))
    if (!fanout || ids.length === 0 || this.discarded) return
    // Who holds each entry still present (a removal needs no holder).
    const holders: PresenceHolder[] = []
    for (const c of this.connections) for (const id of c.awarenessIds) if (ids.includes(id)) holders.push({ id, principal: c.principal })
    fanout.publishPresence(name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids), holders)
  }

  /** Queues work that belongs to no connection (a failure is logged, nobody is closed). */
  private enqueueQuiet(task: () => Promise<void> | void): void {
    if (this.discarded) return
    this.queue = this.queue
      .then(() => (this.discarded ? undefined : task()))
      .catch((err: unknown) => this.options.logger.error({ err, document: this.name }, 'could not apply what another process stored'))
  }

  /** Adds a connection and starts the sync handshake once the document is loaded. */
  join(conn: Connection): void {
    this.connections.add(conn)
    this.enqueue(conn, async () => {
      const step1 = encoding.createEncoder()
      encoding.writeVarUint(step1, MESSAGE_SYNC)
      encoding.writeVarUint(step1, SYNC_STEP_1)
      encoding.writeVarUint8Array(step1, Y.encodeStateVector(this.doc))
      this.send(conn, encoding.toUint8Array(step1))
      const states = [...this.awareness.getStates().keys()]
      if (states.length > 0) this.send(conn, this.awarenessMessage(states))
    })
  }

  /** Queues one inbound frame; frames of a room are handled strictly one after another. */
  receive(conn: Connection, frame: Uint8Array): void {
    if (this.discarded) return
    this.enqueue(conn, () => (this.refused.has(conn) ? undefined : this.handleFrame(conn, frame)))
  }

  /**
   * An edit made in the server as someone who has no socket (a rehearsal's simulated
   * participant, `conn` standing for them): worked out on a copy of the document, then taken
   * through the same steps as a client's update — write access, the document's rules, store,
   * apply (its hooks: the cloth's provenance names `conn.principal`), relay. Resolves once it is
   * stored and relayed; rejects with the reason it was refused.
   */
  editAs(conn: Connection, clientId: number, edit: (doc: Y.Doc) => void): Promise<void> {
    const done = this.queue.then(async () => {
      if (this.discarded) throw new Error('the document was discarded')
      if (conn.access !== 'write') throw new Error('read-only: this person does not sit at this table now')
      const copy = this.copyAs(clientId)
      try {
        const before = Y.encodeStateVector(copy)
        edit(copy)
        const update = Y.encodeStateAsUpdate(copy, before)
        const decoded = Y.decodeUpdate(update)
        if (isEmpty(decoded)) return
        const refusal = this.options.hooks?.refuseUpdate?.(this.doc, decoded)
        if (refusal) throw new Error(refusal)
        await this.accept(conn, update)
      } finally {
        copy.destroy()
      }
    })
    this.queue = done.catch(() => undefined)
    return done
  }

  /** Removes a connection and its presence; resolves true when the room is now empty. */
  leave(conn: Connection): boolean {
    this.connections.delete(conn)
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null)
      this.publishPresence([...conn.awarenessIds])
    }
    return this.connections.size === 0
  }

  /**
   * Frees the document without compacting (it is being deleted): later frames are ignored, and
   * it resolves once the frames already queued have been handled.
   */
  async discard(): Promise<void> {
    this.discarded = true
    await this.queue
    this.options.fanout?.release(this.name, this)
    this.awareness.destroy()
    this.doc.destroy()
  }

  /**
   * The server's own edit, after the frames already queued (e.g. replacing an erased person's
   * name): stored, then relayed to every open screen. Then the document's stored history is
   * replaced by one snapshot of what it holds now — this doc collects garbage, so nothing the
   * edit deleted is in it — and the old updates are gone from the store (server/privacy).
   */
  rewrite(edit: (doc: Y.Doc) => void): Promise<void> {
    const done = this.queue.then(async () => {
      if (this.discarded) return
      await this.applyServerEdit(edit)
      await this.options.storage.replaceDocument(this.name, Y.encodeStateAsUpdate(this.doc))
      this.pendingUpdates = 0
    })
    this.queue = done.catch((err: unknown) => this.options.logger.error({ err, document: this.name }, 'could not rewrite the document'))
    return done
  }

  /** Waits for queued work, compacts what is pending, and frees the document. */
  async unload(): Promise<void> {
    await this.queue
    if (this.pendingUpdates > 0) await this.compact()
    this.options.fanout?.release(this.name, this)
    this.awareness.destroy()
    this.doc.destroy()
  }

  private enqueue(conn: Connection, task: () => Promise<void> | void): void {
    this.queue = this.queue
      .then(task)
      .catch((err: unknown) => {
        this.refused.add(conn)
        if (err instanceof CloseConnection) {
          this.options.logger.warn({ conn: conn.id, document: this.name, who: describe(conn.principal), reason: err.reason }, 'closing a connection')
          conn.ws.close(err.code, err.reason)
        } else {
          this.options.logger.error({ err, conn: conn.id, document: this.name, who: describe(conn.principal) }, 'document message failed')
          conn.ws.close(CloseCode.BadFrame, 'frame could not be handled')
        }
      })
  }

  private async handleFrame(conn: Connection, frame: Uint8Array): Promise<void> {
    let reply: Uint8Array | undefined
    try {
      const decoder = decoding.createDecoder(frame)
      const type = decoding.readVarUint(decoder)
      if (type === MESSAGE_SYNC) {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (step === SYNC_STEP_1) {
          const encoder = encoding.createEncoder()
          encoding.writeVarUint(encoder, MESSAGE_SYNC)
          encoding.writeVarUint(encoder, SYNC_STEP_2)
          encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.doc, payload))
          reply = encoding.toUint8Array(encoder)
        } else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) {
          const update = payload
          const firstSync = step === SYNC_STEP_2 && !conn.flushed
          if (step === SYNC_STEP_2) conn.flushed = true
          // Decoded once, here: a malformed update is refused before anything is stored.
          const decoded = Y.decodeUpdate(update)
          if (isEmpty(decoded)) return
          if (conn.access === 'read' || (conn.access === 'flush' && !firstSync)) {
            throw new CloseConnection(CloseCode.Forbidden, 'read-only: you do not sit at this table now')
          }
          const refusal = this.options.hooks?.refuseUpdate?.(this.doc, decoded)
          if (refusal) throw new CloseConnection(CloseCode.Forbidden, refusal)
          await this.accept(conn, update)
          return
        } else {
          throw new CloseConnection(CloseCode.BadFrame, 'unknown sync step')
        }
      } else if (type === MESSAGE_AWARENESS) {
        const update = decoding.readVarUint8Array(decoder)
        if (update.length > MAX_PRESENCE_BYTES) throw new CloseConnection(CloseCode.BadFrame, `presence larger than ${MAX_PRESENCE_BYTES} bytes`)
        this.applyPresence(conn, update)
      } else if (type === MESSAGE_QUERY_AWARENESS) {
        reply = this.awarenessMessage([...this.awareness.getStates().keys()])
      } else {
        throw new CloseConnection(CloseCode.BadFrame, 'unknown message type')
      }
    } catch (err) {
      if (err instanceof CloseConnection) throw err
      // lib0 throws on truncated input, Yjs on malformed structs: either way the frame is bad.
      throw new CloseConnection(CloseCode.BadFrame, 'malformed frame')
    }
    if (reply) this.send(conn, reply)
  }

  /** Store, then apply (which relays). A failed store closes the sender; its client resends on reconnect. */
  private async accept(conn: Connection, update: Uint8Array): Promise<void> {
    try {
      await this.options.storage.appendUpdate(this.name, update)
    } catch (err) {
      this.options.logger.error({ err, document: this.name }, 'could not store an update')
      throw new CloseConnection(CloseCode.StorageFailed, 'the server could not store your edit; retrying')
    }
    let reply: Promise<((doc: Y.Doc) => void) | undefined> | undefined
    const afterApply = this.options.hooks?.afterApply
    const capture = (tr: Y.Transaction) => {
      if (tr.origin === conn && afterApply) reply = afterApply(this.doc, conn, tr)
    }
    this.doc.on('afterTransaction', capture)
    try {
      Y.applyUpdate(this.doc, update, conn)
    } finally {
      this.doc.off('afterTransaction', capture)
    }
    this.options.fanout?.publishUpdate(this.name, update)
    this.pendingUpdates++
    const followUp = reply === undefined ? undefined : await reply
    if (followUp) {
      try {
        await this.applyServerEdit(followUp)
      } catch (err) {
        this.options.logger.error({ err, document: this.name }, 'could not store a server edit')
        throw new CloseConnection(CloseCode.StorageFailed, 'the server could not store an edit; retrying')
      }
    }
    if (this.pendingUpdates >= this.options.compactAfter) void this.compact()
  }

  /**
   * The server's own edit: made on a copy, stored, and only then applied to the live document and
   * relayed to everyone — so nothing reads an edit the store refused (not a peer, not a client
   * syncing, not the board's counters nor the harvest). Rejects, changing nothing, if it cannot be stored.
   */
  private async applyServerEdit(edit: (doc: Y.Doc) => void): Promise<void> {
    const copy = this.copyAs(this.serverClientId)
    const updates: Uint8Array[] = []
    try {
      copy.on('update', (update: Uint8Array, origin: unknown) => origin === SERVER_ORIGIN && updates.push(update))
      copy.transact(() => edit(copy), SERVER_ORIGIN)
    } finally {
      copy.destroy()
    }
    for (const update of updates) {
      await this.options.storage.appendUpdate(this.name, update)
      Y.applyUpdate(this.doc, update, SERVER_ORIGIN)
      this.pendingUpdates++
      this.broadcast(update, undefined)
      this.options.fanout?.publishUpdate(this.name, update)
    }
  }

  /**
   * A throwaway copy of the live document, editing as `clientId`: an edit made in the server is
   * worked out on one, so the live document changes only once the edit is stored. The caller
   * destroys it.
   */
  private copyAs(clientId: number): Y.Doc {
    const copy = new Y.Doc({ gc: true })
    try {
      this.options.hooks?.prepare?.(copy)
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc))
    } catch (err) {
      copy.destroy()
      throw err
    }
    // Set after loading: Yjs gives a document a new id when an update carries its own.
    copy.clientID = clientId
    return copy
  }

  private async compact(): Promise<void> {
    if (this.compacting || this.discarded) return
    this.compacting = true
    try {
      await this.options.storage.compactDocument(this.name, (updates) => Y.mergeUpdates(updates))
      this.pendingUpdates = 0
    } catch (err) {
      // The update log is intact; compaction is only an optimisation and is retried later.
      this.options.logger.error({ err, document: this.name }, 'compaction failed')
    } finally {
      this.compacting = false
    }
  }

  private relayUpdate(update: Uint8Array, origin: unknown): void {
    // The server's own edits are relayed by applyServerEdit, after they are stored.
    if (origin === SERVER_ORIGIN) return
    this.broadcast(update, origin)
  }

  private broadcast(update: Uint8Array, origin: unknown): void {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, SYNC_UPDATE)
    encoding.writeVarUint8Array(encoder, update)
    const message = encoding.toUint8Array(encoder)
    for (const conn of this.connections) if (conn !== origin) this.send(conn, message)
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    // Which connection holds which entry is kept by applyPresence.
    const changed = [...added, ...updated, ...removed]
    // Another process's entries that timed out here (its connection went without a word).
    for (const id of removed) this.remoteHolders.delete(id)
    const message = this.awarenessMessage(changed)
    for (const c of this.connections) this.send(c, message)
  }

  /**
   * Applies the entries of a presence update that are the sender's own. The stock client echoes
   * every presence change it hears (other people's too) and drops peers it has not heard from
   * for a while: those echoes and removals of someone else's entry are ignored — the server keeps
   * its own view and drops an entry when its connection closes. A *newer* state for someone
   * else's entry is an attempt to speak for them: refused (4403), nothing of the update applied.
   */
  private applyPresence(conn: Connection, update: Uint8Array): void {
    const entries = presenceEntries(update)
    const own = entries.filter((e) => this.speaksFor(conn, e.id))
    for (const e of entries) {
      if (own.includes(e)) continue
      const known = this.awareness.meta.get(e.id)?.clock ?? -1
      if (e.state !== 'null' && e.clock > known) throw new CloseConnection(CloseCode.Forbidden, 'presence may only change your own entry')
    }
    if (own.length === 0) return
    awarenessProtocol.applyAwarenessUpdate(this.awareness, own.length === entries.length ? update : encodePresence(own), conn)
    for (const e of own) {
      // Taken over from the same person's older connection, so its closing does not erase it.
      for (const other of this.connections) if (other !== conn) other.awarenessIds.delete(e.id)
      this.remoteHolders.delete(e.id)
      if (e.state === 'null') conn.awarenessIds.delete(e.id)
      else conn.awarenessIds.add(e.id)
    }
    this.publishPresence(own.map((e) => e.id))
  }

  /**
   * Whether presence entry `id` is this connection's: the one it already has, or a first one no
   * other connection holds — unless that is the same person reconnecting before their old socket
   * timed out.
   */
  private speaksFor(conn: Connection, id: number): boolean {
    if (conn.awarenessIds.has(id)) return true
    if (conn.awarenessIds.size > 0) return false
    // Held through another server process: only the same person may take it over (they moved).
    const remote = this.remoteHolders.get(id)
    if (remote && this.awareness.getStates().has(id)) return remote.role === conn.principal.role && remote.participantId === conn.principal.participantId
    let heldByThem = false
    for (const other of this.connections) {
      if (other === conn || !other.awarenessIds.has(id)) continue
      const same = other.principal.role === conn.principal.role && other.principal.participantId === conn.principal.participantId
      if (!same) return false
      heldByThem = true
    }
    return heldByThem || !this.awareness.getStates().has(id)
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
    return encoding.toUint8Array(encoder)
  }

  private send(conn: Connection, message: Uint8Array): void {
    // Presence and relays to a closing socket may be dropped: the peer resyncs on reconnect.
    if (conn.ws.readyState !== conn.ws.OPEN) return
    conn.ws.send(message, (err) => {
      if (err) conn.ws.terminate()
    })
  }
}

/** Largest presence (awareness) update a connection may send: a name, a colour and a cursor fit in far less. */
export const MAX_PRESENCE_BYTES = 32 * 1024

interface PresenceEntry {
  id: number
  clock: number
  /** The state as the JSON text it travels in; 'null' removes the entry. */
  state: string
}

/**
 * The entries of an awareness update (y-protocols' encoding: a count, then per entry the client
 * id, its clock and the state as JSON). Throws on a malformed update; a count that lies stops at
 * the end of the bytes, because every entry reads at least three.
 */
function presenceEntries(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update)
  const entries: PresenceEntry[] = []
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    entries.push({ id: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) })
  }
  return entries
}

function encodePresence(entries: PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.id)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, e.state)
  }
  return encoding.toUint8Array(encoder)
}

/** An update that carries neither structs nor deletions (what an up-to-date client sends back). */
function isEmpty({ structs, ds }: DecodedUpdate): boolean {
  return structs.length === 0 && ds.clients.size === 0
}
