/**
 * The café's summary document on this device: a Y.Doc kept in IndexedDB (what an organiser
 * types survives a closed lid and a dropped wifi) and synced over our Yjs endpoint with the
 * stock y-websocket client, like a cloth (cloth-session.svelte.ts). Every text field of the
 * summary page binds to one of its texts through a TextSlot; a slot is made once per field, so
 * refreshing the summary around it never rebinds (or moves the caret of) a field being typed in.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import {
  declareSummaryRoots,
  translationText,
  SUMMARY_INTRODUCTION_FIELD,
  SUMMARY_TITLE_FIELD,
  SUMMARY_TRANSLATIONS_FIELD,
} from '$shared/summary/document.js'
import { summaryDocumentName } from '$shared/protocol/documents.js'
import type { SummaryKey } from '$shared/summary/summary.js'
import { localCopyName } from '$lib/cloth/cloth-session.svelte.js'
import { mapSlot, rootSlot, type TextSlot } from './text-binding.js'

/** `live`: connected and in step with the server; `refused`: the server closed it for good (44xx). */
export type SummaryDocStatus = 'connecting' | 'offline' | 'live' | 'refused'

/** If the browser's storage never answers (private mode, quota), go online without it. */
const LOCAL_COPY_TIMEOUT_MS = 3000

export class SummarySession {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  status = $state<SummaryDocStatus>('connecting')
  /** The title as typed so far ('' until someone types one), for the page's heading. */
  title = $state('')
  readonly titleSlot: TextSlot
  readonly introductionSlot: TextSlot
  private readonly slots = new Map<SummaryKey, TextSlot>()
  private readonly persistence: IndexeddbPersistence | undefined
  private destroyed = false

  constructor(cafeId: string, token: string) {
    declareSummaryRoots(this.doc)
    const name = summaryDocumentName(cafeId)
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, name, this.doc, {
      connect: false,
      params: { token },
      disableBc: true,
    })
    // Nobody's cursor is shown in the summary: no presence to send.
    this.provider.awareness.setLocalState(null)
    this.provider.on('status', ({ status }) => {
      if (status === 'disconnected') this.setStatus('offline')
      else if (status === 'connecting') this.setStatus('connecting')
    })
    this.provider.on('sync', (synced) => synced && this.setStatus('live'))
    this.provider.on('connection-error', () => this.setStatus('offline'))
    this.provider.on('closed', () => {
      this.setStatus('refused')
    })

    const title = this.doc.getText(SUMMARY_TITLE_FIELD)
    title.observe(() => (this.title = title.toString()))
    this.titleSlot = rootSlot(this.doc, SUMMARY_TITLE_FIELD)
    this.introductionSlot = rootSlot(this.doc, SUMMARY_INTRODUCTION_FIELD)

    this.persistence = openLocalCopy(localCopyName('staff', name), this.doc)
    void this.start()
  }

  /** The field of one translation (a table's notes of a round, a proposal's title or description). */
  translation(key: SummaryKey): TextSlot {
    let slot = this.slots.get(key)
    if (!slot) {
      slot = mapSlot(this.doc.getMap<unknown>(SUMMARY_TRANSLATIONS_FIELD), key, () => translationText(this.doc, key))
      this.slots.set(key, slot)
    }
    return slot
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.provider.destroy()
    void this.persistence?.destroy()
    this.doc.destroy()
  }

  private async start(): Promise<void> {
    if (this.persistence) {
      await Promise.race([this.persistence.whenSynced, new Promise((r) => setTimeout(r, LOCAL_COPY_TIMEOUT_MS))])
    }
    if (!this.destroyed) this.provider.connect()
  }

  private setStatus(status: SummaryDocStatus): void {
    if (this.destroyed || this.status === 'refused') return
    this.status = status
  }
}

function openLocalCopy(name: string, doc: Y.Doc): IndexeddbPersistence | undefined {
  try {
    return new IndexeddbPersistence(name, doc)
  } catch {
    // No IndexedDB (some private windows): the summary still works, only not across a reload offline.
    return undefined
  }
}
