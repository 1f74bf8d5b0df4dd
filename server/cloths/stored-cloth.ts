/**
 * A table's cloth read straight from the store, for views of tables nobody has open (the board's
 * counters, the harvest's snapshot). Built in a throwaway Y.Doc, read, and freed.
 */
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'
import { CREDITS_FIELD, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'

/**
 * Declares the cloth's root types on a fresh doc, before any update is applied: a root first met
 * in an update is created as a generic type, and a later `getArray` would replace it.
 */
export function declareClothRoots(doc: Y.Doc): void {
  doc.getArray(PROPOSALS_FIELD)
  doc.getMap(PROVENANCE_FIELD)
  doc.getMap(CREDITS_FIELD)
}

export async function readStoredCloth<T>(storage: Storage, logger: Logger, document: string, read: (doc: Y.Doc) => T): Promise<T> {
  const doc = new Y.Doc()
  try {
    declareClothRoots(doc)
    for (const update of await storage.loadDocument(document)) {
      // One unreadable row must not hide the rest of the cloth.
      try {
        Y.applyUpdate(doc, update)
      } catch (err) {
        logger.error({ err, document }, 'skipped an unreadable stored update')
      }
    }
    return read(doc)
  } finally {
    doc.destroy()
  }
}
