/**
 * The HTTP contract: request bodies as zod schemas (parsed at the edge, see server/http) and
 * response bodies as types. docs/PROTOCOL.md documents each route.
 */
import { z } from 'zod'
import type { Phase, TokenRole } from '../cafe/types.js'

const text = (max: number) => z.string().trim().min(1).max(max)

export const CreateCafeBody = z.object({
  topic: text(200),
  questions: z.array(text(500)).min(1).max(12),
  tables: z.number().int().min(1).max(200),
  roundMinutes: z.number().int().min(1).max(240),
  tableNames: z.array(z.string().trim().max(60)).max(200).optional(),
  ask: z
    .object({ country: z.boolean(), organisation: z.boolean(), language: z.boolean() })
    .partial()
    .optional(),
})
export type CreateCafeBody = z.infer<typeof CreateCafeBody>

export interface CreateCafeResponse {
  cafeId: string
  joinCode: string
  facilitatorToken: string
  organiserToken: string
}

export const JoinBody = z
  .object({
    /** Needed unless `registrationId` is given (the name then comes from the registration list). */
    name: text(80).optional(),
    country: z.string().trim().max(60).optional(),
    organisation: z.string().trim().max(120).optional(),
    language: z.string().trim().max(35).optional(),
    /** The registration-list entry the person picked as theirs (`CafeLobbyInfo.registrations`). */
    registrationId: z.string().min(1).max(64).optional(),
    /** 0-based table to sit at (a table card's QR code, `/join/CODE?table=N` with N = table + 1). */
    table: z.number().int().min(0).max(199).optional(),
    /** The name is a pseudonym the person chose; marked so (`Person.pseudonym`). */
    pseudonym: z.boolean().optional(),
  })
  .refine((b) => b.name !== undefined || b.registrationId !== undefined, { message: 'a name or a registrationId is needed', path: ['name'] })
export type JoinBody = z.infer<typeof JoinBody>

export interface JoinResponse {
  cafeId: string
  participantId: string
  token: string
  /** 0-based table index; shown to people as table + 1. */
  table: number
  tableName: string
  /** Name of the table's cloth document on the Yjs endpoint. */
  document: string
  /** Short personal code (XXXX-XXXX) to continue as the same person on another device. */
  rejoinCode: string
}

export const RejoinBody = z.object({ code: z.string().trim().min(1).max(20) })
export type RejoinBody = z.infer<typeof RejoinBody>

/** What the join screen may know before anyone joins: nothing private. */
export interface CafeLobbyInfo {
  cafeId: string
  topic: string
  ask: { country: boolean; organisation: boolean; language: boolean }
  /** Registration-list entries nobody claimed yet, for people to pick their own name: id and name only. */
  registrations: { id: string; name: string }[]
  /** When the café is deleted for good (ms since 1970), if the organisers set a date. */
  deleteAt?: number
}

/** `GET /api/me`: who a token belongs to. */
export interface MeResponse {
  cafeId: string
  role: TokenRole
  participantId?: string
}

export interface HealthResponse {
  ok: true
  version: string
  /** Which server process answered (TABLECLOTH_NODE). */
  node: string
}

/** `GET /api/addresses`: the addresses other laptops can reach this server on, best first. */
export interface AddressesResponse {
  urls: string[]
}

/**
 * `POST /api/cafes/<cafeId>/facilitator-links`: a new facilitator token. Asked with a
 * facilitator's token it is one more (a co-facilitator); asked with the organiser's token it
 * replaces every earlier facilitator token (a facilitator who lost their link).
 */
export interface FacilitatorLinkResponse {
  facilitatorToken: string
  /** True when every earlier facilitator token stopped working. */
  replaced: boolean
}

/** One café in the organisers' list (`GET /api/organiser/cafes`). */
export interface OrganiserCafe {
  cafeId: string
  joinCode: string
  topic: string
  /** Server time the café was created (ms since 1970). */
  createdAt: number
  phase: Phase['kind']
  /** The current round while rounds are on (1-based); absent in the lobby, harvest and after. */
  round?: number
  tables: number
  rounds: number
  /** People who joined and were not removed. */
  participants: number
  /** When the café is deleted for good (ms since 1970), if the organisers set a date. */
  deleteAt?: number
}

/**
 * `PUT /api/cafes/<cafeId>/deletion` (the café's organiser token or the server's organiser key):
 * when the café is deleted for good, or null for never. A time already past is refused.
 */
export const SetDeletionBody = z.strictObject({ deleteAt: z.number().int().min(0).max(8.64e15).nullable() })
export type SetDeletionBody = z.infer<typeof SetDeletionBody>

/** The answer to `PUT /api/cafes/<cafeId>/deletion`: the deletion time now set. */
export interface DeletionResponse {
  deleteAt: number | null
}

/**
 * `DELETE /api/cafes/<cafeId>/people/<personId>` (the café's facilitator or organiser, or the
 * server's organiser key): the person is erased; `name` is the stand-in shown from now on.
 */
export interface ErasePersonResponse {
  personId: string
  name: string
}

/** `GET /api/organiser/cafes` (the server's organiser key only): every café, newest first. */
export interface OrganiserCafesResponse {
  cafes: OrganiserCafe[]
}

/**
 * `POST /api/cafes/<cafeId>/organiser-links` (the server's organiser key only): one more organiser
 * token for this café, so the organisers' area can open the café's own pages.
 */
export interface OrganiserLinkResponse {
  organiserToken: string
}

/** `GET /api/cafes/<cafeId>/summary`: the café's summary as data, the same value every download is written from. */
export type SummaryResponse = import('../summary/summary.js').Summary

/** `POST /api/cafes/import`: the body is a café archive (shared/archive/archive.ts, parsed there with zod). */
export type ImportCafeBody = import('../archive/archive.js').CafeArchive

/** `POST /api/cafes/import`: the restored café, new id, join code and staff tokens, as if just created. */
export type ImportCafeResponse = CreateCafeResponse
