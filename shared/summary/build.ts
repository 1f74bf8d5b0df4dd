/**
 * The summary, built from the café's state, the tables' notes, the harvest and the organisers'
 * edits. Pure: the same input gives the same summary, so every download written from it agrees
 * with every other, and the tests can check it without a server.
 */
import type { CafeState, Person } from '../cafe/types.js'
import type { HarvestSource, HarvestState } from '../harvest/harvest-state.js'
import { ranking } from '../harvest/votes.js'
import {
  noteKey,
  proposalItemKey,
  proposalTitleKey,
  proposalWhatKey,
  type ClothCredits,
  type CountRow,
  type NoteBlock,
  type Summary,
  type SummaryCredit,
  type SummaryEdits,
  type SummaryInput,
  type SummaryKey,
  type SummaryProposal,
  type SummaryProvenance,
  type SummaryTable,
  type Translated,
} from './summary.js'

/** The summary of a café; see summary.ts for what each part means. */
export function buildSummary(input: SummaryInput): Summary {
  const { cafe, edits, harvest } = input
  const title = edits.title?.trim()
  const credits = input.credits ?? { proposals: {}, notes: {} }
  const proposals = harvest ? proposalsOf(cafe, harvest, edits, credits) : []
  return {
    title: title || cafe.settings.topic,
    topic: cafe.settings.topic,
    date: isoDate(cafe.createdAt),
    questions: [...cafe.settings.questions],
    introduction: edits.introduction?.trim() ?? '',
    participants: participantsOf(cafe),
    tables: tablesOf(cafe, input.notes, edits, credits),
    proposals,
    harvested: harvest !== undefined,
    votingStatus: harvest?.votes.status ?? 'not-open',
    dotsPerVoter: harvest?.votes.dotsPerVoter ?? 0,
    // Every dot counts for some item on the list (undoing a merge hands back the dots on it).
    dotsCast: proposals.reduce((sum, proposal) => sum + proposal.dots, 0),
    generatedAt: input.generatedAt,
  }
}

/** The UTC calendar day of a server time, yyyy-mm-dd. */
export function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/** The organisers' translation under `key`, if they typed one (blank counts as none). */
export function translationOf(edits: SummaryEdits, key: SummaryKey): string | undefined {
  // A plain object from the summary document: only its own string entries are translations.
  if (!Object.hasOwn(edits.translations, key)) return undefined
  const value: unknown = edits.translations[key]
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function translated(text: string, key: SummaryKey, edits: SummaryEdits): Translated {
  const translation = translationOf(edits, key)
  return translation === undefined ? { text, key } : { text, translation, key }
}

// ── Participants ─────────────────────────────────────────────────────────────────────────────

function participantsOf(cafe: CafeState): Summary['participants'] {
  const people = Object.values(cafe.people).filter((person) => !person.removed)
  const countries = countRows(people.map((person) => person.country))
  const organisations = countRows(people.map((person) => person.organisation))
  return {
    count: people.length,
    countries: countries.rows,
    organisations: organisations.rows,
    withoutCountry: countries.missing,
    withoutOrganisation: organisations.missing,
  }
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true })
/** 0 for a spelling in mixed case, 1 for one that is all capitals or all small letters. */
const caseRank = (spelling: string): number => (spelling !== spelling.toUpperCase() && spelling !== spelling.toLowerCase() ? 0 : 1)
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Counts what people typed: "Georgia", " georgia " and "GEORGIA" are one row, shown in the
 * spelling most of them used. On a tie, a spelling in mixed case ("Georgia") beats one all in
 * capitals or all in small letters, then the first in code-unit order, so the row never depends
 * on who joined first. Rows by count, most first, then by name.
 */
export function countRows(values: readonly (string | undefined)[]): { rows: CountRow[]; missing: number } {
  const groups = new Map<string, Map<string, number>>()
  let missing = 0
  for (const value of values) {
    const spelling = value?.normalize('NFC').trim().replace(/\s+/g, ' ') ?? ''
    if (spelling === '') {
      missing++
      continue
    }
    const key = spelling.toLowerCase()
    const spellings = groups.get(key) ?? new Map<string, number>()
    spellings.set(spelling, (spellings.get(spelling) ?? 0) + 1)
    groups.set(key, spellings)
  }
  const rows = [...groups.values()].map((spellings): CountRow => {
    const [name] = [...spellings].sort((a, b) => b[1] - a[1] || caseRank(a[0]) - caseRank(b[0]) || byCodeUnits(a[0], b[0]))[0]!
    return { name, count: [...spellings.values()].reduce((sum, n) => sum + n, 0) }
  })
  rows.sort((a, b) => b.count - a.count || byName.compare(a.name, b.name) || byCodeUnits(a.name, b.name))
  return { rows, missing }
}

