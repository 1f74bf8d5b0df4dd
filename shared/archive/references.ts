/**
 * What zod cannot see in an archive: whether its parts fit together. Every seat, sitting and host
 * names a person the café has and a table it has; rounds stay within the café's questions; the
 * cloths are one per table, in order; the harvest's proposals come from existing tables, merges
 * are made of proposals the harvest has (each in one merge only), and every dot and voter is a
 * person of the café on an item that exists. An archive that passes restores a café every screen
 * and command can work with. Pure: a list of problems, each with the path of the field.
 */
import type { CafeArchive } from './archive.js'
import type { MergedProposal } from '../harvest/harvest-state.js'
import { itemIndex } from '../harvest/items.js'

export interface ArchiveProblem {
  path: string
  message: string
}

/** At most this many problems are reported: enough to see what is wrong, not a wall of text. */
const MAX_PROBLEMS = 20

export function archiveProblems(archive: CafeArchive): ArchiveProblem[] {
  const problems: ArchiveProblem[] = []
  const problem = (path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, message })
  }
  const { cafe, cloths, harvest } = archive
  const tableCount = cafe.tables.length
  const rounds = cafe.settings.questions.length
  const isPerson = (id: string) => Object.hasOwn(cafe.people, id)
  const checkTable = (path: string, table: number) => {
    if (table >= tableCount) problem(path, `table ${table} does not exist (the café has ${tableCount})`)
  }
  const checkSeating = (path: string, seating: Record<string, number>) => {
    for (const [person, table] of Object.entries(seating)) {
      if (!isPerson(person)) problem(`${path}.${person}`, `${person} is not one of the café's people`)
      checkTable(`${path}.${person}`, table)
    }
  }

  for (const [key, person] of Object.entries(cafe.people)) {
    if (person.id !== key) problem(`cafe.people.${key}.id`, `filed under ${key} but has id ${person.id}`)
    if (person.hostOf !== undefined) checkTable(`cafe.people.${key}.hostOf`, person.hostOf)
  }
  checkSeating('cafe.seating', cafe.seating)
  if (cafe.history.length > rounds) problem('cafe.history', `${cafe.history.length} rounds of seating, but ${rounds} questions`)
  cafe.history.forEach((seating, i) => checkSeating(`cafe.history.${i}`, seating))
  for (const [person, tables] of Object.entries(cafe.sittings)) {
    if (!isPerson(person)) problem(`cafe.sittings.${person}`, `${person} is not one of the café's people`)
    tables.forEach((table, i) => checkTable(`cafe.sittings.${person}.${i}`, table))
  }
  const phase = cafe.phase
  if ('round' in phase && (phase.round < 1 || phase.round > rounds)) {
    problem('cafe.phase.round', `round ${phase.round} of a café with ${rounds} questions`)
  }
  if (phase.kind === 'rotating') checkSeating('cafe.phase.plan', phase.plan)

  if (cloths.length !== tableCount) problem('cloths', `${cloths.length} cloths for ${tableCount} tables`)
  cloths.forEach((cloth, i) => {
    if (cloth.table !== i) problem(`cloths.${i}.table`, `cloth ${i} says it is table ${cloth.table}`)
  })

  if (harvest) {
    const keys = new Set<string>()
    harvest.proposals.forEach((source, i) => {
      const path = `harvest.proposals.${i}`
      checkTable(`${path}.table`, source.table)
      if (source.round > rounds) problem(`${path}.round`, `round ${source.round} of a café with ${rounds} questions`)
      if (source.key !== `${source.table}:${source.proposal.id}`) problem(`${path}.key`, `${source.key} is not table:proposal id`)
      if (keys.has(source.key)) problem(`${path}.key`, `${source.key} appears twice`)
      keys.add(source.key)
    })
    const merged = new Set<string>()
    const checkMerge = (m: MergedProposal, path: string) => {
      if (merged.has(m.id)) problem(`${path}.id`, `merge ${m.id} appears twice`)
      merged.add(m.id)
      m.parts.forEach((part, i) => {
        if (part.kind === 'merged') return checkMerge(part.merged, `${path}.parts.${i}.merged`)
        if (!keys.has(part.key)) problem(`${path}.parts.${i}.key`, `${part.key} is not a proposal of the harvest`)
        else if (merged.has(part.key)) problem(`${path}.parts.${i}.key`, `${part.key} is in two merges`)
        // Proposal keys and merge ids never clash (":" only in the former): one set holds both.
        merged.add(part.key)
      })
    }
    harvest.merged.forEach((m, i) => checkMerge(m, `harvest.merged.${i}`))
    const items = itemIndex(harvest)
    harvest.votes.voters.forEach((voter, i) => {
      if (!isPerson(voter)) problem(`harvest.votes.voters.${i}`, `${voter} is not one of the café's people`)
    })
    harvest.votes.dots.forEach((dot, i) => {
      if (!isPerson(dot.voter)) problem(`harvest.votes.dots.${i}.voter`, `${dot.voter} is not one of the café's people`)
      if (!items.has(dot.placedOn)) problem(`harvest.votes.dots.${i}.placedOn`, `no item ${dot.placedOn} in the harvest`)
    })
  }
  return problems
}
