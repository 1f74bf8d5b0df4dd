/**
 * The cloth's own rules on top of the plain Yjs relay (shared/cloth/schema.ts):
 * - no client writes `provenance` or `credits`: an update that would insert into them or delete
 *   from them is refused before it is stored;
 * - when a client's update creates or edits a proposal, the server records in `provenance`,
 *   from the sender's token, the table, the round and the people who wrote it — and, when the
 *   sender may speak for the person the proposal's `for` names, that person in `onBehalfOf`;
 * - when a client's update marks a note as written for someone (shared/cloth/behalf.ts) and the
 *   sender may speak for them, the server adds them to `credits` under that round's notes.
 */
import * as Y from 'yjs'
import type { Cafes } from '../cafes/cafes.js'
import type { Connection, DecodedUpdate, RoomHooks } from '../documents/room.js'
import { parseDocumentName } from '../../shared/protocol/documents.js'
import {
  CREDITS_FIELD,
  notesField,
  PROPOSAL_FOR_KEY,
  PROPOSALS_FIELD,
  PROVENANCE_FIELD,
  SERVER_ONLY_FIELDS,
  type ProposalProvenance,
} from '../../shared/cloth/schema.js'
import { roundOfEdit } from '../../shared/cafe/cloth-access.js'
import { maySpeakFor } from '../../shared/cloth/behalf.js'
import { declareClothRoots } from './stored-cloth.js'
import { notesCreditsClaimed } from './credits.js'

export function clothHooks(documentName: string, cafes: Cafes, now: () => number = Date.now): RoomHooks | undefined {
  const name = parseDocumentName(documentName)
  // Only cloths have proposals; the summary document has no server-written parts.
  if (name?.kind !== 'cloth') return undefined
  /** The server's reply to an update that created or edited proposals or credited notes. */
  const recordProvenance = async (doc: Y.Doc, conn: Connection, touched: Map<string, ProposalClaim>, noteClaims: Map<number, Set<string>>) => {
    const state = await cafes.load(name.cafeId)
    if (!state) return undefined
    const writer = conn.principal
    const author = writer.participantId ?? writer.role
    const serverRound = roundOfEdit(state, writer, name.table)
    // A proposal written offline may arrive a round later; the round its writer claims is
    // kept only if they really sat at this table then, and it is not in the future.
    const roundOf = (claimed: number | undefined) => {
      const id = writer.participantId
      if (claimed === undefined || !Number.isInteger(claimed) || claimed < 1 || claimed > serverRound) return serverRound
      if (id && state.history[claimed - 1]?.[id] !== name.table) return serverRound
      return claimed
    }
    // A claim to write for someone is believed only from whoever may speak for them here.
    const speaksFor = (personId: string | undefined) => personId !== undefined && maySpeakFor(state, writer, name.table, personId)
    const rounds = state.settings.questions.length
    // Decided on the live document, so that an edit changing nothing (an author typing on in
    // their own proposal: every keystroke) costs no server edit at all.
    const provenance = doc.getMap<ProposalProvenance>(PROVENANCE_FIELD)
    const records = new Map<string, ProposalProvenance>()
    for (const [id, claim] of touched) {
      const known = provenance.get(id)
      const credited = speaksFor(claim.for) ? claim.for! : undefined
      if (!known) {
        records.set(id, {
          table: name.table,
          round: roundOf(claim.round),
          createdBy: author,
          authors: [author],
          createdAt: now(),
          ...(credited ? { onBehalfOf: [credited] } : {}),
        })
        continue
      }
      const authors = known.authors.includes(author) ? known.authors : [...known.authors, author]
      const onBehalfOf = credited && !known.onBehalfOf?.includes(credited) ? [...(known.onBehalfOf ?? []), credited] : known.onBehalfOf
      if (authors !== known.authors || onBehalfOf !== known.onBehalfOf) {
        records.set(id, { ...known, authors, ...(onBehalfOf ? { onBehalfOf } : {}) })
      }
    }
    const creditsNow = doc.getMap<string[]>(CREDITS_FIELD)
    const credits = new Map<string, string[]>()
    for (const [round, people] of noteClaims) {
      if (round > rounds) continue
      const key = notesField(round)
      const stored = creditsNow.get(key)
      const known = Array.isArray(stored) ? stored : []
      const added = [...people].filter((person) => speaksFor(person) && !known.includes(person))
      if (added.length > 0) credits.set(key, [...known, ...added])
    }
    if (records.size === 0 && credits.size === 0) return undefined
    return (d: Y.Doc) => {
      const provenanceMap = d.getMap<ProposalProvenance>(PROVENANCE_FIELD)
      for (const [id, record] of records) provenanceMap.set(id, record)
      const creditsMap = d.getMap<string[]>(CREDITS_FIELD)
      for (const [key, people] of credits) creditsMap.set(key, people)
    }
  }

  return {
    prepare: declareClothRoots,
    refuseUpdate(doc, decoded) {
      return touchesServerOnly(doc, decoded) ? 'the provenance of proposals is written by the server only' : undefined
    },
    afterApply(doc, conn, transaction) {
      // Read what the transaction changed now: Yjs refuses to compute it after an await.
      const touched = proposalsTouched(doc, transaction)
      const noteClaims = notesCreditsClaimed(doc, transaction)
      // Most updates are someone typing: nothing to record, and no promise made for it.
      if (touched.size === 0 && noteClaims.size === 0) return undefined
      return recordProvenance(doc, conn, touched, noteClaims)
    },
  }
}

/** What a transaction claims of a proposal it created or edited. */
interface ProposalClaim {
  /** The round its writer says they were in. */
  round: number | undefined
  /** Whom it is written for: set only when the transaction created the proposal or changed its `for`. */
  for: string | undefined
}

/** The proposals a transaction created or edited, by id, with what it claims of each. */
function proposalsTouched(doc: Y.Doc, transaction: Y.Transaction): Map<string, ProposalClaim> {
  const ids = new Map<string, ProposalClaim>()
  const proposals = doc.getArray<Y.Map<unknown>>(PROPOSALS_FIELD)
  const claim = (map: unknown, forChanged: boolean) => {
    if (!(map instanceof Y.Map)) return
    const id = map.get('id')
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return
    const round = map.get('round')
    const writtenFor = map.get(PROPOSAL_FOR_KEY)
    const earlier = ids.get(id)
    ids.set(id, {
      round: typeof round === 'number' ? round : undefined,
      for: forChanged && typeof writtenFor === 'string' ? writtenFor : earlier?.for,
    })
  }
  for (const event of transaction.changedParentTypes.get(proposals) ?? []) {
    if (event.target === proposals) {
      // New maps (a new proposal, or a moved one) carry every key they hold.
      for (const item of event.changes.added) if (item.content instanceof Y.ContentType) claim(item.content.type, true)
    } else {
      // An edit somewhere inside a proposal: climb to the map that is a direct child of `proposals`.
      let type: Y.AbstractType<unknown> | null = event.target
      while (type && type._item?.parent !== proposals) type = (type._item?.parent as Y.AbstractType<unknown>) ?? null
      const forChanged = type === event.target && event instanceof Y.YMapEvent && event.keysChanged.has(PROPOSAL_FOR_KEY)
      if (type) claim(type, forChanged)
    }
  }
  return ids
}

/**
 * Whether an update inserts into, or deletes from, a server-only root type. Items name their
 * parent directly (a root's name, or the id of the item holding the parent type) or implicitly
 * through a neighbour (`origin` / `rightOrigin`), which may be in the document or in the update.
 */
function touchesServerOnly(doc: Y.Doc, { structs, ds }: DecodedUpdate): boolean {
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
