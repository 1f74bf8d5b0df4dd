/**
 * Erasing a person: their name is replaced everywhere the café keeps it, and the store is
 * compacted so that the name cannot be read back from its files.
 *
 *   1. the café's state (shared/privacy/erase-person.ts): removed, erased, a stand-in name, no
 *      country, organisation or language — stored and announced like a command;
 *   2. every Yjs document of the café (each table's cloth, the summary document): the name, where
 *      it stands as whole words, becomes the stand-in, through the document hub, so open screens
 *      follow live and the edit is stored before it is relayed; then each document's stored
 *      history is replaced by one snapshot that holds no deleted text;
 *   3. the harvest: the proposals as brought in, merged titles and descriptions;
 *   4. the registration list: their entry keeps only what pairs it with them (no email, country…);
 *   5. the store: secure delete zeroed what was overwritten; the log is checkpointed and
 *      truncated, the file vacuumed.
 * Votes and provenance hold person ids only; the id stays, and names nobody.
 */
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import type { Registration } from '../../shared/prep/registration.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { erasePerson } from '../../shared/privacy/erase-person.js'
import { nameMatcher, type NameMatcher } from '../../shared/privacy/name-match.js'
import { scrubCloth, scrubSummaryDocument } from '../../shared/privacy/scrub-document.js'
import { scrubHarvest } from '../../shared/privacy/scrub-harvest.js'
import type { Storage, StoredHarvest } from '../storage/storage.js'
import type { CafeResult, Cafes } from '../cafes/cafes.js'
import type { DocumentHub } from '../documents/hub.js'

export interface ErasureOptions {
  storage: Storage
  logger: Logger
  cafes: Pick<Cafes, 'load' | 'transform'>
  hub: Pick<DocumentHub, 'rewriteDocument'>
  /** Announces a harvest state just stored, as a harvest command's would be. */
  harvestChanged: (harvest: StoredHarvest) => void
}

export type Erase = (cafeId: string, personId: string) => Promise<CafeResult<{ personId: string; name: string }>>

/** Tries to store the harvest with names replaced; gives up after a few clashes with the harvest's own writes. */
const HARVEST_ATTEMPTS = 5

export function createErasure(options: ErasureOptions): Erase {
  const { storage, logger, cafes, hub } = options

  const isTheirs = (r: Registration, person: CafeState['people'][string]) => r.personId === person.id || r.id === person.registrationId

  return async function erase(cafeId, personId) {
    const before = await cafes.load(cafeId)
    if (!before) return { ok: false, code: 'unknown_cafe', message: 'no such café' }
    const person = Object.hasOwn(before.people, personId) ? before.people[personId] : undefined
    if (!person || person.erased) return { ok: false, code: 'unknown_person', message: `no person ${personId} to erase` }
    const registrations = (await storage.listRegistrations(cafeId)).filter((r) => isTheirs(r, person))
    const names = [person.name, ...registrations.map((r) => r.name)]

    const erased = await cafes.transform(cafeId, 'erase', (state) => erasePerson(state, personId))
    if (!erased.ok) return erased
    const standIn = erased.value.people[personId]!.name
    const matcher = nameMatcher(names.map((name) => ({ name, replacement: standIn })))

    for (let table = 0; table < erased.value.tables.length; table++) {
      await hub.rewriteDocument(clothDocumentName(cafeId, table), (doc) => scrubCloth(doc, matcher))
    }
    await hub.rewriteDocument(summaryDocumentName(cafeId), (doc) => scrubSummaryDocument(doc, matcher))
    await scrubStoredHarvest(cafeId, matcher)
    if (registrations.length > 0) {
      await storage.saveRegistrations(
        cafeId,
        registrations.map((r): Registration => ({
          id: r.id,
          name: standIn,
          code: r.code,
          ...(r.personId !== undefined ? { personId: r.personId } : {}),
        })),
      )
    }
    await storage.scrub()
    logger.info({ cafeId, personId }, 'person erased')
    return { ok: true, value: { personId, name: standIn } }
  }

  /**
   * Compare-and-set, like every harvest write: the harvest may be bringing in a cloth at the same
   * moment. The cloths are scrubbed already, so whatever it brings in holds no name either.
   */
  async function scrubStoredHarvest(cafeId: string, matcher: NameMatcher): Promise<void> {
    for (let attempt = 0; attempt < HARVEST_ATTEMPTS; attempt++) {
      const stored = await storage.loadHarvest(cafeId)
      if (!stored) return
      const next = scrubHarvest(stored.state, matcher.scrub)
      if (next === stored.state) return
      if (await storage.saveHarvest(cafeId, next, stored.version)) {
        options.harvestChanged({ cafeId, version: stored.version + 1, state: next })
        return
      }
    }
    throw new Error(`the harvest of ${cafeId} kept changing while a name was erased from it`)
  }
}
