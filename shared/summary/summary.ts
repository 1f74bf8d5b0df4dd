/**
 * The café's summary as data: what organisers take into Word. Built by a pure function
 * (build.ts) from the café's state, the text of every table's notes, the harvest and the
 * summary document's edits; every download (DOCX, Markdown, HTML, CSV) is written from this one
 * value, so the formats cannot disagree with each other.
 *
 * Translations: the donor's report is often in English while tables wrote in six languages.
 * Any note or proposal can carry an organiser's translation, keyed by its {@link SummaryKey};
 * the downloads show the original with its translation. One key per piece of text, never one
 * key for two texts glued together:
 *
 *   note:<table>:<round>        a table's whole notes of one round          {@link noteKey}
 *   item:<itemKey>:title        a ranked proposal's title                   {@link proposalTitleKey}
 *   item:<itemKey>:what         a ranked proposal's description             {@link proposalWhatKey}
 *
 * `<itemKey>` is a harvest item key: a merge's id, or a table's proposal key `<table>:<id>`. So a
 * table's original inside a merge is translated under its own proposal key, and that translation
 * survives undoing the merge; the merge's own wording has its own keys.
 */

/** Key of something in the summary that can be translated. */
export type SummaryKey = string
/** Notes of table `table` (0-based) in round `round` (1-based). */
export const noteKey = (table: number, round: number): SummaryKey => `note:${table}:${round}`
/** A harvest item (a merged proposal or a table's proposal), by its harvest item key. */
export const proposalItemKey = (itemKey: string): SummaryKey => `item:${itemKey}`
/** Translation of a harvest item's title. */
export const proposalTitleKey = (itemKey: string): SummaryKey => `${proposalItemKey(itemKey)}:title`
/** Translation of a harvest item's description ("what"). */
export const proposalWhatKey = (itemKey: string): SummaryKey => `${proposalItemKey(itemKey)}:what`

/** One block of a table's notes, flattened from the rich text (headings, paragraphs, list items). */
export interface NoteBlock {
  kind: 'heading' | 'paragraph' | 'bullet' | 'ordered'
  /** May hold line breaks ("\n") the table typed inside one block. */
  text: string
  /** List nesting, 0 for a top-level item; absent outside lists. */
  depth?: number
  /** An ordered item's number as the table sees it (the list's start plus its position). */
  number?: number
}

/** Plain text with an optional translation beside it. */
export interface Translated {
  text: string
  /** The organisers' translation, when someone typed one; absent otherwise. */
  translation?: string
  /** Where the summary document keeps its translation. */
  key: SummaryKey
}

/** Someone the table's host (or the facilitator) wrote for, as the server credited them. */
export interface SummaryCredit {
  name: string
  /** Took part without a laptop or phone. */
  withoutDevice: boolean
}

export interface SummaryRoundNotes {
  round: number
  question: string
  blocks: NoteBlock[]
  /** People whose words the host wrote into these notes for them; absent when nobody's were. */
  contributors?: SummaryCredit[]
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
  /** The harvest's key of this table proposal (`<table>:<id>`): its translations' keys derive from it. */
  proposalKey: string
  table: number
  tableName: string
  /** 1-based; 0 when unknown. */
  round: number
  /** Authors' names, creator first. */
  authors: string[]
  /** People the authors wrote it for (someone without a device), in order of credit; absent when nobody. */
  writtenFor?: SummaryCredit[]
  title: string
  what: string
  who: string
  when: string
  /** Organisers' translations of this original (keys {@link proposalTitleKey}/{@link proposalWhatKey} of its proposal key). */
  titleTranslation?: string
  whatTranslation?: string
}

export interface SummaryProposal {
  key: SummaryKey
  /** {@link proposalItemKey} of the harvest item. */
  itemKey: string
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
    /** People in the café, not counting those the facilitator removed. */
    count: number
    /** Most first, then by name; spellings that differ only in case or spaces are one row. */
    countries: CountRow[]
    organisations: CountRow[]
    /** Participants who gave no country (countries' counts plus this is `count`). */
    withoutCountry: number
    withoutOrganisation: number
  }
  tables: SummaryTable[]
  /** Ranked; empty until the harvest has begun (`harvested` false). */
  proposals: SummaryProposal[]
  /** Whether the café reached the harvest, i.e. the proposals were gathered to merge and vote. */
  harvested: boolean
  votingStatus: 'not-open' | 'open' | 'closed'
  /** Dots each participant could place (0 before the harvest). */
  dotsPerVoter: number
  /** Dots placed, all counted on the list (their sum over `proposals`). */
  dotsCast: number
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
  /** Whom the cloths' writers wrote for, as the server credited them (shared/cloth/behalf.ts); none when absent. */
  credits?: ClothCredits
}

/** The server's credits read from the cloths: person ids, in order of credit. */
export interface ClothCredits {
  /** By harvest proposal key `<table>:<proposalId>`: the people the proposal was written for. */
  proposals: Record<string, string[]>
  /** By {@link noteKey}: the people a table's notes of a round were written for. */
  notes: Record<SummaryKey, string[]>
}
