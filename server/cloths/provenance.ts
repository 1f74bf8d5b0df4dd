/**
 * The cloth's own rules on top of the plain Yjs relay (shared/cloth/schema.ts):
 * - no client writes `provenance`: an update that would insert into it or delete from it is
 *   refused before it is stored;
 * - when a client's update creates or edits a proposal, the server records in `provenance`,
 *   from the sender's token, the table, the round and the people who wrote it.
 */
import * as Y from 'yjs'
import type { Cafes } from '../cafes/cafes.js'
import type { RoomHooks } from '../documents/room.js'
import { parseDocumentName } from '../../shared/protocol/documents.js'
import { PROPOSALS_FIELD, PROVENANCE_FIELD, SERVER_ONLY_FIELDS, type ProposalProvenance } from '../../shared/cloth/schema.js'
import { roundOfEdit } from '../../shared/cafe/cloth-access.js'
import { declareClothRoots } from './stored-cloth.js'

export function clothHooks(documentName: string, cafes: Cafes, now: () => number = Date.now): RoomHooks | undefined {
  const name = parseDocumentName(documentName)
  // Only cloths have proposals; the summary document has no server-written parts.
  if (name?.kind !== 'cloth') return undefined
  return {
    prepare: declareClothRoots,
    refuseUpdate(doc, update) {
      return touchesServerOnly(doc, update) ? 'the provenance of proposals is written by the server only' : undefined
    },
    async afterApply(doc, conn, transaction) {
      const touched = proposalsTouched(doc, transaction)
      if (touched.size === 0) return undefined
      const state = await cafes.load(name.cafeId)
      if (!state) return undefined
      const author = conn.principal.participantId ?? conn.principal.role
      const serverRound = roundOfEdit(state, conn.principal, name.table)
      // A proposal written offline may arrive a round later; the round its writer claims is
      // kept only if they really sat at this table then, and it is not in the future.
      const roundOf = (claimed: number | undefined) => {
        const id = conn.principal.participantId
        if (claimed === undefined || !Number.isInteger(claimed) || claimed < 1 || claimed > serverRound) return serverRound
        if (id && state.history[claimed - 1]?.[id] !== name.table) return serverRound
        return claimed
      }
      return (d) => {
        const provenance = d.getMap<ProposalProvenance>(PROVENANCE_FIELD)
        for (const [id, claimed] of touched) {
          const known = provenance.get(id)
          if (!known) {
            provenance.set(id, { table: name.table, round: roundOf(claimed), createdBy: author, authors: [author], createdAt: now() })
          } else if (!known.authors.includes(author)) {
            provenance.set(id, { ...known, authors: [...known.authors, author] })
          }
        }
      }
    },
  }
}

/** The proposals a transaction created or edited: id → the round their writer claims, if any. */
function proposalsTouched(doc: Y.Doc, transaction: Y.Transaction): Map<string, number | undefined> {
  const ids = new Map<string, number | undefined>()
  const proposals = doc.getArray<Y.Map<unknown>>(PROPOSALS_FIELD)
  const idOf = (map: unknown) => {
    if (!(map instanceof Y.Map)) return
    const id = map.get('id')
    const round = map.get('round')
    if (typeof id === 'string' && id.length > 0 && id.length <= 64) ids.set(id, typeof round === 'number' ? round : undefined)
  }
  for (const event of transaction.changedParentTypes.get(proposals) ?? []) {
    if (event.target === proposals) {
      for (const item of event.changes.added) if (item.content instanceof Y.ContentType) idOf(item.content.type)
    } else {
      // An edit somewhere inside a proposal: climb to the map that is a direct child of `proposals`.
      let type: Y.AbstractType<unknown> | null = event.target
      while (type && type._item?.parent !== proposals) type = (type._item?.parent as Y.AbstractType<unknown>) ?? null
      if (type) idOf(type)
    }
  }
  return ids
}

/**
 * Whether an update inserts into, or deletes from, a server-only root type. Items name their
 * parent directly (a root's name, or the id of the item holding the parent type) or implicitly
 * through a neighbour (`origin` / `rightOrigin`), which may be in the document or in the update.
 */
function touchesServerOnly(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  const fresh = structs.filter((s): s is Y.Item => s instanceof Y.Item)
  const findFresh = (id: Y.ID) =>
    fresh.find((i) => i.id.client === id.client && id.clock >= i.id.clock && id.clock < i.id.clock + i.length)
  const rootOf = (item: Y.Item, depth = 0): string | undefined => {
    if (depth > 10_000) return undefined
    // Integrated items know their parent type; walk up to the root.
    if (item.parent instanceof Y.AbstractType) {
      let type: Y.AbstractType<unknown> = item.parent
      while (type._item) type = type._item.parent as Y.AbstractType<unknown>
      return Y.findRootTypeKey(type)
    }
    if (typeof item.parent === 'string') return item.parent
    const via = (item.parent as Y.ID | null) ?? item.origin ?? item.rightOrigin
    if (!via) return undefined
    const neighbour = findFresh(via) ?? existing(doc, via)
    if (!neighbour) return undefined
    // A parent given by id is the item holding the parent type: its root is the parent's root,
    // unless it is itself the type (then the neighbour's own parent chain tells).
    return rootOf(neighbour, depth + 1)
  }
  for (const item of fresh) if (SERVER_ONLY_FIELDS.includes(rootOf(item) ?? '')) return true
  for (const [client, ranges] of ds.clients) {
    for (const range of ranges) {
      let clock = range.clock
      while (clock < range.clock + range.len) {
        const item = existing(doc, { client, clock } as Y.ID)
        if (!item) break
        // A client resends its whole delete set on every sync, including the old provenance
        // entries the server itself replaced: deleting what is already deleted changes nothing.
        if (!item.deleted && SERVER_ONLY_FIELDS.includes(rootOf(item) ?? '')) return true
        clock = item.id.clock + item.length
      }
    }
  }
  return false
}

function existing(doc: Y.Doc, id: Y.ID): Y.Item | undefined {
  try {
    const struct = Y.getItem(doc.store, id) as unknown
    return struct instanceof Y.Item ? struct : undefined
  } catch {
    return undefined
  }
}
