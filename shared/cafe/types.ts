/**
 * The café as data. Everything the server must remember about a running café (apart from the
 * cloths, which are Yjs documents, and the tokens, which are stored as hashes) lives in one
 * `CafeState` value, so that a command is a pure function from one state to the next and the
 * whole value can be stored after each command and restored exactly after a restart.
 */

/** Who holds a token. A table host is a participant with `hostOf` set, not a role of its own token. */
export type TokenRole = 'facilitator' | 'organiser' | 'participant'

/** The role a command is checked against: `host` is derived from the café's state. */
export type Role = 'facilitator' | 'organiser' | 'host' | 'participant' | 'system'

/** Index of a table in `CafeState.tables` (0-based; shown to people as n + 1). */
export type TableIndex = number

export interface Person {
  id: string
  name: string
  country?: string
  organisation?: string
  language?: string
  /** Table this person hosts for the whole café, if any. */
  hostOf?: TableIndex
  /** Set when the facilitator removed the person; kept so provenance still resolves. */
  removed?: boolean
  /**
   * Set when the person's name was erased (server/privacy): `name` then holds a neutral stand-in
   * and every document, export and the store itself no longer holds the old name.
   */
  erased?: boolean
  /** Joined under a name they chose instead of their own (the join screen offers it). */
  pseudonym?: boolean
  /** Takes part without a laptop or phone: added by the facilitator or a host, who writes for them. */
  withoutDevice?: boolean
  /** A simulated participant of the rehearsal mode; gone when the rehearsal is reset. */
  simulated?: boolean
  /** The registration-list entry this person claimed when they picked their name (server/prep). */
  registrationId?: string
  joinedAt: number
}

export interface CafeTable {
  name: string
}

/** personId → table, for one round. */
export type Seating = Record<string, TableIndex>

export type Phase =
  | { kind: 'lobby' }
  | { kind: 'running'; round: number; endsAt: number }
  | { kind: 'paused'; round: number; remainingMs: number }
  | { kind: 'ended'; round: number; endedAt: number; reason: 'timer' | 'facilitator' }
  | { kind: 'rotating'; round: number; plan: Seating }
  | { kind: 'harvest' }
  | { kind: 'closed' }

export interface CafeSettings {
  topic: string
  /** One question per round; its length is the number of rounds. */
  questions: string[]
  roundMinutes: number
  /** Optional join fields the facilitator turned on. */
  ask: { country: boolean; organisation: boolean; language: boolean }
}

export interface CafeState {
  id: string
  joinCode: string
  createdAt: number
  settings: CafeSettings
  tables: CafeTable[]
  people: Record<string, Person>
  /** Where everyone sits now (during the lobby: where they will sit in round 1). */
  seating: Seating
  /** Seating of each finished or running round, index 0 = round 1; feeds the rotation planner. */
  history: Seating[]
  /**
   * Every table each person has been seated at, lobby and mid-round moves included (history
   * keeps only where they ended a round). Whoever sat at a table may still deliver the edits
   * they made there offline: nothing written at a table is lost.
   */
  sittings: Record<string, TableIndex[]>
  phase: Phase
  /**
   * On while the facilitator rehearses the café with simulated participants (server/rehearsal);
   * resetting brings the café back to its lobby with its settings, tables and registrations.
   */
  rehearsal?: boolean
  /** Increases by one with every applied command; used for optimistic concurrency in storage. */
  version: number
}

/** The caller of a command, as the server authenticated it (never as the client claims). */
export interface Actor {
  role: TokenRole | 'system'
  personId?: string
}
