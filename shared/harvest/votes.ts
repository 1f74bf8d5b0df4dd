/**
 * Dot voting at the harvest. The facilitator sets how many dots each participant gets, opens
 * voting and closes it; participants place and take back dots from their own screens. The
 * server calls these with the voter id of the authenticated connection, never one the client
 * sent, so nobody can vote as somebody else.
 *
 * Checks, in this order: voting not open (voting_not_open) or closed (voting_closed); the caller
 * not a participant (not_a_voter); the item unknown (unknown_item); no dots left (no_dots_left) or
 * no dot to take back (no_dot_there). A refusal leaves the state as it was.
 *
 * A voter may stack several dots on one item: that is how people say "this one matters most".
 * Dots never move (harvest-state.ts): each counts for whatever item now holds what it was placed on.
 */
import { fail, HarvestErrorCode, ok, type HarvestResult } from './errors.js'
import { isDotCount, type HarvestState, type ItemKey } from './harvest-state.js'
import { harvestItems, itemIndex, type HarvestItem } from './items.js'

/** Refuses dot changes unless voting is open. */
function notOpen(state: HarvestState): HarvestResult<never> | undefined {
  if (state.votes.status === 'closed') return fail(HarvestErrorCode.VotingClosed, 'voting is closed')
  if (state.votes.status !== 'open') return fail(HarvestErrorCode.VotingNotOpen, 'voting has not been opened')
  return undefined
}

const withVotes = (state: HarvestState, votes: Partial<HarvestState['votes']>): HarvestState => ({
  ...state,
  votes: { ...state.votes, ...votes },
})

/** Dots `voterId` has placed so far, wherever they now count. */
export const dotsPlaced = (state: HarvestState, voterId: string): number =>
  state.votes.dots.filter((dot) => dot.voter === voterId).length

/** Dots `voterId` may still place (0 for somebody who is not a voter). */
export function dotsLeft(state: HarvestState, voterId: string): number {
  if (!state.votes.voters.includes(voterId)) return 0
  return Math.max(0, state.votes.dotsPerVoter - dotsPlaced(state, voterId))
}

/**
 * Opens voting (or reopens it after closing) for `voters`, the café's participants now: the list
 * replaces the previous one. Dots already placed stay, even those of people no longer listed.
 */
export function openVoting(state: HarvestState, voters: readonly string[]): HarvestResult<HarvestState> {
  if (state.votes.status === 'open') return fail(HarvestErrorCode.VotingOpen, 'voting is open already')
  return ok(withVotes(state, { status: 'open', voters: [...new Set(voters)] }))
}

/** Lets participants who joined after voting opened vote too; refused once voting is closed. */
export function admitVoters(state: HarvestState, voters: readonly string[]): HarvestResult<HarvestState> {
  if (state.votes.status === 'closed') return fail(HarvestErrorCode.VotingClosed, 'voting is closed')
  return ok(withVotes(state, { voters: [...new Set([...state.votes.voters, ...voters])] }))
}

/** Closes voting: from now on every dot, merge and undo is refused, until it is reopened. */
export function closeVoting(state: HarvestState): HarvestResult<HarvestState> {
  if (state.votes.status !== 'open') return notOpen(state) ?? fail(HarvestErrorCode.VotingNotOpen, 'voting is not open')
  return ok(withVotes(state, { status: 'closed' }))
}

/**
 * Sets the dots each participant gets. Lowering it below what somebody has already placed is
 * refused: taking placed dots away would change votes behind the voters' backs.
 */
export function setDotsPerVoter(state: HarvestState, dotsPerVoter: number): HarvestResult<HarvestState> {
  if (state.votes.status === 'closed') return fail(HarvestErrorCode.VotingClosed, 'voting is closed')
  if (!isDotCount(dotsPerVoter)) return fail(HarvestErrorCode.BadDotCount, `${dotsPerVoter} dots per voter`)
  const most = Math.max(0, ...state.votes.voters.map((voter) => dotsPlaced(state, voter)))
  if (dotsPerVoter < most) return fail(HarvestErrorCode.DotsAlreadyPlaced, `somebody has placed ${most} dots already`)
  return ok(withVotes(state, { dotsPerVoter }))
}

