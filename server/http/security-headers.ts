/**
 * Headers on every response. The pages' Content-Security-Policy comes from SvelteKit
 * (svelte.config.js: only our own scripts, with a nonce for its start-up script); everything
 * else — the API, downloads, health — gets a policy that allows nothing at all, so a download
 * opened in the browser can run no script either. No HSTS and no Cross-Origin-Opener-Policy: the
 * venue reaches us over plain http, where browsers ignore (and complain about) both.
 */
import type { RequestHandler } from 'express'

const NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
    if (req.path.startsWith('/api/') || req.path === '/healthz' || req.path === '/metrics') {
      res.setHeader('Content-Security-Policy', NOTHING)
    }
    next()
  }
}
