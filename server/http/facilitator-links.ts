/**
 * `POST /api/cafes/<cafeId>/facilitator-links` (docs/PROTOCOL.md): a new facilitator token.
 * - With a facilitator's token: one more facilitator (a co-facilitator); the others keep theirs.
 * - With the organiser's token: a facilitator who lost their link gets a new one, and every
 *   earlier facilitator token stops working — at once, including connections already open,
 *   because a lost link may be in someone else's hands.
 */
import express, { type Router } from 'express'
import type { FacilitatorLinkResponse } from '../../shared/protocol/http.js'
import type { Storage } from '../storage/storage.js'
import { authenticate, bearerToken, generateToken, hashToken } from '../auth/tokens.js'
import { sendError } from './errors.js'

export function facilitatorLinkRoutes(deps: {
  storage: Storage
  /** Closes every open socket and document connection of the café's facilitators. */
  disconnectFacilitators: (cafeId: string) => void
}): Router {
  const { storage, disconnectFacilitators } = deps
  const router = express.Router()

  router.post('/api/cafes/:cafeId/facilitator-links', async (req, res) => {
    const holder = await authenticate(storage, bearerToken(req.get('authorization')))
    if (!holder) return sendError(res, 401, 'unauthorized', 'a valid bearer token is needed')
    if (holder.cafeId !== req.params.cafeId) return sendError(res, 403, 'forbidden', 'this token belongs to another café')
    if (holder.role === 'participant') return sendError(res, 403, 'forbidden', 'only a facilitator or the organiser can make a facilitator link')
    const facilitatorToken = generateToken()
    const record = { hash: hashToken(facilitatorToken), cafeId: holder.cafeId, role: 'facilitator' as const }
    const replaced = holder.role === 'organiser'
    if (replaced) {
      await storage.revokeTokens(holder.cafeId, 'facilitator', [record])
      // Nobody holds the new token yet, so every open facilitator connection is an old one.
      disconnectFacilitators(holder.cafeId)
    } else {
      await storage.addTokens([record])
    }
    res.status(201).json({ facilitatorToken, replaced } satisfies FacilitatorLinkResponse)
  })

  return router
}
