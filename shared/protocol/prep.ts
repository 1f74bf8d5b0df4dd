/**
 * The HTTP contract of the preparation (docs/PROTOCOL.md, "Preparation"): the registration list
 * and templates. Bodies are zod schemas parsed at the edge (server/prep/routes.ts).
 */
import { z } from 'zod'
import type { Registration } from '../prep/registration.js'
import type { RowProblem } from '../prep/registrations-csv.js'
import { CreateCafeBody } from './http.js'

/**
 * `POST /api/cafes/<cafeId>/registrations` as JSON (the same route also takes the file itself as
 * `text/csv`). Without `skipUnreadable`, a file with any unreadable row stores nothing and answers
 * the report (check, then import): with it, the readable rows are stored, all in one transaction.
 */
export const ImportRegistrationsBody = z.object({
  // Generous here so that a file just over 1 MB gets the reader's own clear answer (csv_too_large);
  // the body limit (3 MB) still bounds what is read at all.
  csv: z.string().max(3_000_000),
  skipUnreadable: z.boolean().optional(),
})
export type ImportRegistrationsBody = z.infer<typeof ImportRegistrationsBody>

/** The staff's view of the list: every entry as stored (names, codes, e-mails, pre-assignments). */
export interface RegistrationsResponse {
  registrations: Registration[]
}

/** `201` of an import: how many entries were added, and the rows that were left out, by line. */
export interface ImportRegistrationsResponse extends RegistrationsResponse {
  imported: number
  problems: RowProblem[]
}

/**
 * `422 unreadable_rows`: nothing was stored; `problems` are the rows that could not be read, by
 * line, and `readable` how many would be imported with `skipUnreadable`.
 */
export interface UnreadableRowsBody {
  error: { code: 'unreadable_rows'; message: string }
  problems: RowProblem[]
  readable: number
}

/** `PATCH /api/cafes/<cafeId>/registrations/<id>`: a 0-based table to pre-assign, or null to clear. */
export const PatchRegistrationBody = z
  .object({
    hostOf: z.number().int().min(0).max(199).nullable(),
    table: z.number().int().min(0).max(199).nullable(),
  })
  .partial()
  .strict()
export type PatchRegistrationBody = z.infer<typeof PatchRegistrationBody>

/** `POST /api/cafes/<cafeId>/template`. */
export const SaveTemplateBody = z.object({ name: z.string().trim().min(1).max(80) })
export type SaveTemplateBody = z.infer<typeof SaveTemplateBody>

/** A saved café to start from: its creation body (topic, questions, tables, minutes, ask), no people. */
export interface CafeTemplate {
  id: string
  name: string
  createdAt: number
  cafe: CreateCafeBody
}

/** `GET /api/templates`: newest first. */
export interface TemplatesResponse {
  templates: CafeTemplate[]
}

/** A stored template's body, read again through the creation schema (older ones may not fit any more). */
export function templateCafe(body: string): CreateCafeBody | undefined {
  try {
    const parsed = CreateCafeBody.safeParse(JSON.parse(body))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
