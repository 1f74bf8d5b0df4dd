/**
 * The café's summary as data: what organisers take into Word. Built by a pure function
 * (build.ts) from the café's state, the text of every table's notes, the harvest and the
 * summary document's edits; every download (DOCX, Markdown, HTML, CSV) is written from this one
 * value, so the formats cannot disagree with each other.
 *
 * Translations: the donor's report is often in English while tables wrote in six languages.
 * Any note or proposal can carry an organiser's translation, keyed by its {@link SummaryKey};
 * the downloads show the original with its translation.
 */

/** Key of something in the summary that can be translated. */
export type SummaryKey = string
/** Notes of table `table` (0-based) in round `round` (1-based). */
export const noteKey = (table: number, round: number): SummaryKey => `note:${table}:${round}`
/** A harvest item (a merged proposal or a table's proposal), by its harvest item key. */
export const proposalItemKey = (itemKey: string): SummaryKey => `item:${itemKey}`

/** One block of a table's notes, flattened from the rich text (headings, paragraphs, list items). */
export interface NoteBlock {
  kind: 'heading' | 'paragraph' | 'bullet' | 'ordered'
  text: string
}

/** Plain text with an optional translation beside it. */
export interface Translated {
  text: string
  /** The organisers' translation, when someone typed one; absent otherwise. */
  translation?: string
}

export interface SummaryRoundNotes {
  round: number
  question: string
  blocks: NoteBlock[]
  /** Organisers' translation of the whole round's notes at this table (key {@link noteKey}). */
  translation?: string
  key: SummaryKey
}

export interface SummaryTable {
  /** 0-based. */
  table: number
  name: string
  /** Name of the table's host, if it had one. */
  host?: string
  rounds: SummaryRoundNotes[]
}

/** Where a proposal on the ranked list came from: one table's original, as written. */
export interface SummaryProvenance {
  table: number
  tableName: string
  /** 1-based; 0 when unknown. */
  round: number
  /** Authors' names, creator first. */
  authors: string[]
  title: string
  what: string
  who: string
  when: string
}

export interface SummaryProposal {
  key: SummaryKey
  /** 1-based; equal dots share a place. Proposals without dots come last, in board order. */
  place: number
  title: Translated
  what: Translated
  dots: number
  voters: number
  merged: boolean
  sources: SummaryProvenance[]
}

export interface CountRow {
  name: string
  count: number
}

export interface Summary {
  /** Editable in the summary document; the café's topic until someone changes it. */
  title: string
  topic: string
  /** The café's date (ISO yyyy-mm-dd, from its creation time). */
  date: string
  questions: string[]
  /** The organisers' own words above the results (from the summary document); '' if none. */
  introduction: string
  participants: {
    count: number
    countries: CountRow[]
    organisations: CountRow[]
  }
  tables: SummaryTable[]
  proposals: SummaryProposal[]
  votingStatus: 'not-open' | 'open' | 'closed'
  /** Server time the summary was built. */
  generatedAt: number
}

/** What the summary document (Yjs `<cafeId>/summary`) adds to the café's state. */
export interface SummaryEdits {
  title?: string
  introduction?: string
  /** SummaryKey → translation text. */
  translations: Record<SummaryKey, string>
}

/** Everything the summary is built from (build.ts); the server gathers it, nothing here does I/O. */
export interface SummaryInput {
  cafe: import('../cafe/types.js').CafeState
  /** Each table's notes per round, flattened (notes.ts): `notes[table][round - 1]`; missing = none written. */
  notes: NoteBlock[][][]
  /** The harvest, once the café reached it. */
  harvest?: import('../harvest/harvest-state.js').HarvestState
  edits: SummaryEdits
  generatedAt: number
}
