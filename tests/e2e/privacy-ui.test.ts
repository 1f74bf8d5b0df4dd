/**
 * Their data, in Chromium at a phone's width (390 px): the facilitator removes someone and is
 * told, before, that their name will be erased; the summary page's "Without personal names"
 * shows hosts and authors by country and organisation and its downloads follow it; an organiser
 * sets the day a café is deleted for good. Each state passes axe and nothing runs off the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { harvestedCafe, type HarvestedCafe } from '../support/harvested-cafe.js'
import type { OrganiserCafesResponse } from '../../shared/protocol/http.js'

const KEY = 'organisers-key-for-the-privacy-screens'
const PHONE = { width: 390, height: 844 }

let server: RunningServer
let browser: Browser
let context: BrowserContext
let harvested: HarvestedCafe

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  browser = await launchBrowser()
  harvested = await harvestedCafe(server.url)
  context = await browser.newContext({ viewport: PHONE, acceptDownloads: true })
}, 120_000)
afterAll(async () => {
  harvested?.close()
  await browser?.close()
  await server?.stop()
})

/** Nothing wider than the screen (the page would scroll sideways on a phone). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)

describe('their data on screen', () => {
  it('removing someone asks first, says the name will be erased, then erases it', async () => {
    const page = await context.newPage()
    await page.goto(appUrl(server.port, `/facilitate/${harvested.cafe.cafeId}#token=${harvested.cafe.facilitatorToken}`))
    const hanna = page.getByTestId('person').filter({ hasText: 'Hanna' })
    await hanna.getByRole('button', { name: 'Remove Hanna' }).click()
    const ask = page.getByTestId('erase-ask')
    await ask.waitFor()
    expect(await ask.textContent()).toContain('erase their name everywhere')
    // The safe answer has the focus: Enter right away keeps her.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keep them')
    expect(await axeViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    await page.getByTestId('erase-confirm').click()
    await expect.poll(() => page.getByTestId('person').filter({ hasText: 'Hanna' }).count(), { timeout: 10_000 }).toBe(0)
    await expect.poll(() => harvested.staff.state()?.people[harvested.people[5]!.participantId]?.name).toBe('Removed participant 1')
    await page.close()
  })

  it('"Without personal names" shows people by country and organisation, and the downloads follow', async () => {
    const page = await context.newPage()
    await page.goto(appUrl(server.port, `/summary/${harvested.cafe.cafeId}#token=${harvested.cafe.organiserToken}`))
    const summary = page.getByTestId('summary')
    await summary.waitFor()
    await expect.poll(() => summary.textContent()).toContain('ნინო')
    await page.getByLabel('Without personal names').check()
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain('Georgia · Tbilisi resource centre')
    const text = (await summary.textContent()) ?? ''
    for (const name of ['ნინო', 'Олена', 'Giorgi', 'Aysel']) expect(text).not.toContain(name)
    expect(await axeViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)

    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="md"]').click()])
    expect(file.suggestedFilename()).toMatch(/-summary-anonymous\.md$/)
    const markdown = readFileSync((await file.path())!, 'utf8')
    expect(markdown).toContain('Georgia · Tbilisi resource centre')
    for (const name of ['ნინო', 'Олена', 'Giorgi', 'Aysel', 'Ion ']) expect(markdown).not.toContain(name)
    await page.close()
  })

  it('an organiser sets the day the café is deleted for good, and sees it in the list', async () => {
    const page = await context.newPage()
    await page.goto(appUrl(server.port, '/organise'))
    await page.getByLabel('Organiser key').fill(KEY)
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    const entry = page.locator(`[data-testid=organise-cafe][data-cafe="${harvested.cafe.cafeId}"]`)
    await entry.waitFor()
    expect(await entry.getByTestId('organise-deletion-state').textContent()).toContain('No deletion date is set.')
    const day = new Date(Date.now() + 40 * 24 * 3600_000)
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`
    await entry.getByLabel('Delete for good on').fill(iso)
    await entry.getByRole('button', { name: 'Set the date' }).click()
    await expect.poll(() => entry.getByTestId('organise-deletion-state').textContent()).toContain('Deleted for good on')
    const listed = (await (await fetch(`${server.url}/api/organiser/cafes`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as OrganiserCafesResponse
    expect(listed.cafes[0]?.deleteAt).toBe(new Date(`${iso}T00:00:00`).getTime())
    expect(await axeViolations(page)).toEqual([])
    expect(await overflow(page)).toBeLessThanOrEqual(0)
    // Read again from the server (this browser keeps the key), the list shows the same day.
    await page.reload()
    await expect
      .poll(() => page.locator(`[data-testid=organise-cafe][data-cafe="${harvested.cafe.cafeId}"]`).getByTestId('organise-deletion-state').textContent())
      .toContain('Deleted for good on')
    await entry.getByRole('button', { name: 'Keep it (no date)' }).click()
    await expect.poll(() => entry.getByTestId('organise-deletion-state').textContent()).toContain('No deletion date is set.')
    await page.close()
  })
})
