/**
 * The one storage interface. It is asynchronous although SQLite answers synchronously, because
 * the PostgreSQL implementation (for many server processes) will not; callers must not rely on
 * a call finishing in the same tick.
 *
 * Promises the rest of the server builds on:
 * - `appendUpdate` resolves only once the update is durable (WAL + synchronous=FULL for SQLite):
 *   the document hub relays an update to peers only after that, so "seen by anyone" implies "on disk".
 * - `saveCafe` is compare-and-set on `version`, so two writers can never both apply a command.
 */
import type { CafeState, Phase, TokenRole } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import type { Registration } from '../../shared/prep/registration.js'

export interface TokenRecord {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  hash: string
  cafeId: string
  role: TokenRole
  participantId?: string
}

/** One café in the organisers' list: what a glance needs, without loading its whole state. */
export interface CafeListing {
  id: string
  joinCode: string
  topic: string
  createdAt: number
  phase: Phase['kind']
  /** The round running, paused, ended or being rotated from; absent in the lobby, harvest and after. */
  round?: number
  tables: number
  /** Planned rounds (one per question). */
  rounds: number
  /** People who joined and were not removed. */
  participants: number
  /** When the café is deleted for good (ms since 1970), if the organisers set a date. */
  deleteAt?: number
}

/** A café saved as a template, to start new cafés from (its body is a café's creation body). */
export interface StoredTemplate {
  id: string
  name: string
  createdAt: number
  /** JSON of a `CreateCafeBody` (shared/protocol/http.ts), parsed again when used. */
  body: string
}

/** A café restored from an archive (server/archive/import.ts), stored all at once. */
export interface ImportedCafe {
  state: CafeState
  tokens: TokenRecord[]
  /** Each document's whole Yjs state, stored as its first update. */
  documents: { name: string; update: Uint8Array }[]
  /** Stored as version 1. */
  harvest?: HarvestState
}

/** What `resetCafe` stores and keeps (shared/cafe/rehearsal.ts computes the state). */
export interface CafeReset {
  state: CafeState
  expectedVersion: number
  /** Hashes of participant tokens kept though they name a person (registrations' personal codes). */
  keepTokens: string[]
  /** Stored over the café's entries of the same ids. */
  registrations: Registration[]
  /** Ids of entries deleted. */
  dropRegistrations: string[]
}

/** A café's harvest as stored: its state and the version compare-and-set runs on. */
export interface StoredHarvest {
  cafeId: string
  /** 1 when first stored, then one more with every saved change. */
  version: number
  state: HarvestState
}

export interface Storage {
  /** Stores a new café with its first tokens, atomically. Fails if the id or join code is taken. */
  createCafe(state: CafeState, tokens: TokenRecord[]): Promise<void>
  /**
   * Stores a café restored from an archive — state, first tokens, documents and harvest — in one
   * transaction: on any failure nothing of it is stored. Fails if the id or join code is taken.
   */
  importCafe(cafe: ImportedCafe): Promise<void>
  loadCafe(cafeId: string): Promise<CafeState | undefined>
  findCafeIdByJoinCode(joinCode: string): Promise<string | undefined>
  /**
   * Replaces the café's state if its stored version is still `expectedVersion`, and stores the
   * new tokens in the same transaction. Resolves false (and changes nothing) on a version clash.
   */
  saveCafe(state: CafeState, expectedVersion: number, newTokens?: TokenRecord[]): Promise<boolean>
  findToken(hash: string): Promise<TokenRecord | undefined>
  /** Stores more tokens for an existing café (a participant continuing on another device). */
  addTokens(tokens: TokenRecord[]): Promise<void>
  /**
   * Deletes every token of this role in the café and stores `replacements`, in one transaction
   * (a facilitator who lost their link gets a new one; all the old ones stop working).
   */
  revokeTokens(cafeId: string, role: TokenRole, replacements?: TokenRecord[]): Promise<void>
  /**
   * Resets a rehearsed café (server/rehearsal), in one transaction, if its stored version is
   * still `expectedVersion` (else false and nothing changes): stores the state after the reset,
   * deletes every document named `<cafeId>/…` (updates and snapshots) and the harvest, deletes
   * every participant token that names a person (joins, other devices, personal rejoin codes)
   * except `keepTokens` (registrations' printed personal codes), stores `registrations` over the
   * café's entries (its claims released) and deletes `dropRegistrations`. Staff tokens stay.
   */
  resetCafe(reset: CafeReset): Promise<boolean>
  /** Ids of the cafés currently in this phase (e.g. 'running', to re-arm round timers). */
  listCafeIdsInPhase(kind: Phase['kind']): Promise<string[]>
  /** Every café on this server, newest first (the organisers' list). */
  listCafes(): Promise<CafeListing[]>
  /**
   * Deletes a café and everything of it — state, tokens, harvest, and every document whose name
   * starts with `<cafeId>/` (updates and snapshots) — in one transaction. Resolves whether the
   * café was there.
   */
  deleteCafe(cafeId: string): Promise<boolean>

