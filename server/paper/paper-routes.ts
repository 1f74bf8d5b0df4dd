/**
 * The café on paper (docs/PROTOCOL.md): seating plans, table cards and personal slips, as data
 * for the print page. Staff only — the slips carry every person's personal code, which continues
 * as them on any device. The pack itself is the pure `paperPack`; this route only gathers the
 * café, its registration list and the address the QR codes should name.
 */
import express, { type Request, type Router } from 'express'
import type { Storage } from '../storage/storage.js'
import type { Cafes } from '../cafes/cafes.js'
import type { StaffAuth } from '../http/staff-auth.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { sendError } from '../http/errors.js'
import { PaperQuery, type PaperResponse } from '../../shared/paper/protocol.js'
import { paperPack } from '../../shared/paper/paper-pack.js'
import { paperBase } from '../../shared/paper/paper-base.js'

export interface PaperRoutesOptions {
  storage: Storage
  cafes: Pick<Cafes, 'load'>
  staffAuth: StaffAuth
  /** The addresses laptops in the room can reach this server on, best first. */
  addresses: () => string[]
}

/** The address this request came in on, as the browser that sent it sees it. */
const requestOrigin = (req: Request): string | undefined => {
  const host = req.get('host')
  return host ? `${req.protocol}://${host}/` : undefined
}

export function paperRoutes({ storage, cafes, staffAuth, addresses }: PaperRoutesOptions): Router {
  const router = express.Router()

  router.get('/api/cafes/:cafeId/paper', async (req, res) => {
    const { cafeId } = req.params
    if (!(await staffAuth.cafeStaff(req, cafeId))) {
      const holder = await authenticate(storage, bearerToken(req.get('authorization')))
      if (holder) return sendError(res, 403, 'forbidden', "only the café's facilitator and organisers may do this")
      return sendError(res, 401, 'unauthorized', 'a valid bearer token is needed')
    }
    const query = PaperQuery.safeParse(req.query)
    if (!query.success) return sendError(res, 400, 'bad_request', 'the query is not valid')
    const state = await cafes.load(cafeId)
    if (!state) return sendError(res, 404, 'unknown_cafe', 'no such café')
    const registrations = await storage.listRegistrations(cafeId)
    const base = paperBase({ picked: query.data.base, reachable: addresses(), requestOrigin: requestOrigin(req) })
    res.set('Cache-Control', 'private, no-store').json(paperPack({ state, registrations, base }) satisfies PaperResponse)
  })

  return router
}
