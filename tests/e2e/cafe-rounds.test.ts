import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  return context.newPage()
}

const phaseOf = (page: Page) => page.getByTestId('phase').getAttribute('data-phase')

describe('a facilitator runs a round and a rotation; a participant follows on a phone', () => {
  let facilitator: Page
  const participants: Page[] = []

  it('sets up a café with two tables and four people', async () => {
    facilitator = await newPage()
    await facilitator.goto(appUrl(server.port, '/'))
    await facilitator.getByLabel('Number of tables').fill('2')
    await facilitator.getByRole('button', { name: 'Create the café' }).click()
    await facilitator.waitForURL(/\/facilitate\//)
    const joinCode = (await facilitator.getByTestId('join-code').textContent())!.trim()
    for (const name of ['Nino', 'Olena', 'Ion', 'Aysel']) {
      const page = await newPage({ width: 390, height: 844 })
      await page.goto(appUrl(server.port, `/join/${joinCode}`))
      await page.getByLabel('Your name').fill(name)
      await page.getByRole('button', { name: 'Join' }).click()
      await page.waitForURL(/\/cafe\//)
      participants.push(page)
    }
    await expect.poll(() => facilitator.getByTestId('people-count').textContent()).toContain('4')
    expect(await phaseOf(participants[0]!)).toBe('lobby')
  })

  it('start, pause, extend: the participant sees the time left and the pause', async () => {
    await facilitator.getByRole('button', { name: /Start round 1/ }).click()
    await expect.poll(() => phaseOf(participants[0]!)).toBe('running')
    await expect.poll(() => participants[0]!.getByTestId('round-clock').textContent()).toMatch(/^\s*(20:00|19:5\d)\s*$/)
    // Keyboard shortcuts work as well as clicks.
    await facilitator.keyboard.press('p')
    await expect.poll(() => phaseOf(participants[0]!)).toBe('paused')
    await facilitator.getByRole('button', { name: /\+5 minutes/ }).click()
    await expect.poll(() => participants[0]!.getByTestId('round-clock').textContent()).toMatch(/^\s*2[45]:\d\d\s*$/)
    await facilitator.getByRole('button', { name: /Resume/ }).click()
    await expect.poll(() => phaseOf(participants[0]!)).toBe('running')
    expect(await axeViolations(participants[0]!)).toEqual([])
  })

  it('ending the round shows every participant that it has ended', async () => {
    await facilitator.getByRole('button', { name: /End the round/ }).click()
    for (const page of participants) {
      await expect.poll(() => phaseOf(page)).toBe('ended')
      expect(await page.getByTestId('phase').textContent()).toContain('Round 1 has ended')
    }
  })

  it('the rotation is previewed, applied, and tells people where to go, big', async () => {
    await facilitator.getByRole('button', { name: /Plan the rotation/ }).click()
    await facilitator.getByTestId('rotation-plan').waitFor()
    expect(await axeViolations(facilitator)).toEqual([])
    await facilitator.getByRole('button', { name: /Apply the rotation/ }).click()
    let moved = 0
    for (const page of participants) {
      // Round 2 has reached this screen: either the big "go to" banner or, for those who stay, the running round.
      await expect
        .poll(async () => (await page.getByTestId('move').count()) > 0 || (await page.getByTestId('phase').getAttribute('data-phase')) === 'running')
        .toBe(true)
      if ((await page.getByTestId('move').count()) > 0) {
        moved++
        expect(await page.getByTestId('move').textContent()).toMatch(/Please go to\s*Table [12]/)
        await page.getByRole('button', { name: "I'm at my table" }).click()
        await expect.poll(() => phaseOf(page)).toBe('running')
      }
    }
    // Two tables of two: nobody may sit with the same person again, so at least two move.
    expect(moved).toBeGreaterThanOrEqual(2)
    expect(await participants[0]!.getByTestId('phase').textContent()).toContain('Round 2')
  })
})
