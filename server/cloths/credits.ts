/**
 * The claims of writing on someone's behalf that a client's transaction makes (shared/cloth/behalf.ts):
 * proposals whose `for` it set, and notes it marked with the `credit` mark. Read synchronously
 * while the transaction is cleaned up; the server checks them against the café before recording.
 */
import * as Y from 'yjs'
import { creditedPerson, isCreditKey, roundOfNotesField } from '../../shared/cloth/behalf.js'

/**
 * The `credit` formats this transaction inserted into a round's notes: round → person ids.
 * Every item the transaction created is looked at (new paragraphs bring new text types, which
 * fire no event of their own).
 */
export function notesCreditsClaimed(doc: Y.Doc, transaction: Y.Transaction): Map<number, Set<string>> {
  const claims = new Map<number, Set<string>>()
  for (const [client, after] of transaction.afterState) {
    let clock = transaction.beforeState.get(client) ?? 0
    while (clock < after) {
      const struct = structAt(doc, client, clock)
      if (!struct) break
      clock = struct.id.clock + struct.length
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) continue
      const { key, value } = struct.content
      const person = isCreditKey(key) ? creditedPerson(value) : undefined
      if (!person) continue
      const round = roundOfNotesField(rootName(struct) ?? '')
      if (round === undefined) continue
      const people = claims.get(round) ?? new Set<string>()
      people.add(person)
      claims.set(round, people)
    }
  }
  return claims
}

/** The name of the root type an integrated item lives in. */
function rootName(item: Y.Item): string | undefined {
  if (!(item.parent instanceof Y.AbstractType)) return undefined
  let type: Y.AbstractType<unknown> = item.parent
  while (type._item) type = type._item.parent as Y.AbstractType<unknown>
  return Y.findRootTypeKey(type)
}

function structAt(doc: Y.Doc, client: number, clock: number): Y.Item | Y.GC | undefined {
  try {
    return Y.getItem(doc.store, Y.createID(client, clock)) as Y.Item | Y.GC
  } catch {
    return undefined
  }
}
