/**
 * The staff screens say when the server cannot save (issue 9): another program holds the database
 * locked while a table writes; the facilitator's console and the projected board both show the
 * alert — why, and what happens to the laptops' words meanwhile — readable (axe) on a laptop and a
 * phone; once the lock is released the laptops' edits are stored and the screens say it saves again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the store cannot write', () => {
  it('the console and the board tell the facilitator, and say when it saves again', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const person = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    context.setDefaultTimeout(10_000)
    const console = await context.newPage()
    await console.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    await console.getByTestId('join-code').waitFor()
    const board = await context.newPage()
    await board.goto(appUrl(server.port, `/board/${cafe.cafeId}`))
    const writer = connectYjs(server.url, person.document, person.token)
    await writer.synced

    // A backup tool (say) takes the write lock and keeps it past the server's busy timeout.
    const lock = new Database(join(server.dataDir, 'tablecloth.db'))
    lock.exec('BEGIN IMMEDIATE')
    try {
      writer.text.insert(0, '«typed while the store was locked»')
      for (const page of [console, board]) {
        const alert = page.getByTestId('storage-alert')
        await alert.waitFor({ timeout: 15_000 })
        expect(await alert.textContent()).toMatch(/has not been saving since/)
        expect(await alert.textContent()).toMatch(/Another program is holding the database/)
        expect(await alert.textContent()).toMatch(/Each laptop keeps what its people type/)
        // Announced as it arrives, and readable.
        expect(await page.locator('[role="alert"]', { has: alert }).count()).toBe(1)
        expect(await axeViolations(page)).toEqual([])
      }
      // On a phone (the facilitator walking the hall) the alert fits the screen.
      await console.setViewportSize({ width: 390, height: 844 })
      const box = await console.getByTestId('storage-alert').boundingBox()
      expect(box?.width ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(390)
      expect(await console.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    } finally {
      lock.exec('COMMIT')
      lock.close()
    }

    // The laptop sends its words again; once they are stored the screens say so, and the alert goes.
    for (const page of [console, board]) {
      await page.getByTestId('storage-ok').waitFor({ timeout: 20_000 })
      expect(await page.getByTestId('storage-alert').count()).toBe(0)
    }
    const reader = connectYjs(server.url, person.document, cafe.facilitatorToken)
    await reader.synced
    await expect.poll(() => reader.text.toString()).toContain('«typed while the store was locked»')
    reader.destroy()
    writer.destroy()
    await context.close()
  }, 90_000)
})
