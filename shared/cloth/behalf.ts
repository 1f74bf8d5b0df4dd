/**
 * Writing on someone's behalf. Not everyone at a table has a laptop: the table's host (or the
 * facilitator) writes their notes and proposals for them, and the summary credits them.
 *
 * The writer says whom they write for, in the document itself:
 * - a proposal's map holds `for` (a person id, shared/cloth/schema.ts);
 * - a note for someone starts with their name in bold, carrying the `credit` mark whose
 *   `person` attribute is their id (the editor writes it; y-prosemirror stores it as a text
 *   format `credit` → `{person}`).
 * Only the server turns these claims into credits, from the sender's token and the café's state
 * (`maySpeakFor`): the proposal's `provenance.onBehalfOf`, and `credits` (`notes-r<k>` → ids).
 * A claim it cannot verify is ignored, never recorded.
 */
import * as Y from 'yjs'
import { personById } from '../cafe/cafe-queries.js'
import type { ClothWriter } from '../cafe/cloth-access.js'
import type { CafeState, TableIndex } from '../cafe/types.js'
import { CREDITS_FIELD } from './schema.js'

/** Name of the notes' mark that says whom a note was written for (`attrs.person`: their id). */
export const CREDIT_MARK = 'credit'

/**
 * Whether `writer` may write at `table` on behalf of `personId`: the writer is the facilitator,
 * or a participant who hosts this table; the person is in the café, not removed, not the writer,
 * and sits at this table now or sat here earlier (an offline note may arrive after a rotation).
 */
export function maySpeakFor(state: CafeState, writer: ClothWriter, table: TableIndex, personId: string): boolean {
  const person = personById(state, personId)
  if (!person || person.removed || writer.participantId === personId) return false
  const seatedHere = state.seating[personId] === table || (Object.hasOwn(state.sittings, personId) && state.sittings[personId]!.includes(table))
  if (!seatedHere) return false
  if (writer.role === 'facilitator') return true
  if (writer.role !== 'participant' || writer.participantId === undefined) return false
  const host = personById(state, writer.participantId)
  return host !== undefined && !host.removed && host.hostOf === table
}

/** The round of a notes root's name (`notes-r3` → 3), or undefined for any other root. */
export function roundOfNotesField(name: string): number | undefined {
  const match = /^notes-r([1-9][0-9]?)$/.exec(name)
  return match ? Number(match[1]) : undefined
}

/** The person id a credit format's value names, if it is well-formed. */
export function creditedPerson(value: unknown): string | undefined {
  const person = (value as { person?: unknown } | null)?.person
  return typeof person === 'string' && person.length > 0 && person.length <= 64 ? person : undefined
}

/** Whether a text format's key is the credit mark (y-prosemirror names an overlapping mark `name--hash`). */
export const isCreditKey = (key: string): boolean => key.split('--')[0] === CREDIT_MARK

/** The server's record of whom each round's notes were written for: round → person ids, in order. */
export function notesCreditsOf(doc: Y.Doc): Map<number, string[]> {
  const credits = new Map<number, string[]>()
  doc.getMap<unknown>(CREDITS_FIELD).forEach((value, key) => {
    const round = roundOfNotesField(key)
    if (round === undefined || !Array.isArray(value)) return
    const ids = value.filter((id): id is string => typeof id === 'string')
    if (ids.length > 0) credits.set(round, ids)
  })
  return credits
}