  /** Appends one Yjs update to a document's log; resolves once it is durable. */
  appendUpdate(document: string, update: Uint8Array): Promise<void>
  /** Everything stored for a document: the snapshot (if any) first, then the updates after it, in order. */
  loadDocument(document: string): Promise<Uint8Array[]>
  /** Number of updates appended since the last snapshot. */
  countPendingUpdates(document: string): Promise<number>
  /** Merges the snapshot and the updates into a new snapshot; readers never see a half-done merge. */
  compactDocument(document: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<void>
  /**
   * Replaces everything stored for a document (snapshot and updates) by this one state, in one
   * transaction: its history goes, so text deleted from the document cannot be read back (the
   * state must come from a garbage-collecting Y.Doc, which keeps no deleted content).
   */
  replaceDocument(document: string, state: Uint8Array): Promise<void>

  /** The café's harvest, if it has one. */
  loadHarvest(cafeId: string): Promise<StoredHarvest | undefined>
  /**
   * Stores the café's harvest as version `expectedVersion + 1` if its stored version is still
   * `expectedVersion` (0: there is none yet). Resolves false (and changes nothing) on a clash.
   */
  saveHarvest(cafeId: string, state: HarvestState, expectedVersion: number): Promise<boolean>

  /**
   * Stores registration-list entries (new or changed, by id) and tokens (their personal codes'
   * hashes) in one transaction: on any failure none of them is stored.
   */
  saveRegistrations(cafeId: string, registrations: Registration[], tokens?: TokenRecord[]): Promise<void>
  /** The café's registration list, in the order entries were first stored. */
  listRegistrations(cafeId: string): Promise<Registration[]>
  /** Deletes these entries (all when `ids` is absent) of the café. */
  deleteRegistrations(cafeId: string, ids?: string[]): Promise<void>

  saveTemplate(template: StoredTemplate): Promise<void>
  /** Every template, newest first. */
  listTemplates(): Promise<StoredTemplate[]>
  loadTemplate(id: string): Promise<StoredTemplate | undefined>
  deleteTemplate(id: string): Promise<boolean>

  /** Sets (or, with undefined, clears) when the café is deleted for good; false if there is no such café. */
  setDeleteAt(cafeId: string, deleteAt: number | undefined): Promise<boolean>
  /** Ids of the cafés whose deletion time is at or before `now`. */
  cafesDueForDeletion(now: number): Promise<string[]>

  /**
   * Makes what was deleted or overwritten unreadable from the store's files: deleted content is
   * already zeroed as it goes (SQLite's secure_delete); this moves the write-ahead log into the
   * database and truncates it, and rebuilds the database file without free pages.
   */
  scrub(): Promise<void>

  /** A consistent copy of the whole store, taken while the server keeps running. */
  backup(destination: string): Promise<void>
  close(): Promise<void>
}
