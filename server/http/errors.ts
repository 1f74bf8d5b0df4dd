/**
 * Every HTTP error leaves as `{ error: { code, message } }` with a 4xx status a script can act
 * on. Unexpected errors reach the client only as a generic 500 and are logged with context.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { ErrorBody } from '../../shared/protocol/errors.js'
import { redactUrl } from '../auth/redact.js'
// For `req.log` (request-id.ts declares it on express's Request).
import type {} from './request-id.js'

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
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
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
    ;(req.log ?? logger).error({ err, method: req.method, url: redactUrl(req.originalUrl) }, 'request failed')
    sendError(res, 500, 'internal', 'something went wrong on the server')
  }
}
