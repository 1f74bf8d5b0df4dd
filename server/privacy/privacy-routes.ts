/**
 * The routes of a café's data (docs/PROTOCOL.md, "Their data"):
 * - `DELETE /api/cafes/<cafeId>/people/<personId>`: erases a person (erase-person.ts) — the
 *   café's facilitator or organiser, or the server's organiser key;
 * - `PUT /api/cafes/<cafeId>/deletion`: when the café is deleted for good — its organisers or
 *   the server's organiser key only: the archive is theirs, not the facilitator's.
 * Express 5 passes a rejected handler's error on to the error handler (a generic 500).
 */
import express, { type Request, type Response, type Router } from 'express'
import { SetDeletionBody, type DeletionResponse, type ErasePersonResponse } from '../../shared/protocol/http.js'
import type { Storage } from '../storage/storage.js'
import type { Cafes } from '../cafes/cafes.js'
import type { StaffAuth } from '../http/staff-auth.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { parseBody, sendError } from '../http/errors.js'
import type { Erase } from './erase-person.js'

export interface PrivacyRoutesOptions {
  storage: Storage
  cafes: Pick<Cafes, 'load'>
  staffAuth: StaffAuth
  erase: Erase
  now?: () => number
}

export function privacyRoutes(options: PrivacyRoutesOptions): Router {
  const { storage, cafes, staffAuth, erase } = options
  const now = options.now ?? Date.now
  const router = express.Router()
  const json = express.json({ limit: '64kb', strict: true })

  /** 401 for no or an unknown token, 403 for a token that may not; false once answered. */
  async function refuse(req: Request, res: Response, who: string): Promise<false> {
    const holder = await authenticate(storage, bearerToken(req.get('authorization')))
    if (holder) sendError(res, 403, 'forbidden', `only ${who} may do this`)
    else sendError(res, 401, 'unauthorized', 'a valid bearer token is needed')
    return false
  }

  router.delete('/api/cafes/:cafeId/people/:personId', async (req, res) => {
    const { cafeId, personId } = req.params
    if (!(await staffAuth.cafeStaff(req, cafeId))) return void (await refuse(req, res, "the café's facilitator and organisers"))
    const result = await erase(cafeId, personId)
    if (!result.ok) return sendError(res, result.code === 'unknown_cafe' || result.code === 'unknown_person' ? 404 : 409, result.code, result.message)
    res.json(result.value satisfies ErasePersonResponse)
  })

  router.put('/api/cafes/:cafeId/deletion', json, async (req, res) => {
    const { cafeId } = req.params
    const staff = await staffAuth.cafeStaff(req, cafeId)
    if (!staff || (staff.kind === 'cafe-token' && staff.role !== 'organiser')) {
      return void (await refuse(req, res, "the café's organisers and the server's organiser key"))
    }
    const body = parseBody(SetDeletionBody, req.body, res)
    if (!body) return
    if (body.deleteAt !== null && body.deleteAt <= now()) {
      return sendError(res, 400, 'bad_request', 'the deletion date has passed already', [{ path: 'deleteAt', message: 'in the past' }])
    }
    if (!(await cafes.load(cafeId)) || !(await storage.setDeleteAt(cafeId, body.deleteAt ?? undefined))) {
      return sendError(res, 404, 'unknown_cafe', 'no such café')
    }
    res.json({ deleteAt: body.deleteAt } satisfies DeletionResponse)
  })

  return router
}
