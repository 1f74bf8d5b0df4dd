/**
 * The downloads' own words, shared by every writer so a Word file and a CSV say the same thing
 * the same way. English: the downloads are the organisers' material for a donor's report, and
 * the tables' own words stay in their languages beside any translation.
 */
import type { CountRow, Summary, SummaryCredit, SummaryProposal, SummaryProvenance, SummaryRoundNotes } from './summary.js'

export const LABELS = {
  topic: 'Topic',
  date: 'Date',
  questions: 'Questions',
  round: 'Round',
  participants: 'Participants',
  countries: 'Countries',
  organisations: 'Organisations',
  ranked: 'Ranked proposals',
  tables: 'Tables',
  host: 'Host',
  translation: 'Translation',
  noNotes: 'No notes were written in this round.',
  place: 'Place',
  proposal: 'Proposal',
  dots: 'Dots',
  voters: 'Voters',
  fromTables: 'From tables',
  sources: 'Where it came from',
  who: 'Who',
  when: 'By when',
  generated: 'Generated',
} as const

/** One sentence on where voting stands, so a list without dots is not read as a result. */
export function votingSentence(s: Summary): string {
  if (!s.harvested) return 'The harvest has not begun: proposals have not been gathered, merged or voted on yet.'
  switch (s.votingStatus) {
    case 'not-open':
      return 'Voting has not opened: the proposals are listed in board order, without dots.'
    case 'open':
      return `Voting is still open (${s.dotsPerVoter} dots each, ${s.dotsCast} placed so far): the ranking may change.`
    case 'closed':
      return `Voting closed with ${s.dotsCast} dots placed (${s.dotsPerVoter} dots each).`
  }
}

/** "40 participants", with "1 participant" for one. */
export function participantsSentence(s: Summary): string {
  return `${s.participants.count} ${s.participants.count === 1 ? 'participant' : 'participants'}`
}

/** "Georgia 12, Ukraine 9 (3 not given)"; "none given" when nobody said. */
export function countRowsLine(rows: readonly CountRow[], missing: number): string {
  const listed = rows.map((row) => `${row.name} ${row.count}`).join(', ')
  if (listed === '') return missing > 0 ? 'none given' : '—'
  return missing > 0 ? `${listed} (${missing} not given)` : listed
}

/** "Table 2 Kutaisi", or just "Table 2" when the table kept its default name. */
export function tableLabel(table: number, name: string): string {
  const number = `Table ${table + 1}`
  return name.trim() === '' || name.trim() === number ? number : `${number} ${name.trim()}`
}

/** "Nino (without a device)", or just the name of someone who had one. */
export function creditedName(credit: SummaryCredit): string {
  return credit.withoutDevice ? `${credit.name} (without a device)` : credit.name
}

/**
 * "Table 2 Kutaisi, round 1, by Giorgi, Olena": where one original came from; "…, written by
 * Giorgi for Nino (without a device)" when its authors wrote it for someone.
 */
export function provenanceLine(source: SummaryProvenance): string {
  const parts = [tableLabel(source.table, source.tableName), source.round > 0 ? `round ${source.round}` : 'round not recorded']
  const credited = (source.writtenFor ?? []).map(creditedName).join(', ')
  const by =
    credited !== ''
      ? `, written ${source.authors.length > 0 ? `by ${source.authors.join(', ')} ` : ''}for ${credited}`
      : source.authors.length > 0
        ? `, by ${source.authors.join(', ')}`
        : ''
  return `${parts.join(', ')}${by}`
}

/** "With contributions from Nino (without a device)", or '' when the host wrote for nobody in this round. */
export function contributorsLine(round: SummaryRoundNotes): string {
  const names = (round.contributors ?? []).map(creditedName)
  return names.length > 0 ? `With contributions from ${names.join(', ')}` : ''
}

/** The distinct tables a proposal came from, in the order of its sources. */
export function sourceTables(proposal: SummaryProposal): string[] {
  const seen = new Map<number, string>()
  for (const source of proposal.sources) if (!seen.has(source.table)) seen.set(source.table, tableLabel(source.table, source.tableName))
  return [...seen.values()]
}

/** The distinct rounds a proposal's originals were written in, ascending (0 = not recorded). */
export function sourceRounds(proposal: SummaryProposal): number[] {
  return [...new Set(proposal.sources.map((source) => source.round))].sort((a, b) => a - b)
}

/**
 * Everyone who wrote any of a proposal's originals, each once, in order of first appearance; the
 * people they were written for follow their writers, marked: "Giorgi", "for Nino (without a device)".
 */
export function sourceAuthors(proposal: SummaryProposal): string[] {
  return [
    ...new Set(
      proposal.sources.flatMap((source) => [...source.authors, ...(source.writtenFor ?? []).map((c) => `for ${creditedName(c)}`)]),
    ),
  ]
}

/** Whether the proposal's list entry simply is its one original, so the writers need not repeat it. */
export function isOwnOriginal(proposal: SummaryProposal): boolean {
  const only = proposal.sources[0]
  return !proposal.merged && proposal.sources.length === 1 && only !== undefined && only.title === proposal.title.text && only.what === proposal.what.text
}

/** When the summary was made, as UTC "yyyy-mm-dd hh:mm UTC". */
export function generatedLine(s: Summary): string {
  return `${new Date(s.generatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