/** Common checks of placing and removing; the item `itemKey` counts for now, if all is well. */
function check(state: HarvestState, voterId: string, itemKey: ItemKey): HarvestResult<ItemKey> {
  const refused = notOpen(state)
  if (refused) return refused
  if (!state.votes.voters.includes(voterId)) return fail(HarvestErrorCode.NotAVoter, `${voterId} may not vote`)
  const item = itemIndex(state).get(itemKey)
  if (item === undefined) return fail(HarvestErrorCode.UnknownItem, `${itemKey} is not in this harvest`)
  return ok(item)
}

/**
 * `voterId` places one dot on `itemKey`. The key may be any proposal or merge the harvest knows,
 * even one merged a moment ago into another: a voter whose screen lagged still votes for what
 * they saw, and the dot counts for the merge that now holds it.
 */
export function placeDot(state: HarvestState, voterId: string, itemKey: ItemKey): HarvestResult<HarvestState> {
  const checked = check(state, voterId, itemKey)
  if (!checked.ok) return checked
  if (dotsLeft(state, voterId) === 0) return fail(HarvestErrorCode.NoDotsLeft, `${voterId} has placed all their dots`)
  return ok(withVotes(state, { dots: [...state.votes.dots, { voter: voterId, placedOn: itemKey }] }))
}

/** `voterId` takes back their most recent dot that counts for the same item as `itemKey`. */
export function removeDot(state: HarvestState, voterId: string, itemKey: ItemKey): HarvestResult<HarvestState> {
  const checked = check(state, voterId, itemKey)
  if (!checked.ok) return checked
  const index = itemIndex(state)
  const dots = state.votes.dots
  const at = dots.findLastIndex((dot) => dot.voter === voterId && index.get(dot.placedOn) === checked.value)
  if (at < 0) return fail(HarvestErrorCode.NoDotThere, `${voterId} has no dot on ${itemKey}`)
  return ok(withVotes(state, { dots: [...dots.slice(0, at), ...dots.slice(at + 1)] }))
}

/** An item with its dots, as the board ranks it. */
export interface RankedItem {
  item: HarvestItem
  dots: number
  /** How many different people placed those dots. */
  voters: number
  /** 1-based; items with equal dots share a place (1, 2, 2, 4). */
  place: number
}

/**
 * The list ranked by dots, most first. Equal dots are ordered by how many different people
 * placed them (support from many beats one person's stack), then by board order (table, then
 * the table's own order), so the ranking never flickers between two equal items.
 */
export function ranking(state: HarvestState): RankedItem[] {
  const index = itemIndex(state)
  const dots = new Map<ItemKey, number>()
  const voters = new Map<ItemKey, Set<string>>()
  for (const dot of state.votes.dots) {
    const item = index.get(dot.placedOn)
    if (item === undefined) continue
    dots.set(item, (dots.get(item) ?? 0) + 1)
    voters.set(item, (voters.get(item) ?? new Set()).add(dot.voter))
  }
  const rows = harvestItems(state).map((item, board) => ({
    item,
    board,
    dots: dots.get(item.key) ?? 0,
    voters: voters.get(item.key)?.size ?? 0,
  }))
  rows.sort((a, b) => b.dots - a.dots || b.voters - a.voters || a.board - b.board)
  let place = 0
  return rows.map(({ item, dots: count, voters: people }, i) => {
    // Rows are sorted by dots first, so a new place starts exactly where the count drops.
    if (i === 0 || rows[i - 1]!.dots !== count) place = i + 1
    return { item, dots: count, voters: people, place }
  })
}
