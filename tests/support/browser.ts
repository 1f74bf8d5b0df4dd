/**
 * Debian's Chromium driven by playwright-core (../shared/BROWSER.md): the app is opened by a
 * non-local name, because laptops at the venue reach it over plain http on a LAN address, which
 * is not a secure context — whatever would only work on localhost must fail here too.
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export const APP_HOST = 'tablecloth.test'

export async function launchBrowser(): Promise<Browser> {
  // playwright-core gives every launch a fresh, empty profile of its own (it refuses --user-data-dir).
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${APP_HOST} 127.0.0.1`,
    ],
  })
}

/** The app's address as a venue laptop would type it: a name that is not localhost. */
export function appUrl(port: number, path = '/'): string {
  return `http://${APP_HOST}:${port}${path}`
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Runs axe on the page for WCAG 2.x A and AA rules; returns the violations (ids and targets). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; targets: string[] }[]> {
  // Evaluated through the browser's debugging protocol, not added as an inline <script>: the
  // app's Content-Security-Policy rightly refuses inline scripts, and tests keep that policy on.
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }))
  })
}
