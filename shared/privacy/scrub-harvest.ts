/**
 * A harvest with names replaced in everything people wrote into it: the tables' proposals as
 * they were brought in, and the facilitator's merged titles and descriptions (nested merges
 * too). Ids, keys, authors (person ids) and dots are not text anyone wrote, and stay as they are,
 * so every dot still counts for what it counted for.
 */
import type { HarvestSource, HarvestState, MergedProposal } from '../harvest/harvest-state.js'
import { PROPOSAL_TEXT_FIELDS } from '../cloth/schema.js'

/** `state` itself when no name occurs in it, else a copy with every occurrence replaced. */
export function scrubHarvest(state: HarvestState, scrub: (text: string) => string): HarvestState {
  let changed = false
  const text = (value: string) => {
    const next = scrub(value)
    if (next !== value) changed = true
    return next
  }
  const source = (s: HarvestSource): HarvestSource => {
    const proposal = { ...s.proposal }
    for (const field of PROPOSAL_TEXT_FIELDS) proposal[field] = text(proposal[field])
    return { ...s, authors: [...s.authors], proposal }
  }
  const merged = (m: MergedProposal): MergedProposal => ({
    ...m,
    title: text(m.title),
    what: text(m.what),
    parts: m.parts.map((part) => (part.kind === 'merged' ? { kind: 'merged', merged: merged(part.merged) } : { ...part })),
  })
  const next: HarvestState = { ...state, proposals: state.proposals.map(source), merged: state.merged.map(merged) }
  return changed ? next : state
}
