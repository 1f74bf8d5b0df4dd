/**
 * `POST /api/cafes/<cafeId>/rehearsal` starts a rehearsal, `DELETE` resets it (docs/PROTOCOL.md,
 * "Rehearsal"). Facilitator tokens of the café only: an organiser watches, a participant joins.
 * HTTP rather than a café command because a reset deletes far more than the café's state.
 */
import express, { type Request, type Response, type Router } from 'express'
import { StartRehearsalBody } from '../../shared/protocol/rehearsal.js'
import type { Storage } from '../storage/storage.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { parseBody, sendError } from '../http/errors.js'
import type { Rehearsals } from './rehearsals.js'

/** HTTP status of each refusal; anything else is a 409 conflict. */
const statusOf: Record<string, number> = { unknown_cafe: 404, no_tables: 409 }

export function rehearsalRoutes(deps: { storage: Storage; rehearsals: Rehearsals }): Router {
  const { storage, rehearsals } = deps
  const router = express.Router()
  const json = express.json({ limit: '4kb', strict: true })

  /** The café's facilitator, or an answer already sent. */
  async function facilitator(req: Request, res: Response): Promise<string | undefined> {
    const holder = await authenticate(storage, bearerToken(req.get('authorization')))
    const cafeId = req.params.cafeId
    if (!holder) return void sendError(res, 401, 'unauthorized', 'a valid bearer token is needed')
    if (holder.cafeId !== cafeId || holder.role !== 'facilitator') {
      return void sendError(res, 403, 'forbidden', 'only this café’s facilitator can rehearse it')
    }
    return cafeId
  }

  router.post('/api/cafes/:cafeId/rehearsal', json, async (req, res) => {
    const cafeId = await facilitator(req, res)
    if (!cafeId) return
    // An empty body is a rehearsal with every default; a body in another type than JSON was not
    // read, and is refused rather than taken for an empty one.
    const sent = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0
    if (req.body === undefined && sent) return sendError(res, 400, 'bad_request', 'the request body is not JSON: send it as application/json')
    const body = parseBody(StartRehearsalBody, req.body ?? {}, res)
    if (!body) return
    const result = await rehearsals.start(cafeId, body)
    if (!result.ok) return sendError(res, statusOf[result.code] ?? 409, result.code, result.message)
    res.status(201).json(result.value)
  })

  router.delete('/api/cafes/:cafeId/rehearsal', async (req, res) => {
    const cafeId = await facilitator(req, res)
    if (!cafeId) return
    const result = await rehearsals.reset(cafeId)
    if (!result.ok) return sendError(res, statusOf[result.code] ?? 409, result.code, result.message)
    res.json(result.value)
  })

  return router
}
