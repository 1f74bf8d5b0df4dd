/**
 * A document's Yjs state as an archive carries it: base64 of one update holding everything.
 *
 * The bytes of `Y.encodeStateAsUpdate` depend on the document's history, not only its content:
 * a room that received a thousand small updates may hold its items split where a document
 * loaded from one update holds them merged. Encoding from a fresh document that applied the
 * state once gives the same bytes however the content got there (and encoding again changes
 * nothing), which is what makes two exports of one café — or of a café and its import — equal.
 */
import * as Y from 'yjs'

/** The document's state, encoded the same way whatever its history. */
export function canonicalState(doc: Y.Doc): Uint8Array {
  const fresh = new Y.Doc()
  try {
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
    return Y.encodeStateAsUpdate(fresh)
  } finally {
    fresh.destroy()
  }
}

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

export type DecodedState = { ok: true; update: Uint8Array; empty: boolean } | { ok: false; message: string }

/**
 * An archived state, checked: base64 (the schema checked the alphabet), at most `maxBytes`, and
 * a Yjs update that applies to an empty document. Never throws: an archive is outside input.
 */
export function decodeState(base64: string, maxBytes: number): DecodedState {
  const bytes = Buffer.from(base64, 'base64')
  if (bytes.length > maxBytes) return { ok: false, message: `larger than ${maxBytes} bytes` }
  const update = new Uint8Array(bytes)
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, update)
    return { ok: true, update, empty: doc.store.clients.size === 0 && doc.store.pendingStructs === null && doc.store.pendingDs === null }
  } catch {
    return { ok: false, message: 'not a Yjs update (it does not decode)' }
  } finally {
    doc.destroy()
  }
}
