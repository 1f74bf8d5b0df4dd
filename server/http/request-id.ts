/**
 * Every request gets an id — the one a proxy sent in `X-Request-Id` if it looks like one, else a
 * new one — echoed in the response and carried by every log line about it (`req.log`), so an
 * operator can follow one request through the logs. URLs are logged redacted (no tokens, codes).
 */
import { randomBytes } from 'node:crypto'
import type { RequestHandler } from 'express'
import type { Logger } from 'pino'
import { redactUrl } from '../auth/redact.js'

declare module 'express-serve-static-core' {
  interface Request {
    id: string
    log: Logger
  }
}

const SANE_ID = /^[A-Za-z0-9._-]{1,64}$/

export function requestIds(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id')
    req.id = given && SANE_ID.test(given) ? given : randomBytes(8).toString('base64url')
    req.log = logger.child({ reqId: req.id })
    res.setHeader('X-Request-Id', req.id)
    const started = performance.now()
    res.on('finish', () => {
      req.log.debug({ method: req.method, url: redactUrl(req.originalUrl), status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http')
    })
    next()
  }
}
