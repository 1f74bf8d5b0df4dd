/**
 * Nino has no laptop. Giorgi, who hosts the Tbilisi table, adds her from his phone, switches
 * "Writing for" to her, writes her words into the notes and a proposal for her; the facilitator's
 * summary credits her.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { addProposal, notesText, openSeat, waitUntilSaved } from '../support/cloth.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'

let server: RunningServer
let browser: Browser
let phone: BrowserContext
let page: Page
let cafe: CreateCafeResponse
let giorgi: JoinResponse
let facilitator: CafeClient

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  cafe = await createCafe(server.url, { tables: 2 })
  giorgi = await joinCafe(server.url, cafe.joinCode, 'Giorgi')
  facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  expect(await facilitator.command({ type: 'make-host', personId: giorgi.participantId, table: 0 })).toMatchObject({ ok: true })
  phone = await browser.newContext({ viewport: { width: 390, height: 844 } })
  page = await phone.newPage()
})
afterAll(async () => {
  facilitator?.close()
  await browser?.close()
  await server?.stop()
})

const writingFor = () => page.getByLabel('Writing for', { exact: true })
const ninoId = () => Object.values(facilitator.state()?.people ?? {}).find((p) => p.name === 'Nino')?.id

/** Whether anything on the page is wider than the phone's screen. */
const overflows = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)

describe('a host writes for a person without a device', () => {
  it('the host adds Nino from a phone, and "Writing for" switches to her', async () => {
    await openSeat(page, server.port, giorgi, 'Giorgi')
    await expect.poll(() => writingFor().inputValue()).toBe('')
    await page.getByRole('button', { name: 'Add a person without a device' }).click()
    await page.getByLabel('Name', { exact: true }).fill('Nino')
    await page.getByLabel('Country (optional)').fill('Georgia')
    // The form, open at phone width: nothing cut off, nothing axe objects to.
    expect(await overflows()).toBe(false)
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Add', exact: true }).click()

    await expect.poll(ninoId).toBeDefined()
    expect(facilitator.state()!.people[ninoId()!]).toMatchObject({ country: 'Georgia', withoutDevice: true })
    expect(facilitator.state()!.seating[ninoId()!]).toBe(0)
    await expect.poll(() => writingFor().inputValue()).toBe(ninoId())
    expect(await writingFor().locator('option:checked').textContent()).toBe('Nino (no device)')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nino was added at this table.' }).count()).toBe(1)
  })

  it('a note for Nino starts with her name; a proposal written now is credited to her', async () => {
    await page.getByRole('button', { name: 'Note for Nino' }).click()
    await page.keyboard.type('the hotline is what people would miss most')
    await expect.poll(() => notesText(page)).toContain('Nino: the hotline is what people would miss most')
    expect(await page.getByTestId('notes-editor').locator('strong', { hasText: 'Nino' }).count()).toBe(1)

    await addProposal(page, 'Keep the free hotline')
    const origin = page.getByTestId('proposal-origin')
    await expect.poll(() => origin.textContent()).toContain('Proposed by Giorgi for Nino')
    await waitUntilSaved(page)
    expect(await overflows()).toBe(false)
    expect(await axeViolations(page)).toEqual([])

    // Back to writing as himself: the next proposal is his own.
    await writingFor().selectOption('')
    await addProposal(page, 'Train association chairs every year')
    await expect.poll(() => origin.nth(1).textContent()).toContain('Proposed by Giorgi ·')
    expect(await origin.nth(1).textContent()).not.toContain('Nino')
    await waitUntilSaved(page)
  })

  it("the facilitator's summary credits Nino for the proposal and the notes", async () => {
    for (const command of [{ type: 'start' }, { type: 'end-round' }, { type: 'open-harvest' }] as const) {
      expect(await facilitator.command(command)).toMatchObject({ ok: true })
    }
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const summary = await staff.newPage()
    await summary.goto(appUrl(server.port, `/summary/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    await summary.getByTestId('summary').waitFor()
    await expect
      .poll(() => summary.locator('[data-testid=summary-round][data-key="note:0:1"]').getByTestId('summary-contributors').textContent())
      .toBe('With contributions from Nino (without a device)')
    const hotline = summary.getByTestId('summary-proposal').filter({ hasText: 'Keep the free hotline' })
    await expect.poll(() => hotline.getByTestId('summary-written-for').textContent()).toBe('Written for Nino (without a device)')
    expect(await summary.getByTestId('summary-proposal').filter({ hasText: 'Train association chairs' }).getByTestId('summary-written-for').count()).toBe(0)
    await staff.close()
  })
})
