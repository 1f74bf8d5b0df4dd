/**
 * The paper route's part of the HTTP contract (docs/PROTOCOL.md, "Paper"). Kept beside the pack
 * it serves; shared/protocol/http.ts holds the rest of the contract.
 */
import { z } from 'zod'

/**
 * `GET /api/cafes/<cafeId>/paper?base=<url>` (staff): `base` is the join address the facilitator
 * picked on the console; the server uses it only if it is one of its own reachable addresses (or
 * the one the page was opened on), see paper-base.ts.
 */
export const PaperQuery = z.object({ base: z.string().trim().max(300).optional() })
export type PaperQuery = z.infer<typeof PaperQuery>

/** `GET /api/cafes/<cafeId>/paper`: the pack the print page lays out. */
export type PaperResponse = import('./paper-pack.js').PaperPack
