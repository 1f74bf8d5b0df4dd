/**
 * What the harvest screens show, read off a `HarvestView` without any DOM: the ranking joined to
 * its items, the tables an item came from, the names of a proposal's authors.
 */
import type { CafeState } from '$shared/cafe/types.js'
import type { HarvestItem } from '$shared/harvest/items.js'
import type { HarvestView } from '$shared/protocol/harvest.js'

/** One row of the ranking with the item it counts for. */
export interface RankedEntry {
  item: HarvestItem
  dots: number
  voters: number
  place: number
}

/** The ranking in order, each row with its item (rows whose item left the list are skipped). */
export function rankedItems(view: HarvestView | undefined): RankedEntry[] {
  if (!view) return []
  const items = new Map(view.items.map((item) => [item.key, item]))
  return view.ranking.flatMap((row) => {
    const item = items.get(row.key)
    return item ? [{ item, dots: row.dots, voters: row.voters, place: row.place }] : []
  })
}

/** The tables an item's proposals were written at, each once, ascending (0-based). */
export function tablesOf(item: HarvestItem): number[] {
  return [...new Set(item.sources.map((source) => source.table))].sort((a, b) => a - b)
}

/**
 * Authors' names, as the cloth shows them: people by the name they joined with (removed people
 * keep theirs), the facilitator by role, anyone else the café no longer knows as "someone".
 */
export function namesOf(cafe: CafeState, authors: readonly string[], words: { facilitator: string; someone: string }): string[] {
  return authors.map((id) => (Object.hasOwn(cafe.people, id) ? cafe.people[id]!.name : id === 'facilitator' ? words.facilitator : words.someone))
}

/** How many of this participant's dots count for `key` now. */
export function myDotsOn(view: HarvestView | undefined, key: string): number {
  return view?.myDots?.filter((k) => k === key).length ?? 0
}

/** Voting as people should read it: a closed café takes no more dots, whatever voting was left at. */
export function votingStatusOf(cafe: CafeState, view: HarvestView | undefined): HarvestView['votingStatus'] {
  const status = view?.votingStatus ?? 'not-open'
  return cafe.phase.kind === 'closed' && status === 'open' ? 'closed' : status
}
