/**
 * The harvest kept up with the cloths. The harvest is taken from the cloths once, when the café
 * enters it, but tables may go on writing (people seated there still write, and edits made
 * offline before the harvest may arrive later): what they write must reach the list, the ballot
 * and the summary all the same.
 *
 * So the server reads the cloths again and brings the harvest up to date with them:
 * - a proposal new to the harvest is added where it stands on the board (its table, after the
 *   proposal it follows there);
 * - a proposal whose text or provenance changed takes the new ones, also when it is inside a
 *   merge (the merge keeps the facilitator's own title and "what"; its sources show the new text);
 * - a proposal gone from its cloth (deleted after the harvest began) is KEPT as it was: dots may
 *   have been placed on it and merges made of it, and nothing a table brought to the harvest is
 *   lost from its result.
 * Merges, the facilitator's decisions and the votes are never touched, and the order of the
 * proposals already there never changes (a table reordering its cloth does not reorder the
 * harvest), so no dot moves and no ranking reshuffles.
 */
import type { Proposal } from '../cloth/schema.js'
import type { HarvestSource, HarvestState } from './harvest-state.js'

const sameProposal = (a: Proposal, b: Proposal): boolean =>
  a.id === b.id && a.title === b.title && a.what === b.what && a.who === b.who && a.when === b.when

/** Whether two sources of one key say the same, provenance included. */
export function sameSource(a: HarvestSource, b: HarvestSource): boolean {
  return (
    a.table === b.table &&
    a.round === b.round &&
    a.authors.length === b.authors.length &&
    a.authors.every((author, i) => author === b.authors[i]) &&
    sameProposal(a.proposal, b.proposal)
  )
}

const copyOf = (source: HarvestSource): HarvestSource => ({ ...source, authors: [...source.authors], proposal: { ...source.proposal } })

/**
 * The harvest brought up to date with `latest`, the tables' proposals as the cloths hold them now
 * (in board order; it may cover only some tables — a proposal it does not mention is kept as it
 * is, exactly as one deleted from its cloth is). Returns `state` itself when nothing changed, so
 * the caller need not store or announce anything; otherwise a state with a new `proposals` array
 * and the very same `merged`, `decisions` and `votes`.
 */
export function refreshSources(state: HarvestState, latest: readonly HarvestSource[]): HarvestState {
  const at = new Map(state.proposals.map((source, i) => [source.key, i]))
  let proposals: HarvestSource[] | undefined
  const added: HarvestSource[] = []
  const seen = new Set<string>()
  for (const source of latest) {
    if (seen.has(source.key)) continue
    seen.add(source.key)
    const i = at.get(source.key)
    if (i === undefined) added.push(source)
    else if (!sameSource(state.proposals[i]!, source)) (proposals ??= [...state.proposals])[i] = copyOf(source)
  }
  if (added.length === 0) return proposals ? { ...state, proposals } : state

  const list = proposals ?? [...state.proposals]
  const isNew = new Set(added.map((s) => s.key))
  // Each new proposal goes right after the one before it on its table's cloth (already placed,
  // old or new); first on its cloth, right before the next one there the harvest has, else after
  // everything of its table (proposals deleted from the cloth included).
  latest.forEach((source, i) => {
    if (!isNew.has(source.key) || list.some((s) => s.key === source.key)) return
    const previous = latest[i - 1]
    let index: number
    if (previous && previous.table === source.table) index = list.findIndex((s) => s.key === previous.key) + 1
    else {
      const next = latest.slice(i + 1).find((s) => s.table === source.table && at.has(s.key))
      const before = next ? list.findIndex((s) => s.key === next.key) : -1
      index = before >= 0 ? before : list.findLastIndex((s) => s.table <= source.table) + 1
    }
    list.splice(index, 0, copyOf(source))
  })
  return { ...state, proposals: list }
}
