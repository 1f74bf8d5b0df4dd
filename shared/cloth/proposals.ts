/**
 * The table's proposals as Yjs operations (shared/cloth/schema.ts): reading the list, adding,
 * editing one field, moving one up or down. Clients run these; none of them writes
 * `provenance`, which only the server fills in.
 *
 * Moving is a delete plus the insert of a new map with the same fields, in one transaction. Two
 * people moving the same proposal at once therefore leave two maps with one id: readers show the
 * first and ignore the rest, and the next move of that proposal removes every copy.
 */
import * as Y from 'yjs'
import {
  PROPOSALS_FIELD,
  PROPOSAL_FOR_KEY,
  PROPOSAL_TEXT_FIELDS,
  PROVENANCE_FIELD,
  type Proposal,
  type ProposalProvenance,
  type ProposalTextField,
} from './schema.js'

/** Longest text kept in one field of a proposal (a title is a line, "what" may be a paragraph). */
export const PROPOSAL_FIELD_MAX = 2000

export const proposalsOf = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray<Y.Map<unknown>>(PROPOSALS_FIELD)

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * A proposal id from random bytes (the caller passes `crypto.getRandomValues(new Uint8Array(16))`,
 * which, unlike `crypto.randomUUID`, works on a venue's plain-http LAN address). 16 bytes give
 * 128 bits: ids never collide in practice, whichever laptop made them offline.
 */
export function proposalIdFrom(bytes: Uint8Array): string {
  if (bytes.length < 12) throw new Error('a proposal id needs at least 96 random bits')
  let id = 'p-'
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 6) {
      bits -= 6
      id += ID_ALPHABET[(buffer >> bits) & 63]
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) id += ID_ALPHABET[(buffer << (6 - bits)) & 63]
  return id
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function proposalFrom(map: Y.Map<unknown>): Proposal | undefined {
  const id = map.get('id')
  if (typeof id !== 'string' || id === '') return undefined
  return { id, title: text(map.get('title')), what: text(map.get('what')), who: text(map.get('who')), when: text(map.get('when')) }
}

/** The proposals in the table's order; a map without an id, or a second copy of an id, is skipped. */
export function readProposals(doc: Y.Doc): Proposal[] {
  const seen = new Set<string>()
  const list: Proposal[] = []
  for (const map of proposalsOf(doc)) {
    if (!(map instanceof Y.Map)) continue
    const proposal = proposalFrom(map)
    if (!proposal || seen.has(proposal.id)) continue
    seen.add(proposal.id)
    list.push(proposal)
  }
  return list
}

function newMap(proposal: Proposal, writtenFor?: unknown): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  map.set('id', proposal.id)
  for (const field of PROPOSAL_TEXT_FIELDS) map.set(field, proposal[field].slice(0, PROPOSAL_FIELD_MAX))
  if (typeof writtenFor === 'string') map.set(PROPOSAL_FOR_KEY, writtenFor)
  return map
}

/**
 * Adds a proposal at the end of the list; `writtenFor` is the id of the person it is written for
 * (the server decides whether to credit them).
 */
export function addProposal(doc: Y.Doc, proposal: Proposal, origin?: unknown, writtenFor?: string): void {
  doc.transact(() => proposalsOf(doc).push([newMap(proposal, writtenFor)]), origin)
}

/** The map people see for this id (the first copy), if any. */
function firstMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  for (const map of proposalsOf(doc)) if (map instanceof Y.Map && map.get('id') === id) return map
  return undefined
}

/**
 * Changes one typed field of a proposal; false if there is no such proposal. With `writtenFor`,
 * the edit is made for that person: the proposal's `for` names them (set only when it changes,
 * as the server credits whoever a `for` newly names).
 */
export function editProposal(
  doc: Y.Doc,
  id: string,
  field: ProposalTextField,
  value: string,
  origin?: unknown,
  writtenFor?: string,
): boolean {
  const map = firstMap(doc, id)
  if (!map) return false
  const next = value.slice(0, PROPOSAL_FIELD_MAX)
  const credit = writtenFor !== undefined && map.get(PROPOSAL_FOR_KEY) !== writtenFor
  if (map.get(field) !== next || credit) {
    doc.transact(() => {
      if (map.get(field) !== next) map.set(field, next)
      if (credit) map.set(PROPOSAL_FOR_KEY, writtenFor)
    }, origin)
  }
  return true
}

/**
 * Moves a proposal one place up (-1) or down (+1) in the list people see. False when there is
 * nothing to do: no such proposal, or it is already first (or last).
 */
export function moveProposal(doc: Y.Doc, id: string, offset: -1 | 1, origin?: unknown): boolean {
  const visible = readProposals(doc)
  const from = visible.findIndex((p) => p.id === id)
  const neighbour = visible[from + offset]
  if (from < 0 || !neighbour) return false
  const moved = visible[from]!
  const writtenFor = firstMap(doc, id)?.get(PROPOSAL_FOR_KEY)
  doc.transact(() => {
    const array = proposalsOf(doc)
    for (let i = array.length - 1; i >= 0; i--) {
      const map = array.get(i)
      if (map instanceof Y.Map && map.get('id') === id) array.delete(i, 1)
    }
    // The order people see is that of first copies: go next to the neighbour's first copy.
    let at = 0
    while (at < array.length) {
      const map = array.get(at)
      if (map instanceof Y.Map && map.get('id') === neighbour.id) break
      at++
    }
    array.insert(offset < 0 ? at : at + 1, [newMap(moved, writtenFor)])
  }, origin)
  return true
}

/** The server's record of where a proposal came from, if it has written one (and it is well-formed). */
export function provenanceOf(doc: Y.Doc, id: string): ProposalProvenance | undefined {
  const value = doc.getMap<unknown>(PROVENANCE_FIELD).get(id) as Partial<ProposalProvenance> | undefined
  if (!value || typeof value !== 'object') return undefined
  const { table, round, createdBy, authors, createdAt, onBehalfOf } = value
  if (typeof table !== 'number' || typeof round !== 'number' || typeof createdBy !== 'string') return undefined
  if (!Array.isArray(authors) || !authors.every((a) => typeof a === 'string')) return undefined
  const credited = Array.isArray(onBehalfOf) ? onBehalfOf.filter((id): id is string => typeof id === 'string') : []
  return {
    table,
    round,
    createdBy,
    authors,
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    ...(credited.length > 0 ? { onBehalfOf: credited } : {}),
  }
}
