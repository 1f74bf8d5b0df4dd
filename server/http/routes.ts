/**
 * The public HTTP API (docs/PROTOCOL.md). Each body is parsed at this edge; only parsed values
 * go on to the cafés module.
 */
import express, { type Router } from 'express'
import {
  CreateCafeBody,
  JoinBody,
  RejoinBody,
  type AddressesResponse,
  type CafeLobbyInfo,
  type HealthResponse,
  type MeResponse,
} from '../../shared/protocol/http.js'
import { isJoinCode, normaliseJoinCode } from '../../shared/join-code.js'
import type { Cafes } from '../cafes/cafes.js'
import type { Storage } from '../storage/storage.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { parseBody, sendError } from './errors.js'
import type { Registrations } from '../prep/registrations.js'
import { tokenBucket, type TokenBucket } from '../rate-limit.js'
import { CAFES_CREATED_BURST, CAFES_CREATED_PER_SECOND, JOINS_BURST_PER_CAFE, JOINS_PER_SECOND_PER_CAFE } from '../../shared/protocol/limits.js'

/** HTTP status of each refusal the cafés module can give; anything else is a 409 conflict. */
const statusOf: Record<string, number> = {
  unknown_cafe: 404,
  unknown_rejoin_code: 404,
  too_many_attempts: 429,
  cafe_closed: 409,
  bad_request: 400,
  unknown_table: 400,
  unknown_registration: 404,
}

export function apiRoutes(deps: {
  cafes: Cafes
  storage: Storage
  version: string
  /** This process's name (TABLECLOTH_NODE), in /healthz. */
  node: string
  addresses: () => string[]
  /** The registration lists (server/prep): names to pick on the join screen, personal codes printed ahead. */
  registrations: Registrations
}): Router {
  const { cafes, storage, version, node, addresses, registrations } = deps
  const router = express.Router()
  const json = express.json({ limit: '64kb', strict: true })
  // Counted per server for creating and per café for joining, never per IP address: a whole
  // hall reaches us through one.
  const creating = tokenBucket({ perSecond: CAFES_CREATED_PER_SECOND, burst: CAFES_CREATED_BURST })
  const joining = new Map<string, TokenBucket>()
  const mayJoin = (cafeId: string) => {
    let bucket = joining.get(cafeId)
    if (!bucket) joining.set(cafeId, (bucket = tokenBucket({ perSecond: JOINS_PER_SECOND_PER_CAFE, burst: JOINS_BURST_PER_CAFE })))
    return bucket.take()
  }

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, version, node } satisfies HealthResponse)
  })

  // Where people in the room can open Tablecloth: shown to the facilitator instead of
  // "localhost", which only works on the server's own laptop.
  router.get('/api/addresses', (_req, res) => {
    res.json({ urls: addresses() } satisfies AddressesResponse)
  })

  router.post('/api/cafes', json, async (req, res) => {
    const body = parseBody(CreateCafeBody, req.body, res)
    if (!body) return
    if (!creating.take()) return sendError(res, 429, 'too_many_requests', 'too many cafés created at once on this server; try again in a minute')
    res.status(201).json(await cafes.create(body))
  })

  router.get('/api/cafes/:joinCode', async (req, res) => {
    const code = normaliseJoinCode(req.params.joinCode)
    const info = isJoinCode(code) ? await cafes.lobbyInfo(code) : undefined
    if (!info) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    // The privacy notice says when the café is deleted, if the organisers set a date.
    const deleteAt = (await storage.listCafes()).find((c) => c.id === info.cafeId)?.deleteAt
    res.json({ ...info, registrations: await registrations.unclaimed(info.cafeId), ...(deleteAt !== undefined ? { deleteAt } : {}) } satisfies CafeLobbyInfo)
  })

  router.post('/api/cafes/:joinCode/participants', json, async (req, res) => {
    const code = normaliseJoinCode(req.params.joinCode)
    if (!isJoinCode(code)) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    const cafeId = await storage.findCafeIdByJoinCode(code)
    if (!cafeId) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    // Every attempt counts, well-formed or not: the limit is on what the café is asked to do.
    if (!mayJoin(cafeId)) return sendError(res, 429, 'too_many_requests', 'too many people joining this café at this moment; try again in a few seconds')
    const body = parseBody(JoinBody, req.body, res)
    if (!body) return
    // Picking one's name from the registration list claims that entry; anyone else gets an entry of
    // their own, so every person can have a personal slip printed.
    const result = body.registrationId !== undefined ? await registrations.claim(cafeId, body.registrationId, body) : await cafes.join(code, body)
    if (!result.ok) return sendError(res, statusOf[result.code] ?? 409, result.code, result.message)
    if (body.registrationId === undefined) await registrations.recordWalkIn(cafeId, result.value, body.name ?? '')
    res.status(201).json(result.value)
  })

  router.post('/api/cafes/:joinCode/rejoin', json, async (req, res) => {
    const code = normaliseJoinCode(req.params.joinCode)
    if (!isJoinCode(code)) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    const body = parseBody(RejoinBody, req.body, res)
    if (!body) return
    let result = await cafes.rejoin(code, body.code)
    // A registration's code from a slip, before its person ever joined: joining as them claims it.
    if (!result.ok && result.code === 'not_joined') {
      const cafeId = await storage.findCafeIdByJoinCode(code)
      if (cafeId) result = await registrations.claimByCode(cafeId, body.code)
    }
    if (!result.ok) return sendError(res, statusOf[result.code] ?? 409, result.code, result.message)
    res.json(result.value)
  })

  router.get('/api/me', async (req, res) => {
    const holder = await authenticate(storage, bearerToken(req.get('authorization')))
    if (!holder) return sendError(res, 401, 'unauthorized', 'a valid bearer token is needed')
    res.json({
      cafeId: holder.cafeId,
      role: holder.role,
      ...(holder.participantId ? { participantId: holder.participantId } : {}),
    } satisfies MeResponse)
  })

  return router
}
