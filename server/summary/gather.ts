/**
 * Gathers what the summary is built from (shared/summary/summary.ts `SummaryInput`): the café's
 * state, every table's notes per round, the harvest and the summary document's edits. Documents
 * are read from the open rooms, else from the store; the building itself is the pure
 * `buildSummary`, so every download is written from one value.
 */
import type * as Y from 'yjs'
import type { CafeState } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import { notesField } from '../../shared/cloth/schema.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { declareSummaryRoots, summaryEdits } from '../../shared/summary/document.js'
import { notesBlocks } from '../../shared/summary/notes.js'
import { buildSummary } from '../../shared/summary/build.js'
import { noteKey, type ClothCredits, type NoteBlock, type Summary, type SummaryInput } from '../../shared/summary/summary.js'
import { provenanceOf, readProposals } from '../../shared/cloth/proposals.js'
import { notesCreditsOf } from '../../shared/cloth/behalf.js'
import { proposalKeyOf } from '../../shared/harvest/harvest-state.js'
import { declareClothRoots } from '../cloths/stored-cloth.js'
import type { DocumentReader } from '../documents/read-document.js'

export interface SummarySources {
  cafe: (cafeId: string) => Promise<CafeState | undefined>
  /** The café's harvest (begun now if the café is in the harvest and none is stored yet). */
  harvest: (cafeId: string) => Promise<HarvestState | undefined>
  documents: DocumentReader
  now?: () => number
}

/** Everything the café's summary is built from; undefined if there is no such café. */
export async function gatherSummaryInput(sources: SummarySources, cafeId: string): Promise<SummaryInput | undefined> {
  const cafe = await sources.cafe(cafeId)
  if (!cafe) return undefined
  const harvest = await sources.harvest(cafeId)
  const rounds = cafe.settings.questions.length
  const notes: NoteBlock[][][] = []
  const credits: ClothCredits = { proposals: {}, notes: {} }
  for (let table = 0; table < cafe.tables.length; table++) {
    notes.push(
      await sources.documents.read(clothDocumentName(cafeId, table), declareClothRoots, (doc) => {
        readCredits(doc, table, credits)
        return Array.from({ length: rounds }, (_, i) => notesBlocks(doc.getXmlFragment(notesField(i + 1))))
      }),
    )
  }
  const edits = await sources.documents.read(summaryDocumentName(cafeId), declareSummaryRoots, summaryEdits)
  return { cafe, notes, ...(harvest ? { harvest } : {}), edits, credits, generatedAt: (sources.now ?? Date.now)() }
}

/** Whom a cloth's proposals and notes were written for, as the server recorded it, into `credits`. */
function readCredits(doc: Y.Doc, table: number, credits: ClothCredits): void {
  for (const proposal of readProposals(doc)) {
    const onBehalfOf = provenanceOf(doc, proposal.id)?.onBehalfOf
    if (onBehalfOf) credits.proposals[proposalKeyOf(table, proposal.id)] = onBehalfOf
  }
  for (const [round, people] of notesCreditsOf(doc)) credits.notes[noteKey(table, round)] = people
}

/** The café's summary, built now; undefined if there is no such café. */
export async function gatherSummary(sources: SummarySources, cafeId: string): Promise<Summary | undefined> {
  const input = await gatherSummaryInput(sources, cafeId)
  return input && buildSummary(input)
}
