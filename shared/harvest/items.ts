/**
 * What the room sees in the harvest, derived from the state and never stored: the list of items
 * (merged proposals plus the proposals nobody merged), and which item each key now belongs to.
 * Deriving both means a merge or an undo cannot leave them out of step with each other.
 */
import type { HarvestSource, HarvestState, ItemKey, MergedProposal, ProposalKey } from './harvest-state.js'

/** One entry on the harvest list and on the ballot. */
export interface HarvestItem {
  key: ItemKey
  kind: 'proposal' | 'merged'
  title: string
  what: string
  /** The table proposals behind it, in board order, with their provenance. */
  sources: HarvestSource[]
  /** The merge itself, for an item of kind "merged". */
  merged?: MergedProposal
}

/** The proposal keys inside a merged proposal, nested merges included, in board order of their parts. */
export function proposalKeysOf(merged: MergedProposal): ProposalKey[] {
  return merged.parts.flatMap((part) => (part.kind === 'proposal' ? [part.key] : proposalKeysOf(part.merged)))
}

/** Every merge id in this merge's tree, its own first. */
export function mergeIdsOf(merged: MergedProposal): string[] {
  return [merged.id, ...merged.parts.flatMap((part) => (part.kind === 'merged' ? mergeIdsOf(part.merged) : []))]
}

/** Board position of each proposal key: items are listed by their earliest source. */
export function boardPositions(state: HarvestState): Map<ProposalKey, number> {
  return new Map(state.proposals.map((source, i) => [source.key, i]))
}

/** Board position of a merged proposal: that of its earliest source. */
export function mergedPosition(merged: MergedProposal, positions: ReadonlyMap<ProposalKey, number>): number {
  return Math.min(...proposalKeysOf(merged).map((key) => positions.get(key) ?? Number.MAX_SAFE_INTEGER))
}

/**
 * Which item on the list each key now counts for: every proposal key and every merge id the
 * harvest knows (also those inside another merge) maps to the top-level item holding it. Keys of
 * undone merges are absent.
 */
export function itemIndex(state: HarvestState): Map<string, ItemKey> {
  const index = new Map<string, ItemKey>()
  for (const source of state.proposals) index.set(source.key, source.key)
  for (const merged of state.merged) {
    for (const id of mergeIdsOf(merged)) index.set(id, merged.id)
    for (const key of proposalKeysOf(merged)) index.set(key, merged.id)
  }
  return index
}

/** The items on the list, in board order: each merged proposal where its first source was. */
export function harvestItems(state: HarvestState): HarvestItem[] {
  const inMerge = new Map<ProposalKey, MergedProposal>()
  for (const merged of state.merged) for (const key of proposalKeysOf(merged)) inMerge.set(key, merged)
  const items: HarvestItem[] = []
  const mergedItems = new Map<string, HarvestItem>()
  for (const source of state.proposals) {
    const merged = inMerge.get(source.key)
    if (!merged) {
      items.push({ key: source.key, kind: 'proposal', title: source.proposal.title, what: source.proposal.what, sources: [source] })
      continue
    }
    const item = mergedItems.get(merged.id)
    if (item) {
      item.sources.push(source)
      continue
    }
    const first: HarvestItem = { key: merged.id, kind: 'merged', title: merged.title, what: merged.what, sources: [source], merged }
    mergedItems.set(merged.id, first)
    items.push(first)
  }
  return items
}
