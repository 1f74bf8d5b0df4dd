/**
 * A Yjs document's current content for a reader that does not join its room (the summary, the
 * archive): the room's live document when it is open, else rebuilt from the store in a throwaway
 * doc and freed. Both are complete: a room stores every update before it applies it.
 */
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'

export interface DocumentReader {
  /**
   * Calls `read` with the document `name`, synchronously on a live one: read everything needed
   * inside it, and keep no reference to the doc afterwards. `prepare` declares a stored
   * document's root types before its updates are applied (the room did it for a live one).
   */
  read<T>(name: string, prepare: (doc: Y.Doc) => void, read: (doc: Y.Doc) => T): Promise<T>
}

export function createDocumentReader(options: {
  storage: Storage
  logger: Logger
  /** The document hub's open copy, if a room has it loaded. */
  loaded: (name: string) => Y.Doc | undefined
}): DocumentReader {
  const { storage, logger } = options
  // A room that has just opened may still be loading its stored updates: an empty live document
  // is read from the store instead (if it really is empty, the store is too).
  const loaded = (name: string) => {
    const doc = options.loaded(name)
    return doc && doc.store.clients.size > 0 ? doc : undefined
  }
  return {
    async read(name, prepare, read) {
      const live = loaded(name)
      if (live) return read(live)
      const updates = await storage.loadDocument(name)
      // The room may have loaded it while the store was read: the live copy is at least as new.
      const opened = loaded(name)
      if (opened) return read(opened)
      const doc = new Y.Doc()
      try {
        prepare(doc)
        for (const update of updates) {
          // One unreadable row must not hide the rest of the document.
          try {
            Y.applyUpdate(doc, update)
          } catch (err) {
            logger.error({ err, document: name }, 'skipped an unreadable stored update')
          }
        }
        return read(doc)
      } finally {
        doc.destroy()
      }
    },
  }
}
