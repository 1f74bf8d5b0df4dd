/**
 * Every HTTP error leaves as `{ error: { code, message } }` with a 4xx status a script can act
 * on. A store that cannot write answers 503 `storage_failed`; other unexpected errors reach the
 * client only as a generic 500 and are logged with context.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { ErrorBody } from '../../shared/protocol/errors.js'
import { redactUrl } from '../auth/redact.js'
import { StorageFailure } from '../storage/storage-health.js'
// For `req.log` (request-id.ts declares it on express's Request).
import type {} from './request-id.js'

/** Most problems listed in one 400 answer. */
const MAX_ISSUES = 20

export function sendError(res: Response, status: number, code: string, message: string, issues?: ErrorBody['error']['issues']): void {
  res.status(status).json({ error: { code, message, ...(issues ? { issues } : {}) } } satisfies ErrorBody)
}

/** Parses a body with a zod schema; on failure answers 400 with each problem's path. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, res: Response): z.infer<T> | undefined {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  sendError(
    res,
    400,
    'bad_request',
    'the request body is not valid',
    // The first few problems say what is wrong; thousands of them (one per bad array item) would only make the answer huge.
    parsed.error.issues.slice(0, MAX_ISSUES).map((i) => ({ path: i.path.join('.'), message: i.message })),
  )
  return undefined
}

export const apiNotFound: RequestHandler = (_req, res) => sendError(res, 404, 'not_found', 'no such route')

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err)
    const e = err as { type?: string; status?: number; statusCode?: number }
    // body-parser's own errors carry a type and a 4xx status: malformed JSON, too large, bad charset.
    if (e.type === 'entity.too.large') return sendError(res, 413, 'body_too_large', 'the request body is too large')
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'bad_request', 'the request body is not valid JSON')
    const status = e.status ?? e.statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, 'bad_request', 'the request could not be read')
    }
    // The store cannot write now (disk full, locked): nothing was changed, and trying again later may work.
    if (err instanceof StorageFailure) {
      ;(req.log ?? logger).error({ err, method: req.method, url: redactUrl(req.originalUrl) }, 'request refused: the store cannot write')
      res.set('Retry-After', '5')
      return sendError(res, 503, 'storage_failed', `${err.message}; nothing was changed, try again in a moment`)
    }
    ;(req.log ?? logger).error({ err, method: req.method, url: redactUrl(req.originalUrl) }, 'request failed')
    sendError(res, 500, 'internal', 'something went wrong on the server')
  }
}
