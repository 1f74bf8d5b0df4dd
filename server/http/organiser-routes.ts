/**
 * The organisers' routes (docs/PROTOCOL.md):
 * - `GET /api/organiser/cafes`: every café on this server (the server's organiser key only);
 * - `POST /api/cafes/<cafeId>/organiser-links`: a new organiser token for one café (the key only),
 *   so the organisers' area can open that café's own pages with a café token;
 * - `DELETE /api/cafes/<cafeId>`: the café and everything of it (the key, or the café's organiser).
 * A café's facilitator can neither list nor delete: the key and organiser links are for the people
 * who keep the archive, not for whoever runs the room.
 */
import express, { type Request, type Response, type Router } from 'express'
import type { Logger } from 'pino'
import type { OrganiserCafe, OrganiserCafesResponse, OrganiserLinkResponse } from '../../shared/protocol/http.js'
import type { CafeListing, Storage } from '../storage/storage.js'
import { authenticate, bearerToken, generateToken, hashToken } from '../auth/tokens.js'
import type { Cafes } from '../cafes/cafes.js'
import type { StaffAuth } from './staff-auth.js'
import { sendError } from './errors.js'

export interface OrganiserRoutesDeps {
  storage: Storage
  cafes: Cafes
  staffAuth: StaffAuth
  logger: Logger
  /**
   * Makes the café unreachable in this process before its rows go: forgets it in memory (cafés,
   * harvests, round timer), closes its sockets and Yjs connections, and waits until nothing more
   * of it can reach the store.
   */
  forgetCafe: (cafeId: string) => Promise<void>
}

const toResponse = (c: CafeListing): OrganiserCafe => ({
  cafeId: c.id,
  joinCode: c.joinCode,
  topic: c.topic,
  createdAt: c.createdAt,
  phase: c.phase,
  ...(c.round !== undefined ? { round: c.round } : {}),
  tables: c.tables,
  rounds: c.rounds,
  participants: c.participants,
  ...(c.deleteAt !== undefined ? { deleteAt: c.deleteAt } : {}),
})

export function organiserRoutes(deps: OrganiserRoutesDeps): Router {
  const { storage, cafes, staffAuth, logger } = deps
  const router = express.Router()

  /** Answers 401 and returns false unless the request carries the server's organiser key. */
  function requireKey(req: Request, res: Response): boolean {
    if (staffAuth.isServerOrganiser(req)) return true
    sendError(res, 401, 'unauthorized', "the server's organiser key is needed")
    return false
  }

  router.get('/api/organiser/cafes', async (req, res) => {
    if (!requireKey(req, res)) return
    res.json({ cafes: (await storage.listCafes()).map(toResponse) } satisfies OrganiserCafesResponse)
  })

  router.post('/api/cafes/:cafeId/organiser-links', async (req, res) => {
    if (!requireKey(req, res)) return
    const cafeId = req.params.cafeId
    if (!(await cafes.load(cafeId))) return sendError(res, 404, 'unknown_cafe', 'no such café')
    const organiserToken = generateToken()
    await storage.addTokens([{ hash: hashToken(organiserToken), cafeId, role: 'organiser' }])
    res.status(201).json({ organiserToken } satisfies OrganiserLinkResponse)
  })

  router.delete('/api/cafes/:cafeId', async (req, res) => {
    const cafeId = req.params.cafeId
    if (!staffAuth.isServerOrganiser(req)) {
      const holder = await authenticate(storage, bearerToken(req.get('authorization')))
      if (!holder) return sendError(res, 401, 'unauthorized', "the café's organiser link or the server's organiser key is needed")
      if (holder.cafeId !== cafeId || holder.role !== 'organiser') {
        return sendError(res, 403, 'forbidden', "only this café's organisers can delete it")
      }
    }
    if (!(await cafes.load(cafeId))) return sendError(res, 404, 'unknown_cafe', 'no such café')
    await deps.forgetCafe(cafeId)
    await storage.deleteCafe(cafeId)
    // Nothing of it left in the log or in free pages of the file (server/privacy).
    await storage.scrub()
    logger.info({ cafeId }, 'café deleted')
    res.status(204).end()
  })

  return router
}
