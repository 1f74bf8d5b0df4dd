/**
 * The headers every response carries: pages may run only our own scripts (a nonce for
 * SvelteKit's start-up script, never 'unsafe-inline'), nothing may frame us, nothing is sniffed,
 * and API answers allow nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))

describe('security headers', () => {
  it('a page allows only our own scripts, with a fresh nonce per response, and cannot be framed', async () => {
    const [a, b] = await Promise.all([fetch(`${server.url}/`), fetch(`${server.url}/`)])
    for (const res of [a, b]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    }
    const csp = directives(a.headers.get('content-security-policy') ?? '')
    const scripts = csp.get('script-src') ?? []
    expect(scripts).toContain("'self'")
    expect(scripts.some((s) => s.startsWith("'nonce-"))).toBe(true)
    expect(scripts).not.toContain("'unsafe-inline'")
    expect(scripts).not.toContain("'unsafe-eval'")
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    // Every inline script in the page carries that response's nonce.
    const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1)
    const html = await a.text()
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]!)
    expect(inline.length).toBeGreaterThan(0)
    for (const attrs of inline) expect(attrs).toContain(`nonce="${nonce}"`)
    const otherNonce = (directives(b.headers.get('content-security-policy') ?? '').get('script-src') ?? []).find((s) => s.startsWith("'nonce-"))
    expect(otherNonce).not.toBe(`'nonce-${nonce}'`)
  })

  it('API answers, health and errors allow nothing at all', async () => {
    for (const path of ['/healthz', '/api/addresses', '/api/cafes/NOPE99', '/api/no-such-route']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'")
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
    }
  })
})
