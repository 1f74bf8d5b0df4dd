/**
 * What the harvest takes from the cloths: every table's proposals with the server's provenance,
 * read from the loaded document when a room has it open, else rebuilt from the store.
 */
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { Storage } from '../storage/storage.js'
import { readStoredCloth } from '../cloths/stored-cloth.js'
import { provenanceOf, readProposals } from '../../shared/cloth/proposals.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import { harvestSourceOf, type HarvestSource } from '../../shared/harvest/harvest-state.js'

export interface ClothSources {
  /** Every proposal of every table, in board order (table, then the table's order). */
  read(cafeId: string, tableCount: number): Promise<HarvestSource[]>
  /** The proposals of just these tables (0-based), in board order: what a refresh after typing needs. */
  readTables(cafeId: string, tables: Iterable<number>): Promise<HarvestSource[]>
}

export function createClothSources(options: {
  storage: Storage
  logger: Logger
  /** The document hub's open copy of a cloth, if a room has it loaded. */
  loaded: (documentName: string) => Y.Doc | undefined
}): ClothSources {
  const { storage, logger, loaded } = options

  function sourcesOf(doc: Y.Doc, table: number): HarvestSource[] {
    return readProposals(doc).map((proposal) => harvestSourceOf(table, proposal, provenanceOf(doc, proposal.id)))
  }

  function fromStore(name: string, table: number): Promise<HarvestSource[]> {
    return readStoredCloth(storage, logger, name, (doc) => sourcesOf(doc, table))
  }

  async function readTables(cafeId: string, tables: Iterable<number>): Promise<HarvestSource[]> {
    const all: HarvestSource[] = []
    for (const table of [...new Set(tables)].sort((a, b) => a - b)) {
      const name = clothDocumentName(cafeId, table)
      const doc = loaded(name)
      all.push(...(doc ? sourcesOf(doc, table) : await fromStore(name, table)))
    }
    return all
  }

  return {
    read: (cafeId, tableCount) => readTables(cafeId, Array.from({ length: tableCount }, (_, table) => table)),
    readTables,
  }
}