// ── Tables and their notes ───────────────────────────────────────────────────────────────────

/**
 * How many rounds the café has reached: the running (or paused, ended, rotating) round, or every
 * round it recorded once the harvest began. Nothing in the lobby.
 */
export function roundsReached(cafe: CafeState): number {
  const phase = cafe.phase
  const current = 'round' in phase ? phase.round : 0
  return Math.min(cafe.settings.questions.length, Math.max(current, cafe.history.length))
}

const tableName = (cafe: CafeState, table: number): string => cafe.tables[table]?.name ?? `Table ${table + 1}`

function hostOf(cafe: CafeState, table: number): Person | undefined {
  const hosts = Object.values(cafe.people).filter((person) => person.hostOf === table)
  return hosts.find((person) => !person.removed) ?? hosts[0]
}

/**
 * Each table with its notes for every round reached. A round not reached is shown only if the
 * table wrote something for it anyway (notes of round 1 may be written in the lobby).
 */
function tablesOf(cafe: CafeState, notes: NoteBlock[][][], edits: SummaryEdits, credits: ClothCredits): SummaryTable[] {
  const reached = roundsReached(cafe)
  return cafe.tables.map((_, table): SummaryTable => {
    const host = hostOf(cafe, table)
    const rounds: SummaryTable['rounds'] = []
    for (let round = 1; round <= cafe.settings.questions.length; round++) {
      const blocks = notes[table]?.[round - 1] ?? []
      if (round > reached && blocks.length === 0) continue
      const key = noteKey(table, round)
      const translation = translationOf(edits, key)
      const contributors = creditsOf(cafe, credits.notes, key)
      rounds.push({
        round,
        question: cafe.settings.questions[round - 1] ?? '',
        blocks: blocks.map((block) => ({ ...block })),
        ...(contributors.length > 0 ? { contributors } : {}),
        ...(translation === undefined ? {} : { translation }),
        key,
      })
    }
    return { table, name: tableName(cafe, table), ...(host ? { host: host.name } : {}), rounds }
  })
}

/**
 * The people credited under `key`, by name, each once; ids the café does not know are left out.
 * Removed people keep their credit: their words are still in the notes.
 */
function creditsOf(cafe: CafeState, byKey: Record<string, string[]>, key: string): SummaryCredit[] {
  const ids = Object.hasOwn(byKey, key) && Array.isArray(byKey[key]) ? byKey[key] : []
  return [...new Set(ids)].flatMap((id) => {
    const person = Object.hasOwn(cafe.people, id) ? cafe.people[id] : undefined
    return person ? [{ name: person.name, withoutDevice: person.withoutDevice === true }] : []
  })
}

// ── Proposals ────────────────────────────────────────────────────────────────────────────────

function proposalsOf(cafe: CafeState, harvest: HarvestState, edits: SummaryEdits, credits: ClothCredits): SummaryProposal[] {
  return ranking(harvest).map(({ item, dots, voters, place }) => ({
    key: proposalItemKey(item.key),
    itemKey: item.key,
    place,
    title: translated(item.title, proposalTitleKey(item.key), edits),
    what: translated(item.what, proposalWhatKey(item.key), edits),
    dots,
    voters,
    merged: item.kind === 'merged',
    sources: item.sources.map((source) => provenanceOf(cafe, source, edits, credits)),
  }))
}

/** A table's original: where, when and by whom, with names resolved (unknown people left out). */
function provenanceOf(cafe: CafeState, source: HarvestSource, edits: SummaryEdits, credits: ClothCredits): SummaryProvenance {
  const authors = source.authors.flatMap((id) => {
    const person = Object.hasOwn(cafe.people, id) ? cafe.people[id] : undefined
    return person ? [person.name] : []
  })
  const titleTranslation = translationOf(edits, proposalTitleKey(source.key))
  const whatTranslation = translationOf(edits, proposalWhatKey(source.key))
  const writtenFor = creditsOf(cafe, credits.proposals, source.key)
  return {
    proposalKey: source.key,
    table: source.table,
    tableName: tableName(cafe, source.table),
    round: source.round,
    authors,
    ...(writtenFor.length > 0 ? { writtenFor } : {}),
    title: source.proposal.title,
    what: source.proposal.what,
    who: source.proposal.who,
    when: source.proposal.when,
    ...(titleTranslation === undefined ? {} : { titleTranslation }),
    ...(whatTranslation === undefined ? {} : { whatTranslation }),
  }
}

