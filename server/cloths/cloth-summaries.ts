/**
 * The board's live counters: every cloth's summary (cloth-summary.ts), kept per café and pushed
 * to the café's staff screens as people type.
 *
 * Summing up a cloth walks all its text, so it is not done per keystroke: a change only marks the
 * table, and the marked tables are summed and pushed together, at most once per `intervalMs` for
 * a café (the first change after a quiet spell goes out at once). When no board or console of
 * the café is listening, nothing is summed; the summary is dropped and read again from the store
 * when someone asks for it. A table whose cloth nobody has open keeps its last summary: it cannot
 * change without being loaded.
 */
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'
import { readStoredCloth } from './stored-cloth.js'
import { clothDocumentName, parseDocumentName } from '../../shared/protocol/documents.js'
import type { TableClothSummary } from '../../shared/protocol/socket.js'
import { summariseCloth } from './cloth-summary.js'

export interface ClothSummariesOptions {
  storage: Storage
  logger: Logger
  /** Sends the summaries of the tables that changed to the café's staff screens. */
  publish: (cafeId: string, tables: TableClothSummary[]) => void
  /** Whether any staff screen of the café is connected (nobody listening: nothing to sum up). */
  listening: (cafeId: string) => boolean
  /** Fewest milliseconds between two pushes for one café. */
  intervalMs?: number
}

export interface ClothSummaries {
  /** A loaded cloth changed (the document hub's hook); cheap, the work happens at the next push. */
  changed(documentName: string, doc: Y.Doc): void
  /** Every table's summary, reading from the store the cloths nobody has open. */
  all(cafeId: string, tableCount: number): Promise<TableClothSummary[]>
  close(): void
}

interface CafeSummaries {
  known: Map<number, TableClothSummary>
  /** Tables changed since the last push, with their live document. */
  dirty: Map<number, Y.Doc>
  timer?: NodeJS.Timeout
  lastPush: number
}

export function createClothSummaries(options: ClothSummariesOptions): ClothSummaries {
  const { storage, logger, publish, listening } = options
  const intervalMs = options.intervalMs ?? 500
  const cafes = new Map<string, CafeSummaries>()
  const loading = new Map<string, Promise<TableClothSummary>>()

  const cafeOf = (cafeId: string): CafeSummaries => {
    let cafe = cafes.get(cafeId)
    if (!cafe) {
      cafe = { known: new Map(), dirty: new Map(), lastPush: 0 }
      cafes.set(cafeId, cafe)
    }
    return cafe
  }

  function push(cafeId: string, cafe: CafeSummaries): void {
    cafe.timer = undefined
    const dirty = [...cafe.dirty]
    cafe.dirty.clear()
    if (!listening(cafeId)) {
      for (const [table] of dirty) cafe.known.delete(table)
      return
    }
    cafe.lastPush = Date.now()
    const changed: TableClothSummary[] = []
    for (const [table, doc] of dirty) {
      try {
        const summary = summariseCloth(doc, table)
        cafe.known.set(table, summary)
        changed.push(summary)
      } catch (err) {
        // A document no client could have written this way: keep the last summary, say so once.
        logger.error({ err, cafeId, table }, 'could not sum up a cloth')
      }
    }
    if (changed.length > 0) publish(cafeId, changed)
  }

  function fromStore(cafeId: string, table: number): Promise<TableClothSummary> {
    return readStoredCloth(storage, logger, clothDocumentName(cafeId, table), (doc) => summariseCloth(doc, table))
  }

  return {
    changed(documentName, doc) {
      const name = parseDocumentName(documentName)
      // The board counts cloths only (not the summary document).
      if (name?.kind !== 'cloth') return
      const cafe = cafeOf(name.cafeId)
      cafe.dirty.set(name.table, doc)
      if (cafe.timer) return
      const wait = Math.max(0, cafe.lastPush + intervalMs - Date.now())
      // A timer even at 0 ms: a burst in one tick (a document loading its stored updates) is one push.
      cafe.timer = setTimeout(() => push(name.cafeId, cafe), wait)
      cafe.timer.unref()
    },
    async all(cafeId, tableCount) {
      const cafe = cafeOf(cafeId)
      const tables = Array.from({ length: tableCount }, (_, table) => table)
      const loaded = await Promise.all(
        tables.map((table) => {
          if (cafe.known.has(table)) return undefined
          const key = clothDocumentName(cafeId, table)
          let pending = loading.get(key)
          if (!pending) {
            pending = fromStore(cafeId, table).finally(() => loading.delete(key))
            loading.set(key, pending)
          }
          return pending
        }),
      )
      // Read `known` only now: a push while the store was read carries newer summaries, and what
      // this returns must not be older than what the staff room was already sent.
      return tables.flatMap((table) => {
        const summary = cafe.known.get(table) ?? loaded[table]
        // Neither only if the last staff screen left meanwhile: nobody is waiting for it.
        if (!summary) return []
        cafe.known.set(table, summary)
        return [summary]
      })
    },
    close() {
      for (const cafe of cafes.values()) clearTimeout(cafe.timer)
      cafes.clear()
    },
  }
}
