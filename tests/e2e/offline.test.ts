/**
 * No internet needed (issue 7): a room of laptops on a LAN with no uplink runs a whole café. Every
 * request of every page — documents, scripts, styles, fonts, icons, the API, socket.io and Yjs
 * websockets, workers — is recorded through a whole café, from the home page to the organisers'
 * list, and none may leave the server's origin. Then the same café runs again with every other
 * host blocked, and works: the tables type and save, the board keeps the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { APP_HOST, launchBrowser } from '../support/browser.js'
import { walkCafe, type Screen } from '../support/cafe-walk.js'

const KEY = 'organisers-key-for-the-offline-walk'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface Seen {
  url: string
  kind: string
  /** The screen and state the walk was at (or the page's address, for what came before). */
  at: string
}

/** Whether a URL is the server's own origin (http or ws), or needs no network at all. */
function ours(url: string): boolean {
  const u = new URL(url)
  if (['data:', 'blob:', 'about:'].includes(u.protocol)) return true
  return ['http:', 'ws:'].includes(u.protocol) && u.host === `${APP_HOST}:${server.port}`
}

/**
 * One café walked in contexts that record every request, websocket, worker and service worker
 * of every page, and every address the pages name for the browser to fetch (icons, fonts in the
 * style sheets, source maps) whether fetched yet or not.
 */
async function recordedWalk(options: { block: boolean }) {
  const seen: Seen[] = []
  const blocked: string[] = []
  const sourceMaps: Promise<void>[] = []
  const visited: string[] = []
  let at = 'before the first screen'
  const note = (url: string, kind: string) => seen.push({ url, kind, at })

  async function newContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport })
    if (options.block) {
      await context.route('**/*', (route) => {
        if (ours(route.request().url())) return route.continue()
        blocked.push(route.request().url())
        return route.abort('blockedbyclient')
      })
      await context.routeWebSocket((url) => !ours(url.href), (ws) => {
        blocked.push(ws.url())
        return ws.close()
      })
    }
    context.on('request', (request) => note(request.url(), request.resourceType()))
    context.on('serviceworker', (worker) => note(worker.url(), 'service worker'))
    context.on('page', (page) => {
      page.on('request', (request) => note(request.url(), request.resourceType()))
      page.on('websocket', (ws) => note(ws.url(), 'websocket'))
      page.on('worker', (worker) => note(worker.url(), 'worker'))
    })
    context.on('response', (response) => {
      if (!['script', 'stylesheet'].includes(response.request().resourceType())) return
      const header = response.headers()['sourcemap'] ?? response.headers()['x-sourcemap']
      if (header) note(new URL(header, response.url()).href, 'source map (header)')
      sourceMaps.push(
        response.text().then(
          (body) => {
            for (const [, map] of body.matchAll(/[#@] sourceMappingURL=(\S+)/g)) note(new URL(map!, response.url()).href, 'source map')
          },
          () => undefined,
        ),
      )
    })
    return context
  }

  async function visit(page: Page, screen: Screen, state: string): Promise<void> {
    at = `${screen} — ${state}`
    visited.push(at)
    // Whatever the page names for fetching, fetched yet or not.
    const named = await page.evaluate(() => {
      const urls: { url: string; kind: string }[] = []
      const add = (raw: string | null | undefined, kind: string) => {
        if (raw && raw.trim() !== '') urls.push({ url: new URL(raw.trim(), document.baseURI).href, kind })
      }
      for (const el of document.querySelectorAll('link[href]')) add(el.getAttribute('href'), `link rel=${el.getAttribute('rel')}`)
      for (const el of document.querySelectorAll('[src]')) add(el.getAttribute('src'), `${el.tagName.toLowerCase()} src`)
      for (const el of document.querySelectorAll('[srcset]'))
        for (const part of el.getAttribute('srcset')!.split(',')) add(part.trim().split(/\s+/)[0], 'srcset')
      for (const el of document.querySelectorAll('object[data]')) add(el.getAttribute('data'), 'object')
      for (const entry of performance.getEntriesByType('resource')) add(entry.name, `fetched (${(entry as PerformanceResourceTiming).initiatorType})`)
      const fromCss = (text: string, base: string, kind: string) => {
        for (const [, , url] of text.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) if (!url!.startsWith('data:')) urls.push({ url: new URL(url!, base).href, kind })
      }
      const walk = (rules: CSSRuleList, base: string) => {
        for (const rule of rules) {
          if (rule instanceof CSSImportRule) {
            add(new URL(rule.href, base).href, 'css @import')
            if (rule.styleSheet) walk(rule.styleSheet.cssRules, rule.styleSheet.href ?? base)
          } else if ('cssRules' in rule && rule.cssRules) walk(rule.cssRules as CSSRuleList, base)
          fromCss(rule.cssText, base, rule instanceof CSSFontFaceRule ? 'font' : 'css url()')
        }
      }
      for (const sheet of document.styleSheets) walk(sheet.cssRules, sheet.href ?? document.baseURI)
      return urls
    })
    for (const { url, kind } of named) note(url, kind)
    // Every font the page uses arrived (a font from a blocked host would fail here).
    expect(await page.evaluate(() => document.fonts.ready.then((fonts) => [...fonts].filter((f) => f.status === 'error').map((f) => f.family))), at).toEqual([])
  }

  await walkCafe({ port: server.port, organiserKey: KEY, newContext, visit })
  await Promise.all(sourceMaps)
  return { seen, blocked, visited }
}

describe('a café on a LAN with no internet', () => {
  it('every request of every page, on every screen in every state, goes to the server and nowhere else', async () => {
    const { seen, visited } = await recordedWalk({ block: false })
    expect(seen.filter((s) => !ours(s.url))).toEqual([])
    // The recording saw what a café is made of: the pages, their code and fonts, the API and both websockets.
    const kinds = new Set(seen.map((s) => s.kind))
    for (const kind of ['document', 'script', 'stylesheet', 'font', 'fetch', 'websocket', 'link rel=icon']) expect(kinds).toContain(kind)
    const paths = new Set(seen.map((s) => new URL(s.url).pathname))
    expect([...paths].some((p) => p.startsWith('/socket.io/'))).toBe(true)
    expect([...paths].some((p) => p.startsWith('/yjs/'))).toBe(true)
    expect(paths).toContain('/favicon.svg')
    for (const screen of ['home', 'join', 'table', 'console', 'board', 'summary', 'organise']) expect(visited.some((v) => v.startsWith(`${screen} — `))).toBe(true)
  }, 600_000)

  it('with every other host blocked, the whole café still works: tables type and save, the board keeps the clock, the vote is counted', async () => {
    // The walk asserts, as it goes, that typing at a table is saved, the board shows the clock, dots are counted.
    const { blocked, visited } = await recordedWalk({ block: true })
    expect(blocked).toEqual([])
    expect(visited).toContain('organise — delete confirmation open')
  }, 600_000)
})
