/**
 * Harvest commands as they arrive from clients (`harvest:command`), parsed with zod before
 * anything else sees them, and the `harvest:state` the server pushes. Objects are strict: a
 * field the protocol does not know (a `voter`, say) makes the command a `bad_request`, because
 * the voter is always the authenticated connection's participant, never something a client says.
 */
import { z } from 'zod'
import { MAX_DOTS_PER_VOTER } from '../harvest/errors.js'
import type { ItemKey } from '../harvest/harvest-state.js'
import type { HarvestItem } from '../harvest/items.js'
import type { Suggestion } from '../harvest/suggest.js'

const itemKey = z.string().min(1).max(200)
const keys = z.array(itemKey).min(2).max(400)
const mergeId = z.string().min(1).max(64)
const suggestionId = z.string().min(1).max(100_000)
const text = z.string().max(2000)

export const HarvestCommand = z.discriminatedUnion('type', [
  // The facilitator's
  z.strictObject({ type: z.literal('merge'), keys }),
  z.strictObject({ type: z.literal('accept'), suggestionId, keys }),
  z.strictObject({ type: z.literal('reject'), suggestionId, keys }),
  z.strictObject({ type: z.literal('undo'), mergeId }),
  z.strictObject({ type: z.literal('edit'), mergeId, title: text.optional(), what: text.optional() }),
  z.strictObject({ type: z.literal('open-voting'), dotsPerVoter: z.number().int().min(1).max(MAX_DOTS_PER_VOTER) }),
  z.strictObject({ type: z.literal('close-voting') }),
  // A participant's
  z.strictObject({ type: z.literal('place-dot'), itemKey }),
  z.strictObject({ type: z.literal('remove-dot'), itemKey }),
])
export type HarvestCommand = z.infer<typeof HarvestCommand>

/** The commands only the facilitator may send; the others are participants' dots. */
export const FACILITATOR_HARVEST_COMMANDS: readonly HarvestCommand['type'][] = [
  'merge',
  'accept',
  'reject',
  'undo',
  'edit',
  'open-voting',
  'close-voting',
]

/** One row of the ranking: an item on the list (by key) with its dots. */
export interface HarvestRankingRow {
  key: ItemKey
  dots: number
  /** How many different people placed them. */
  voters: number
  /** 1-based; equal dots share a place. */
  place: number
}

/**
 * The harvest as a screen sees it, after every change and on connect. Dots are counted, never
 * listed by voter: a participant's own dots come only to their own connections.
 */
export interface HarvestView {
  /** Grows by one with every accepted harvest command. */
  version: number
  /** The list in board order: merged proposals and the proposals nobody merged, with provenance. */
  items: HarvestItem[]
  ranking: HarvestRankingRow[]
  /** Likely duplicates for the facilitator to accept, edit or reject. */
  suggestions: Suggestion[]
  votingOpen: boolean
  votingStatus: 'not-open' | 'open' | 'closed'
  dotsPerVoter: number
  /** For a participant's connection only: dots they may still place. */
  dotsLeft?: number
  /** For a participant's connection only: the items their dots count for now, one entry per dot. */
  myDots?: ItemKey[]
}
