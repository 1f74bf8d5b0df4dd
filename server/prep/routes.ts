/**
 * The preparation's routes (docs/PROTOCOL.md, "Preparation"):
 * - the registration list, for the café's staff: import a CSV, list, pre-assign one entry, delete
 *   the entries nobody claimed;
 * - templates: a café's staff save it as one; anyone who may create a café lists them (they hold
 *   a topic, questions and tables, never people); the server's organiser key deletes one.
 */
import express, { type Request, type Response, type Router } from 'express'
import { randomBytes } from 'node:crypto'
import type { CreateCafeBody } from '../../shared/protocol/http.js'
import {
  ImportRegistrationsBody,
  PatchRegistrationBody,
  SaveTemplateBody,
  templateCafe,
  type CafeTemplate,
  type ImportRegistrationsResponse,
  type RegistrationsResponse,
  type TemplatesResponse,
  type UnreadableRowsBody,
} from '../../shared/protocol/prep.js'
import type { Cafes } from '../cafes/cafes.js'
import type { Storage } from '../storage/storage.js'
import type { StaffAuth } from '../http/staff-auth.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import { parseBody, sendError } from '../http/errors.js'
import type { Registrations } from './registrations.js'

const statusOf: Record<string, number> = {
  unknown_cafe: 404,
  unknown_registration: 404,
  unknown_table: 400,
  registration_claimed: 409,
}

export function prepRoutes(deps: { storage: Storage; cafes: Cafes; staffAuth: StaffAuth; registrations: Registrations }): Router {
  const { storage, cafes, staffAuth, registrations } = deps
  const router = express.Router()
  const json = express.json({ limit: '64kb', strict: true })
  // A CSV of 1 MB as a JSON string: escapes may make it longer; the reader checks the bytes exactly.
  const csvJson = express.json({ limit: '3mb', strict: true })
  const csvFile = express.raw({ type: ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'], limit: '1mb' })

  /** The café's facilitator or organiser (or the server's organiser key); answers 401/403 for anyone else. */
  async function requireStaff(req: Request, res: Response): Promise<boolean> {
    const cafeId = String(req.params.cafeId)
    const holder = await authenticate(storage, bearerToken(req.get('authorization')))
    if (holder) {
      if (holder.cafeId !== cafeId) return (sendError(res, 403, 'forbidden', 'this token belongs to another café'), false)
      if (holder.role === 'participant') return (sendError(res, 403, 'forbidden', "only the café's facilitator or organisers may do this"), false)
    } else if (!staffAuth.isServerOrganiser(req)) {
      return (sendError(res, 401, 'unauthorized', "a facilitator or organiser token of this café is needed"), false)
    }
    if (!(await cafes.load(cafeId))) return (sendError(res, 404, 'unknown_cafe', 'no such café'), false)
    return true
  }

  router.get('/api/cafes/:cafeId/registrations', async (req, res) => {
    if (!(await requireStaff(req, res))) return
    res.json({ registrations: await registrations.list(req.params.cafeId) } satisfies RegistrationsResponse)
  })

  router.post('/api/cafes/:cafeId/registrations', async (req, res, next) => {
    if (!(await requireStaff(req, res))) return
    // Read the body only for staff: nobody else gets to send a megabyte.
    const isJson = req.is('application/json')
    const parser = isJson ? csvJson : csvFile
    parser(req, res, async (err?: unknown) => {
      if (err) return next(err)
      let file: Uint8Array | string
      let skipUnreadable: boolean
      if (isJson) {
        const body = parseBody(ImportRegistrationsBody, req.body, res)
        if (!body) return
        file = body.csv
        skipUnreadable = body.skipUnreadable ?? false
      } else {
        if (!Buffer.isBuffer(req.body)) return sendError(res, 415, 'bad_request', 'send the file as text/csv, or JSON {csv}')
        file = req.body
        skipUnreadable = req.query.skipUnreadable === 'true'
      }
      const outcome = await registrations.import(req.params.cafeId, file, skipUnreadable)
      if (outcome.ok) {
        const { imported, problems } = outcome
        return res.status(201).json({ imported, problems, registrations: outcome.registrations } satisfies ImportRegistrationsResponse)
      }
      if ('problems' in outcome) {
        const { message, problems, readable } = outcome
        return res.status(422).json({ error: { code: 'unreadable_rows', message }, problems, readable } satisfies UnreadableRowsBody)
      }
      sendError(res, outcome.status, outcome.code, outcome.message)
    })
  })

  router.patch('/api/cafes/:cafeId/registrations/:id', json, async (req, res) => {
    if (!(await requireStaff(req, res))) return
    const body = parseBody(PatchRegistrationBody, req.body, res)
    if (!body) return
    const result = await registrations.patch(req.params.cafeId, req.params.id, body)
    if (!result.ok) return sendError(res, statusOf[result.code] ?? 409, result.code, result.message)
    res.json({ registrations: result.value } satisfies RegistrationsResponse)
  })

  router.delete('/api/cafes/:cafeId/registrations', async (req, res) => {
    if (!(await requireStaff(req, res))) return
    res.json({ registrations: await registrations.deleteUnclaimed(req.params.cafeId) } satisfies RegistrationsResponse)
  })

  router.post('/api/cafes/:cafeId/template', json, async (req, res) => {
    if (!(await requireStaff(req, res))) return
    const body = parseBody(SaveTemplateBody, req.body, res)
    if (!body) return
    const state = (await cafes.load(req.params.cafeId))!
    const cafe: CreateCafeBody = {
      topic: state.settings.topic,
      questions: state.settings.questions,
      tables: state.tables.length,
      roundMinutes: state.settings.roundMinutes,
      tableNames: state.tables.map((t) => t.name),
      ask: state.settings.ask,
    }
    const template: CafeTemplate = { id: randomBytes(9).toString('base64url'), name: body.name, createdAt: Date.now(), cafe }
    await storage.saveTemplate({ id: template.id, name: template.name, createdAt: template.createdAt, body: JSON.stringify(cafe) })
    res.status(201).json(template)
  })

  router.get('/api/templates', async (_req, res) => {
    const templates = (await storage.listTemplates()).flatMap((t): CafeTemplate[] => {
      const cafe = templateCafe(t.body)
      return cafe ? [{ id: t.id, name: t.name, createdAt: t.createdAt, cafe }] : []
    })
    res.json({ templates } satisfies TemplatesResponse)
  })

  router.delete('/api/templates/:id', async (req, res) => {
    if (!staffAuth.isServerOrganiser(req)) return sendError(res, 401, 'unauthorized', "the server's organiser key is needed")
    if (!(await storage.deleteTemplate(req.params.id))) return sendError(res, 404, 'unknown_template', 'no such template')
    res.status(204).end()
  })

  return router
}
