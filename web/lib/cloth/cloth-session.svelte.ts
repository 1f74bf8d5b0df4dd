/**
 * One table's cloth on this device: a Y.Doc kept in IndexedDB (edits survive a closed lid and
 * work offline) and synced over our Yjs endpoint with the stock y-websocket client.
 *
 * Modes, after the server's rule (shared/cafe/cloth-access.ts):
 * - `write`: the person sits at the table (or facilitates): edit, show presence;
 * - `flush`: they sat there earlier: only hand over what this device still holds from then —
 *   the server accepts that in the first sync after connecting and nothing later — then close;
 * - `read`: look only. No local copy is loaded, since sending one would be refused.
 * The local copy is loaded before connecting, so that whatever it holds goes out in that first sync.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { CloseCode } from '$shared/protocol/errors.js'
import { installServerAck, type ServerAck } from './server-ack.js'

export type ClothMode = 'write' | 'flush' | 'read'

/**
 * `sending`: connected, some edits not yet confirmed stored; `saved`: the server has all of
 * them; `refused`: the server closed the connection for good (e.g. this table is no longer ours).
 */
export type ClothStatus = 'connecting' | 'offline' | 'sending' | 'saved' | 'refused'

/** What others see of a person at the table (the awareness `user` field). */
export interface PresenceUser {
  name: string
  color: string
  personId: string
}

export interface ClothSessionOptions {
  document: string
  token: string
  mode: ClothMode
  /** Whose offline copy this is (person id or role): two people on one browser keep theirs apart. */
  keeper: string
  user?: PresenceUser
}

/** Confirm with the server this long after the last keystroke, not on every one. */
const CONFIRM_AFTER_MS = 700
/** If the browser's storage never answers (private mode, quota), go online without it. */
const LOCAL_COPY_TIMEOUT_MS = 3000

export const localCopyName = (keeper: string, document: string) => `tablecloth:${keeper}:${document}`

export class ClothSession {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  status = $state<ClothStatus>('connecting')
  readonly mode: ClothMode
  private readonly persistence: IndexeddbPersistence | undefined
  private readonly ack: ServerAck
  private edits = 0
  private confirmedEdits = -1
  private refusals = 0
  private released = false
  private destroyed = false
  private confirmTimer: ReturnType<typeof setTimeout> | undefined

  constructor(options: ClothSessionOptions) {
    this.mode = options.mode
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, options.document, this.doc, {
      connect: false,
      params: { token: options.token },
      // Tabs of other people (a facilitator's and a participant's on one laptop) must not pass
      // each other edits that one of them may not send.
      disableBc: true,
      shouldReconnect: (event) => this.shouldReconnect(event),
    })
    if (options.mode === 'write' && options.user) this.provider.awareness.setLocalStateField('user', options.user)
    else this.provider.awareness.setLocalState(null)
    this.ack = installServerAck(this.provider)

    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.setStatus('sending')
      else if (status === 'disconnected') this.setStatus('offline')
    })
    this.provider.on('connection-error', () => this.setStatus('offline'))
    this.provider.on('connection-close', () => this.setStatus('offline'))
    this.provider.on('closed', () => {
      this.setStatus('refused')
      if (this.released || this.mode !== 'write') this.destroy()
    })
    this.provider.on('sync', (synced) => {
      if (synced) void this.confirm()
    })
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider || (this.persistence && origin === this.persistence)) return
      this.edits++
      if (this.status === 'saved') this.status = 'sending'
      clearTimeout(this.confirmTimer)
      this.confirmTimer = setTimeout(() => void this.confirm(), CONFIRM_AFTER_MS)
    })

    this.persistence = options.mode === 'read' ? undefined : openLocalCopy(localCopyName(options.keeper, options.document), this.doc)
    void this.start()
  }

  private async start(): Promise<void> {
    if (this.persistence) {
      await Promise.race([this.persistence.whenSynced, new Promise((r) => setTimeout(r, LOCAL_COPY_TIMEOUT_MS))])
    }
    if (this.destroyed) return
    // A cloth this device never wrote to holds nothing to hand over.
    if (this.mode === 'flush' && this.doc.store.clients.size === 0) return this.destroy()
    this.provider.connect()
  }

  /**
   * A refusal (4403) right after a rotation is expected: what was typed as the seating changed
   * was sent on a connection that had become read-only. Once more, on a fresh connection, it goes
   * out in the first sync, which the server accepts from someone who sat there. A second refusal
   * in a row is final.
   */
  private shouldReconnect(event: CloseEvent): boolean {
    if (event.code === CloseCode.Forbidden && this.mode !== 'read') return ++this.refusals <= 1
    if (event.code === CloseCode.Timeout) return true
    return !(event.code >= 4400 && event.code < 4500)
  }

  private setStatus(status: ClothStatus): void {
    if (this.destroyed || this.status === 'refused') return
    this.status = status
  }

  private async confirm(): Promise<void> {
    const upTo = this.edits
    if (!(await this.ack.request()) || this.destroyed) return
    this.refusals = 0
    this.confirmedEdits = Math.max(this.confirmedEdits, upTo)
    if (this.confirmedEdits < this.edits) return
    this.setStatus('saved')
    if (this.released || this.mode === 'flush') this.destroy()
  }

  /**
   * Says goodbye to the table (the person moved on, or the page shows another cloth): presence
   * goes at once, the connection stays until the server has everything typed here.
   */
  release(): void {
    if (this.released) return
    this.released = true
    this.provider.awareness.setLocalState(null)
    if (this.mode === 'read' || this.status === 'saved' || this.status === 'refused') this.destroy()
    else void this.confirm()
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    clearTimeout(this.confirmTimer)
    this.provider.destroy()
    void this.persistence?.destroy()
    this.doc.destroy()
  }
}

function openLocalCopy(name: string, doc: Y.Doc): IndexeddbPersistence | undefined {
  try {
    return new IndexeddbPersistence(name, doc)
  } catch {
    // No IndexedDB (some private windows): the cloth still works, only not across a reload offline.
    return undefined
  }
}
