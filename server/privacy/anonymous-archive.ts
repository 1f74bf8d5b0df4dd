/**
 * A café's archive without personal names (`archive.json?anonymous=1`): people's names become
 * their descriptions (shared/summary/anonymise.ts) in the café's state, every string of the
 * readable copies and the harvest is walked, and each document's Yjs state is decoded, scrubbed
 * and re-encoded from a garbage-collecting document — so the replaced names are not hidden in
 * the base64 either. It stays an archive the import reads.
 */
import * as Y from 'yjs'
import type { CafeArchive } from '../../shared/archive/archive.js'
import { anonymisingMatcher, describePerson, type NamedPerson } from '../../shared/summary/anonymise.js'
import { deepScrub } from '../../shared/privacy/deep-scrub.js'
import type { NameMatcher } from '../../shared/privacy/name-match.js'
import { scrubCloth, scrubSummaryDocument } from '../../shared/privacy/scrub-document.js'
import { canonicalState, toBase64 } from '../archive/yjs-state.js'
import { sortedKeys } from '../archive/export.js'

/** The archive's limit on a person's name (shared/archive/archive.ts). */
const NAME_MAX = 80

/** The archive (as exportArchive wrote it) without any of these people's names. */
export function anonymousArchive(text: string, people: readonly NamedPerson[]): string {
  const archive = JSON.parse(text) as CafeArchive
  const names = anonymisingMatcher(people)
  // Base64 is no text anyone wrote: the states are scrubbed decoded, below.
  const scrubbed = deepScrub(archive, names.scrub, (key) => key === 'state')
  for (const person of Object.values(scrubbed.cafe.people)) {
    if (!person.erased) person.name = [...describePerson(person)].slice(0, NAME_MAX).join('')
  }
  for (const cloth of scrubbed.cloths) cloth.state = rewritten(cloth.state, names, scrubCloth)
  scrubbed.summary.state = rewritten(scrubbed.summary.state, names, scrubSummaryDocument)
  return `${JSON.stringify(sortedKeys(scrubbed), null, 2)}\n`
}

function rewritten(state: string, names: NameMatcher, scrub: (doc: Y.Doc, names: NameMatcher) => void): string {
  const doc = new Y.Doc({ gc: true })
  try {
    Y.applyUpdate(doc, new Uint8Array(Buffer.from(state, 'base64')))
    scrub(doc, names)
    return toBase64(canonicalState(doc))
  } finally {
    doc.destroy()
  }
}
