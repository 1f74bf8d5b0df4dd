/**
 * The rehearsal's HTTP contract (docs/PROTOCOL.md, "Rehearsal"): the facilitator starts a
 * rehearsal of a café still in its lobby, and resets it afterwards.
 */
import { z } from 'zod'
import { REHEARSAL_GUESTS } from '../cafe/rehearsal.js'

/** Languages the simulated guests can write in (the interface's seven). */
export const REHEARSAL_LANGUAGES = ['en', 'ka', 'ru', 'uk', 'az', 'ro', 'de'] as const
export type RehearsalLanguage = (typeof REHEARSAL_LANGUAGES)[number]

/** Fastest and slowest pace: one sentence per table every `everyMs`. */
export const REHEARSAL_PACE = { defaultMs: 4000, minMs: 200, maxMs: 60_000 } as const

/** `POST /api/cafes/<cafeId>/rehearsal`. Unknown fields are refused. */
export const StartRehearsalBody = z
  .object({
    /** Simulated guests per table (the whole café stays within REHEARSAL_GUESTS.totalMax). */
    perTable: z.number().int().min(1).max(REHEARSAL_GUESTS.perTableMax).optional(),
    /** Milliseconds between two sentences at one table: a few seconds is a person's pace. */
    everyMs: z.number().int().min(REHEARSAL_PACE.minMs).max(REHEARSAL_PACE.maxMs).optional(),
    /** The guests' names and sentences: the facilitator's language, English if absent. */
    language: z.enum(REHEARSAL_LANGUAGES).optional(),
  })
  .strict()
export type StartRehearsalBody = z.infer<typeof StartRehearsalBody>

/** `POST /api/cafes/<cafeId>/rehearsal`: the guests who joined; the café state follows on the socket. */
export interface StartRehearsalResponse {
  guests: number
  everyMs: number
}

/** `DELETE /api/cafes/<cafeId>/rehearsal`: what the reset removed. */
export interface ResetRehearsalResponse {
  /** People removed (simulated and real). */
  people: number
  /** Registration entries kept, each unclaimed again. */
  registrations: number
}
