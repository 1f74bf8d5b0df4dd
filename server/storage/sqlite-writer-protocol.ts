/**
 * The messages between the server thread and the SQLite writer thread (sqlite-writer.ts): each
 * write by name with its arguments, answered in the order asked. Values cross by structured
 * clone; an error crosses as its name, message and SQLite code, because storage-health.ts tells
 * a full disk from a held lock by that code.
 */
import Database from 'better-sqlite3'
import type { CafeState, TokenRole } from '../../shared/cafe/types.js'
import type { HarvestState } from '../../shared/harvest/harvest-state.js'
import type { Registration } from '../../shared/prep/registration.js'
import type { CafeReset, ImportedCafe, StoredTemplate, TokenRecord } from './storage.js'

/** What the writer thread is started with (its workerData). */
export interface WriterSetup {
  file: string
  /** `PRAGMA max_page_count` on the writing connection (see SqliteOptions.maxPages). */
  maxPages?: number
}

export interface Durability {
  journalMode: string
  /** 2 = FULL: the WAL is synced on every commit. */
  synchronous: number
}

export interface AppendedUpdate {
  document: string
  data: Uint8Array
}

/** Every call the writer thread answers, by name: the store's writes plus a few of its own. */
export interface Writes {
  createCafe(state: CafeState, tokens: TokenRecord[]): void
  importCafe(cafe: ImportedCafe): void
  /**
   * The state comes as its JSON, made on the server thread: a string crosses as one copy, where a
   * whole café's object graph would be cloned over and then serialised here all the same.
   */
  saveCafe(state: { id: string; version: number; json: string }, expectedVersion: number, tokens: TokenRecord[]): boolean
  addTokens(tokens: TokenRecord[]): void
  revokeTokens(cafeId: string, role: TokenRole, replacements: TokenRecord[]): void
  resetCafe(reset: CafeReset): boolean
  deleteCafe(cafeId: string): boolean
  /** Consecutive calls are committed in one transaction (group commit). */
  appendUpdates(updates: AppendedUpdate[]): void
  /**
   * Stores a merge the server thread made of the document's snapshot (the one with
   * `last_update = base`, 0 for none) and its updates up to `lastId` — unless a merge, a
   * replacement or a deletion changed the document since it was read (false: nothing stored).
   */
  storeMerge(document: string, merged: Uint8Array, base: number, lastId: number): boolean
  replaceDocument(document: string, state: Uint8Array): void
  saveHarvest(cafeId: string, state: HarvestState, expectedVersion: number): boolean
  saveRegistrations(cafeId: string, registrations: Registration[], tokens: TokenRecord[]): void
  deleteRegistrations(cafeId: string, ids: string[] | undefined): void
  saveTemplate(template: StoredTemplate): void
  deleteTemplate(id: string): boolean
  setDeleteAt(cafeId: string, deleteAt: number | null): boolean
  scrub(): void
  backup(destination: string): Promise<void>
  durability(): Durability
  /** Nothing: answered once every call asked before it is answered. */
  drained(): void
}

export type WriteName = keyof Writes

export type WriteRequest = { [K in WriteName]: { id: number; op: K; args: Parameters<Writes[K]> } }[WriteName]

/** What the server thread sends: requests, then once `close` (the thread closes its connection and ends). */
export type WriterMessage = WriteRequest | { op: 'close' }

export interface CrossedError {
  name: string
  message: string
  code?: string
}

/** One answer for one or more requests (a group commit answers all its appends at once). */
export type WriteReply = { ids: number[]; ok: true; value: unknown } | { ids: number[]; ok: false; error: CrossedError }

export function crossed(err: unknown): CrossedError {
  const e = err instanceof Error ? err : new Error(String(err))
  const code = (err as { code?: unknown } | null)?.code
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) }
}

/** The writer's error as the store's callers know it: a SqliteError with its code, as better-sqlite3 throws on this thread. */
export function uncrossed(error: CrossedError): Error {
  if (error.code?.startsWith('SQLITE_')) return new Database.SqliteError(error.message, error.code)
  const err = new Error(error.message)
  err.name = error.name
  if (error.code) (err as Error & { code?: string }).code = error.code
  return err
}
