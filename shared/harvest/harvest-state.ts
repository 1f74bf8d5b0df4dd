/**
 * The harvest as data. Like `CafeState`, one plain JSON value that every harvest operation maps
 * to the next (merges.ts, votes.ts), so the server can store it after each step and restore it
 * exactly, and the same value feeds the board, the ranking and the summary.
 *
 * Two decisions shape it:
 * - A merged proposal holds the items it was made from (`parts`), earlier merges included, whole
 *   and unchanged. Undoing a merge puts exactly those back; nothing has to be reconstructed.
 * - A dot records the item it was placed on and never moves. Which item it counts for now is
 *   derived (items.ts): the top-level merge that contains what it was placed on. So merging after
 *   voting keeps every dot, and undoing hands each source back the dots placed on it.
 */
import type { Proposal, ProposalProvenance } from '../cloth/schema.js'
import { fail, HarvestErrorCode, MAX_DOTS_PER_VOTER, ok, type HarvestResult } from './errors.js'

/** A table's proposal in the harvest: `${table}:${proposalId}` (proposal ids never contain ":"). */
export type ProposalKey = string
/** What can be voted on or merged: a {@link ProposalKey} or a merged proposal's id. */
export type ItemKey = string

/** A proposal brought to the harvest, with where it came from (provenance is never dropped). */
export interface HarvestSource {
  key: ProposalKey
  /** 0-based table index. */
  table: number
  /** Round in which it was written (1-based); 0 when the server had no record of it. */
  round: number
  /** Everyone who wrote or edited it, creator first; empty when the server had no record. */
  authors: string[]
  /** Its text as the table left it when the harvest began. */
  proposal: Proposal
}

/** Proposals merged into one by the facilitator; `title` and `what` are theirs to edit. */
export interface MergedProposal {
  /** Chosen by the server; never contains ":" or "+", so it cannot clash with a proposal key. */
  id: string
  title: string
  what: string
  /** What was merged, in board order; undo puts back exactly these. */
  parts: MergedPart[]
  /** The suggestion accepted to make it, if it came from one. */
  suggestion?: string
}

/** One thing a merge was made from: a table's proposal, or an earlier merge kept whole. */
export type MergedPart = { kind: 'proposal'; key: ProposalKey } | { kind: 'merged'; merged: MergedProposal }

/** The facilitator said no to a suggestion: its members are not suggested together again. */
export interface RejectedSuggestion {
  kind: 'rejected'
  suggestion: string
  keys: ItemKey[]
}

/** A dot a participant placed; it stays on what it was placed on, and counts for what holds that. */
export interface Dot {
  voter: string
  placedOn: ItemKey
}

/** Dot voting: the facilitator sets the dots per participant, opens and closes it. */
export interface DotVoting {
  status: 'not-open' | 'open' | 'closed'
  dotsPerVoter: number
  /** Person ids of the participants who may vote. */
  voters: string[]
  /** In the order they were placed. */
  dots: Dot[]
}

/** Everything the harvest remembers. */
export interface HarvestState {
  /** Every proposal brought to the harvest, in board order: by table, then the table's order. */
  proposals: HarvestSource[]
  /** Merged proposals on the list (not those inside another merge), ordered by their first source. */
  merged: MergedProposal[]
  decisions: RejectedSuggestion[]
  votes: DotVoting
}

/** Dots each participant gets unless the facilitator says otherwise. */
export const DEFAULT_DOTS_PER_VOTER = 3

/** A whole number of dots from 1 to {@link MAX_DOTS_PER_VOTER}. */
export const isDotCount = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_DOTS_PER_VOTER

/** The harvest key of table `table`'s proposal `proposalId`. */
export const proposalKeyOf = (table: number, proposalId: string): ProposalKey => `${table}:${proposalId}`

/**
 * A cloth's proposal as a harvest source. Without the server's provenance record (a cloth from
 * before provenance existed) the round is 0 and nobody is named, rather than guessing.
 */
export function harvestSourceOf(table: number, proposal: Proposal, provenance?: ProposalProvenance): HarvestSource {
  return {
    key: proposalKeyOf(table, proposal.id),
    table,
    round: provenance?.round ?? 0,
    authors: provenance ? [...provenance.authors] : [],
    proposal: { ...proposal },
  }
}

/**
 * A harvest of `proposals` (in board order) with nothing merged and voting not yet open.
 * Refuses two proposals under one key, and a dot count outside 1…{@link MAX_DOTS_PER_VOTER}.
 */
export function newHarvest(
  proposals: readonly HarvestSource[],
  dotsPerVoter: number = DEFAULT_DOTS_PER_VOTER,
): HarvestResult<HarvestState> {
  if (!isDotCount(dotsPerVoter)) return fail(HarvestErrorCode.BadDotCount, `${dotsPerVoter} dots per voter`)
  const seen = new Set<string>()
  for (const source of proposals) {
    if (seen.has(source.key)) return fail(HarvestErrorCode.DuplicateProposal, `proposal ${source.key} brought twice`)
    seen.add(source.key)
  }
  return ok({
    proposals: [...proposals],
    merged: [],
    decisions: [],
    votes: { status: 'not-open', dotsPerVoter, voters: [], dots: [] },
  })
}
