/**
 * The public HTTP API (docs/PROTOCOL.md). Each body is parsed at this edge; only parsed values
 * go on to the cafés module.
 */
import express, { type Router } from 'express'
import { CreateCafeBody, JoinBody, RejoinBody, type AddressesResponse, type HealthResponse, type MeResponse } from '../../shared/protocol/http.js'
import { isJoinCode, normaliseJoinCode } from '../../shared/join-code.js'
import type { Cafes } from '../cafes/cafes.js'
import type { Storage } from '../storage/storage.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { parseBody, sendError } from './errors.js'

/** HTTP status of each refusal the cafés module can give; anything else is a 409 conflict. */
const statusOf: Record<string, number> = {
  unknown_cafe: 404,
  unknown_rejoin_code: 404,
  too_many_attempts: 429,
  cafe_closed: 409,
}

export function apiRoutes(deps: { cafes: Cafes; storage: Storage; version: string; addresses: () => string[] }): Router {
  const { cafes, storage, version, addresses } = deps
  const router = express.Router()
  const json = express.json({ limit: '64kb', strict: true })

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, version } satisfies HealthResponse)
  })

  // Where people in the room can open Tablecloth: shown to the facilitator instead of
  // "localhost", which only works on the server's own laptop.
  router.get('/api/addresses', (_req, res) => {
    res.json({ urls: addresses() } satisfies AddressesResponse)
  })

  router.post('/api/cafes', json, async (req, res) => {
    const body = parseBody(CreateCafeBody, req.body, res)
    if (!body) return
    res.status(201).json(await cafes.create(body))
  })

  router.get('/api/cafes/:joinCode', async (req, res) => {
    const code = normaliseJoinCode(req.params.joinCode)
    const info = isJoinCode(code) ? await cafes.lobbyInfo(code) : undefined
    if (!info) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    res.json(info)
  })

  router.post('/api/cafes/:joinCode/participants', json, async (req, res) => {
    const code = normaliseJoinCode(req.params.joinCode)
    if (!isJoinCode(code)) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    const body = parseBody(JoinBody, req.body, res)
    if (!body) return
    const result = await cafes.join(code, body)
    if (!result.ok) return sendError(res, statusOf[result.code] ?? 409, result.code, result.message)
    res.status(201).json(result.value)
  })

  router.post('/api/cafes/:joinCode/rejoin', json, async (req, res) => {
    const code = normaliseJoinCode(req.params.joinCode)
    if (!isJoinCode(code)) return sendError(res, 404, 'unknown_cafe', 'no café has this code')
    const body = parseBody(RejoinBody, req.body, res)
    if (!body) return
    const result = await cafes.rejoin(code, body.code)
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
