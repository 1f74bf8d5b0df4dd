/**
 * The shape of a table's cloth: the Yjs document `<cafeId>/table/<n>` that every group sitting
 * at that table writes together, round after round.
 *
 *   notes-r<k>   Y.XmlFragment  the rich-text notes of round k (Tiptap / ProseMirror), one per round
 *   proposals    Y.Array<Y.Map> the table's proposals, in the order the table arranged them
 *   provenance   Y.Map          written by the server only: where each proposal came from
 *   credits      Y.Map          written by the server only: `notes-r<k>` → ids of the people a host
 *                               (or the facilitator) wrote round k's notes for (shared/cloth/behalf.ts)
 *
 * A proposal map holds what people type (`id`, `title`, `what`, `who`, `when`, strings) and
 * `round` (number): the round its writer was in when they created it — a proposal written
 * offline may reach the server a round later; the server keeps the claim only if the writer
 * really sat at this table in that round. It may also hold `for` (string): the id of the person
 * the writer wrote it for (someone without a device); the server credits them in `provenance`
 * only if the writer may speak for them.
 * Where it came from — table, round, who created it and who edited it — is kept apart in
 * `provenance`, keyed by the proposal's id, and only the server writes there, from the token of
 * whoever sent the edit: a client can neither forge nor erase it (the server refuses and closes
 * a connection whose update touches `provenance`).
 */

/** Root name of round k's notes (k from 1). */
export const notesField = (round: number): string => `notes-r${round}`
export const PROPOSALS_FIELD = 'proposals'
export const PROVENANCE_FIELD = 'provenance'
/** Root of the server's record of whom each round's notes were written for (shared/cloth/behalf.ts). */
export const CREDITS_FIELD = 'credits'
/** Root types no client may write. */
export const SERVER_ONLY_FIELDS: readonly string[] = [PROVENANCE_FIELD, CREDITS_FIELD]

/** Key of a proposal's map naming the person it was written for (a person id). */
export const PROPOSAL_FOR_KEY = 'for'

/** The fields people type into a proposal, in the order the form shows them. */
export const PROPOSAL_TEXT_FIELDS = ['title', 'what', 'who', 'when'] as const
export type ProposalTextField = (typeof PROPOSAL_TEXT_FIELDS)[number]

/** A proposal as people see it: what they typed, plus the server's record of where it came from. */
export interface Proposal {
  id: string
  title: string
  what: string
  who: string
  when: string
}

/** The server's record of a proposal's origin (a plain JSON value in `provenance`). */
export interface ProposalProvenance {
  /** 0-based table index the proposal was written at. */
  table: number
  /** Round in which it was created (1-based). */
  round: number
  /** Person who created it. */
  createdBy: string
  /** Everyone who created or edited it, in order of first contribution. */
  authors: string[]
  /** Server time when the server first saw it. */
  createdAt: number
  /**
   * People it was written for — people without a device for whom the table's host (or the
   * facilitator) wrote — in order of first credit; absent when nobody was.
   */
  onBehalfOf?: string[]
}
