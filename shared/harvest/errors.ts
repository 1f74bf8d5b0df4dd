/**
 * The harvest's expected refusals, as values (same shape as the café's, shared/cafe/errors.ts):
 * the code is for the UI, shown in the person's language; the message is plain English for logs.
 */

/** Every reason the harvest can refuse a merge, an edit or a dot. */
export const HarvestErrorCode = {
  /** Two proposals brought to the harvest under one key. */
  DuplicateProposal: 'duplicate_proposal',
  /** No proposal or merge with this key, or it is inside a merge (act on the merge instead). */
  UnknownItem: 'unknown_item',
  /** A merge needs two or more different items. */
  TooFewToMerge: 'too_few_to_merge',
  /** A new merge's id is empty, malformed, or already taken in this harvest. */
  BadId: 'bad_id',
  /** Edit or undo of something that is not a merged proposal (or no longer on the list). */
  NotMerged: 'not_merged',
  /** A merged proposal needs a title people can read on the board. */
  EmptyTitle: 'empty_title',
  /** The suggestion was rejected already. */
  AlreadyDecided: 'already_decided',
  /** Dots before the facilitator opened voting. */
  VotingNotOpen: 'voting_not_open',
  /** Voting is closed: dots, merges and undos are all refused until it is reopened. */
  VotingClosed: 'voting_closed',
  /** Voting is open already. */
  VotingOpen: 'voting_open',
  /** The caller is not one of the café's participants. */
  NotAVoter: 'not_a_voter',
  /** The voter has placed all their dots. */
  NoDotsLeft: 'no_dots_left',
  /** The voter has no dot on this item to take back. */
  NoDotThere: 'no_dot_there',
  /** Dots per participant must be a whole number from 1 to {@link MAX_DOTS_PER_VOTER}. */
  BadDotCount: 'bad_dot_count',
  /** Fewer dots per voter than somebody has already placed. */
  DotsAlreadyPlaced: 'dots_already_placed',
} as const

/** One of the string codes of {@link HarvestErrorCode}. */
export type HarvestErrorCode = (typeof HarvestErrorCode)[keyof typeof HarvestErrorCode]

/** Most dots the facilitator may give each participant: more makes the ranking meaningless. */
export const MAX_DOTS_PER_VOTER = 20

/** A refusal: the code is for the UI, the message for logs. */
export interface HarvestFailure {
  ok: false
  code: HarvestErrorCode
  message: string
}

/** The outcome of anything in the harvest that can be refused. */
export type HarvestResult<T> = { ok: true; value: T } | HarvestFailure

/** Wraps a successful value. */
export function ok<T>(value: T): HarvestResult<T> {
  return { ok: true, value }
}

/** Builds a refusal; usable as any `HarvestResult<T>`. */
export function fail(code: HarvestErrorCode, message: string): HarvestFailure {
  return { ok: false, code, message }
}
