/**
 * The public HTTP API (docs/PROTOCOL.md). Each body is parsed at this edge; only parsed values
 * go on to the cafés module.
 */
import express, { type Router } from 'express'
import { CreateCafeBody, JoinBody, type HealthResponse, type MeResponse } from '../../shared/protocol/http.js'
import { isJoinCode, normaliseJoinCode } from '../../shared/join-code.js'
import type { Cafes } from '../cafes/cafes.js'
import type { Storage } from '../storage/storage.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { parseBody, sendError } from './errors.js'

export function apiRoutes(deps: { cafes: Cafes; storage: Storage; version: string }): Router {
  const { cafes, storage, version } = deps
  const router = express.Router()
  const json = express.json({ limit: '64kb', strict: true })

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true, version } satisfies HealthResponse)
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
    if (!result.ok) {
      const status = result.code === 'unknown_cafe' ? 404 : 409
      return sendError(res, status, result.code, result.message)
    }
    res.status(201).json(result.value)
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
