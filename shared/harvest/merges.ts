/**
 * The facilitator's merges, as pure functions from one harvest state to the next: accept, edit or
 * reject a suggestion, merge by hand, retitle a merge, undo one. Each returns a refusal code or a
 * new state and never touches the one it was given.
 *
 * Undo is exact: a merge keeps the items it swallowed whole (earlier merges with their titles,
 * their own suggestion, everything), so undoing it puts back precisely what was there. Dots are
 * not moved by a merge (harvest-state.ts), so the dots placed on the sources come back with them;
 * dots placed on the merge itself have nobody to return to but their voters, who may place them
 * again. Merging and undoing are refused once voting is closed: the ranking is final then.
 */
import { PROPOSAL_FIELD_MAX } from '../cloth/proposals.js'
import { fail, HarvestErrorCode, ok, type HarvestResult } from './errors.js'
import type { HarvestState, ItemKey, MergedPart, MergedProposal } from './harvest-state.js'
import { boardPositions, harvestItems, itemIndex, mergedPosition, mergeIdsOf, type HarvestItem } from './items.js'
import { scoreGroup, suggestGroups, type SuggestInput, type SuggestOptions, type Suggestion } from './suggest.js'

/** A merge id: letters, digits, "-" and "_" (never ":" or "+", which proposal keys and suggestion ids use). */
const MERGE_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Which suggestion, and which items in it; what the facilitator accepts or rejects. */
export type SuggestionChoice = Pick<Suggestion, 'id' | 'keys'>

function closed(state: HarvestState): HarvestResult<never> | undefined {
  return state.votes.status === 'closed' ? fail(HarvestErrorCode.VotingClosed, 'voting is closed: the ranking is final') : undefined
}

/** The items in `keys`, in board order; a refusal names the first key that is not on the list. */
function itemsOf(state: HarvestState, keys: readonly ItemKey[]): HarvestResult<HarvestItem[]> {
  const items = harvestItems(state)
  const onList = new Set(items.map((item) => item.key))
  const unknown = keys.find((key) => !onList.has(key))
  if (unknown !== undefined) return fail(HarvestErrorCode.UnknownItem, `${unknown} is not on the harvest list`)
  const wanted = new Set(keys)
  return ok(items.filter((item) => wanted.has(item.key)))
}

/** The merged proposals re-sorted into board order, which makes undo restore the list exactly. */
function inBoardOrder(state: HarvestState, merged: MergedProposal[]): MergedProposal[] {
  const positions = boardPositions(state)
  return merged
    .map((m) => ({ m, at: mergedPosition(m, positions) }))
    .sort((a, b) => a.at - b.at)
    .map(({ m }) => m)
}

/**
 * Merges two or more items on the list (proposals or earlier merges) into a new merged proposal
 * `id`, chosen by the caller (the server draws it at random; it must be new to this harvest).
 * Its title and "what" start as those of the first titled item in board order.
 */
export function mergeProposals(
  state: HarvestState,
  keys: readonly ItemKey[],
  id: string,
  suggestion?: string,
): HarvestResult<HarvestState> {
  const refused = closed(state)
  if (refused) return refused
  const taken = new Set(state.merged.flatMap(mergeIdsOf))
  if (!MERGE_ID.test(id) || taken.has(id)) return fail(HarvestErrorCode.BadId, `merge id ${JSON.stringify(id)} is malformed or taken`)
  const chosen = itemsOf(state, keys)
  if (!chosen.ok) return chosen
  if (chosen.value.length < 2) return fail(HarvestErrorCode.TooFewToMerge, 'a merge needs two or more items')
  const parts = chosen.value.map(
    (item): MergedPart => (item.merged ? { kind: 'merged', merged: item.merged } : { kind: 'proposal', key: item.key }),
  )
  const lead = chosen.value.find((item) => item.title.trim() !== '') ?? chosen.value[0]!
  const merged: MergedProposal = {
    id,
    title: lead.title,
    what: lead.what,
    parts,
    ...(suggestion !== undefined ? { suggestion } : {}),
  }
  const swallowed = new Set(chosen.value.map((item) => item.key))
  const rest = state.merged.filter((m) => !swallowed.has(m.id))
  return ok({ ...state, merged: inBoardOrder(state, [...rest, merged]) })
}

const isRejected = (state: HarvestState, suggestionId: string): boolean =>
  state.decisions.some((d) => d.suggestion === suggestionId)

/**
 * Accepts a suggestion, as suggested or as edited ({@link editSuggestion}): merges its items
 * into a new merged proposal `id` that remembers which suggestion it came from.
 */
export function acceptSuggestion(state: HarvestState, suggestion: SuggestionChoice, id: string): HarvestResult<HarvestState> {
  if (isRejected(state, suggestion.id)) return fail(HarvestErrorCode.AlreadyDecided, `suggestion ${suggestion.id} was rejected`)
  return mergeProposals(state, suggestion.keys, id, suggestion.id)
}

