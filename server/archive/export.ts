/**
 * Writes a café's archive (shared/archive/archive.ts): its state, every cloth and the summary
 * document as exact Yjs states with readable copies, and the harvest. Documents are read from
 * the open rooms, else from the store.
 *
 * Deterministic, so two exports of an unchanged café are equal byte for byte: every object's keys
 * are sorted (the top level keeps a fixed order, format first), arrays keep their order, and Yjs
 * states are re-encoded from a fresh document (yjs-state.ts).
 */
import type { CafeState } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchivedCloth, type CafeArchive } from '../../shared/archive/archive.js'
import { notesField } from '../../shared/cloth/schema.js'
import { provenanceOf, readProposals } from '../../shared/cloth/proposals.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { declareSummaryRoots, summaryEdits } from '../../shared/summary/document.js'
import { notesBlocks } from '../../shared/summary/notes.js'
import { declareClothRoots } from '../cloths/stored-cloth.js'
import type { DocumentReader } from '../documents/read-document.js'
import { canonicalState, toBase64 } from './yjs-state.js'

export interface ArchiveSources {
  cafe: (cafeId: string) => Promise<CafeState | undefined>
  /** The café's harvest (begun now if the café is in the harvest and none is stored yet). */
  harvest: (cafeId: string) => Promise<HarvestState | undefined>
  documents: DocumentReader
  now?: () => number
}

/** The café's archive as JSON text, or undefined if there is no such café. */
export async function exportArchive(sources: ArchiveSources, cafeId: string): Promise<string | undefined> {
  const cafe = await sources.cafe(cafeId)
  if (!cafe) return undefined
  const harvest = await sources.harvest(cafeId)
  const rounds = cafe.settings.questions.length
  const cloths: ArchivedCloth[] = []
  for (let table = 0; table < cafe.tables.length; table++) {
    cloths.push(
      await sources.documents.read(clothDocumentName(cafeId, table), declareClothRoots, (doc) => ({
        table,
        state: toBase64(canonicalState(doc)),
        notes: Array.from({ length: rounds }, (_, i) => ({ round: i + 1, blocks: notesBlocks(doc.getXmlFragment(notesField(i + 1))) })),
        proposals: readProposals(doc).map((proposal) => {
          const provenance = provenanceOf(doc, proposal.id)
          return provenance ? { ...proposal, provenance } : proposal
        }),
      })),
    )
  }
  const summary = await sources.documents.read(summaryDocumentName(cafeId), declareSummaryRoots, (doc) => ({
    state: toBase64(canonicalState(doc)),
    edits: summaryEdits(doc),
  }))
  const archive: CafeArchive = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: (sources.now ?? Date.now)(),
    cafe: sortedKeys(cafe),
    cloths: sortedKeys(cloths),
    harvest: harvest ? sortedKeys(harvest) : null,
    summary: sortedKeys(summary),
  }
  return `${JSON.stringify(archive, null, 2)}\n`
}

/** A copy of a JSON value with every object's keys in sorted order (arrays keep theirs). */
export function sortedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortedKeys) as T
  if (value === null || typeof value !== 'object') return value
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    // Absent and undefined are one thing in JSON; keep it that way in the copy.
    if (v !== undefined) sorted[key] = sortedKeys(v)
  }
  return sorted as T
}