/**
 * Rejects a suggestion: its items are never suggested together again, even after some of them
 * are merged with something else. Allowed after voting closed, since it changes no ranking.
 */
export function rejectSuggestion(state: HarvestState, suggestion: SuggestionChoice): HarvestResult<HarvestState> {
  if (isRejected(state, suggestion.id)) return fail(HarvestErrorCode.AlreadyDecided, `suggestion ${suggestion.id} was rejected already`)
  const known = itemIndex(state)
  const unknown = suggestion.keys.find((key) => !known.has(key))
  if (unknown !== undefined) return fail(HarvestErrorCode.UnknownItem, `${unknown} is not in this harvest`)
  return ok({
    ...state,
    decisions: [...state.decisions, { kind: 'rejected', suggestion: suggestion.id, keys: [...suggestion.keys] }],
  })
}

/** The text an item is compared by: its title, or what it says when it has no title. */
const textOf = (p: { title: string; what: string }): string => (p.title.trim() !== '' ? p.title : p.what)

/** An item as the matcher sees it: a merge offers its own title and each source's text. */
function suggestInputOf(item: HarvestItem): SuggestInput {
  const texts = item.sources.map((s) => textOf(s.proposal))
  return {
    key: item.key,
    table: item.sources.map((s) => s.table),
    text: item.kind === 'merged' ? [textOf(item), ...texts] : texts,
  }
}

/**
 * The suggestions for the list as it stands: groups of likely duplicates among the items, never
 * putting together two items the facilitator has kept apart by rejecting a suggestion.
 */
export function harvestSuggestions(state: HarvestState, options: SuggestOptions = {}): Suggestion[] {
  const index = itemIndex(state)
  const apart = state.decisions.map((d) => d.keys.flatMap((key) => index.get(key) ?? []))
  return suggestGroups(harvestItems(state).map(suggestInputOf), { ...options, apart: [...(options.apart ?? []), ...apart] })
}

/**
 * A suggestion with items taken out or added before it is accepted. It keeps its id (it still
 * answers the same suggestion); its tables and score are those of the new membership.
 */
export function editSuggestion(
  state: HarvestState,
  suggestion: Suggestion,
  change: { add?: readonly ItemKey[]; remove?: readonly ItemKey[] },
): HarvestResult<Suggestion> {
  const removed = new Set(change.remove ?? [])
  const keys = [...new Set([...suggestion.keys.filter((key) => !removed.has(key)), ...(change.add ?? [])])]
  const chosen = itemsOf(state, keys)
  if (!chosen.ok) return chosen
  if (chosen.value.length < 2) return fail(HarvestErrorCode.TooFewToMerge, 'a suggestion needs two or more items')
  const inputs = chosen.value.map(suggestInputOf)
  return ok({
    id: suggestion.id,
    keys: chosen.value.map((item) => item.key),
    tables: [...new Set(chosen.value.flatMap((item) => item.sources.map((s) => s.table)))].sort((a, b) => a - b),
    // Weighed by the whole list, as harvestSuggestions' groups are, so the scores compare.
    score: scoreGroup(inputs, harvestItems(state).map(suggestInputOf)),
  })
}

/** The facilitator rewrites a merged proposal's title or "what" (cut to the cloth's field limit). */
export function editMerged(
  state: HarvestState,
  id: string,
  edit: { title?: string; what?: string },
): HarvestResult<HarvestState> {
  const target = state.merged.find((m) => m.id === id)
  if (!target) return fail(HarvestErrorCode.NotMerged, `${id} is not a merged proposal on the list`)
  if (edit.title !== undefined && edit.title.trim() === '') return fail(HarvestErrorCode.EmptyTitle, 'a merged proposal needs a title')
  const next: MergedProposal = {
    ...target,
    ...(edit.title !== undefined ? { title: edit.title.slice(0, PROPOSAL_FIELD_MAX) } : {}),
    ...(edit.what !== undefined ? { what: edit.what.slice(0, PROPOSAL_FIELD_MAX) } : {}),
  }
  return ok({ ...state, merged: state.merged.map((m) => (m === target ? next : m)) })
}

/**
 * Splits a merged proposal back into the items it was made from, exactly as they were. Dots
 * placed on its sources stay with them; dots placed on the merge itself go back to their voters.
 */
export function undoMerge(state: HarvestState, id: string): HarvestResult<HarvestState> {
  const refused = closed(state)
  if (refused) return refused
  const target = state.merged.find((m) => m.id === id)
  if (!target) return fail(HarvestErrorCode.NotMerged, `${id} is not a merged proposal on the list`)
  const restored = target.parts.flatMap((part) => (part.kind === 'merged' ? [part.merged] : []))
  return ok({
    ...state,
    merged: inBoardOrder(state, [...state.merged.filter((m) => m !== target), ...restored]),
    votes: { ...state.votes, dots: state.votes.dots.filter((dot) => dot.placedOn !== id) },
  })
}
