/**
 * The board on the projector and the console that drives it, in Chromium: the console's controls
 * and a broadcast reach the board and two participants' screens; the board is readable from the
 * back of the hall; its QR code leads laptops to the café. Screenshots of the board at 1920×1080
 * are kept in test-results/ (git-ignored) as artefacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import jsQR from 'jsqr'
import * as Y from 'yjs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { freePort, startServer, type RunningServer } from '../support/server.js'
import { APP_HOST, appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { boardOverflow, boardReadability } from '../support/board-readability.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'
import { addProposal } from '../../shared/cloth/proposals.js'
import { notesField } from '../../shared/cloth/schema.js'
import type { CreateCafeResponse } from '../../shared/protocol/http.js'

const ARTEFACTS = join(import.meta.dirname, '..', '..', 'test-results')
const FULL_HD = { width: 1920, height: 1080 }

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true })
  // The address the operator would configure behind a proxy; Chromium reaches it by name.
  const port = await freePort()
  server = await startServer({ port, env: { TABLECLOTH_PUBLIC_URL: `http://${APP_HOST}:${port}` } })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** A device holding the facilitator's link: its console and board share its localStorage. */
async function facilitatorDevice(cafe: CreateCafeResponse): Promise<{ context: BrowserContext; console: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
  await page.getByTestId('join-code').waitFor()
  return { context, console: page }
}

async function openBoard(context: BrowserContext, cafeId: string, viewport = FULL_HD): Promise<Page> {
  const board = await context.newPage()
  await board.setViewportSize(viewport)
  await board.goto(appUrl(server.port, `/board/${cafeId}`))
  await board.getByTestId('board').and(board.locator('[data-phase]')).waitFor()
  return board
}

/** Decodes the QR code as the screen shows it: a screenshot, its pixels read back by Chromium. */
async function decodeQr(page: Page): Promise<string | undefined> {
  const png = await page.getByTestId('join-qr').screenshot()
  const image = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    const context = canvas.getContext('2d')!
    context.drawImage(bitmap, 0, 0)
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height)
    return { data: Array.from(data), width, height }
  }, png.toString('base64'))
  return jsQR(Uint8ClampedArray.from(image.data), image.width, image.height)?.data
}

const overflow = (page: Page) => boardOverflow(page, '[data-testid=board-table], [data-testid=board-harvest-table]')

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTEFACTS, `board-${name}.png`) })
const phaseOf = (page: Page) => page.getByTestId('phase').getAttribute('data-phase')
const boardPhase = (board: Page) => board.getByTestId('board').getAttribute('data-phase')
const broadcastOn = async (page: Page) => ((await page.getByTestId('broadcast-text').count()) > 0 ? page.getByTestId('broadcast-text').textContent() : undefined)

describe('the facilitator runs the café from the console; the board and two laptops follow', () => {
  let cafe: CreateCafeResponse
  let console: Page
  let board: Page
  const participants: Page[] = []

  it('the console opens the board; the board shows the join code and a QR code of the public address, never a token', async () => {
    cafe = await createCafe(server.url, { tables: 2, roundMinutes: 20, questions: ['What would homeowners miss?', 'Who else could fund the rest?'] })
    const device = await facilitatorDevice(cafe)
    console = device.console
    const [opened] = await Promise.all([device.context.waitForEvent('page'), console.getByTestId('open-board').click()])
    board = opened
    await board.setViewportSize(FULL_HD)
    await board.getByTestId('board-join-code').waitFor()
    expect(board.url()).toBe(appUrl(server.port, `/board/${cafe.cafeId}`))
    expect(await board.getByTestId('board-join-code').textContent()).toBe(cafe.joinCode)
    const html = await board.content()
    for (const secret of [cafe.facilitatorToken, cafe.organiserToken]) expect(html).not.toContain(secret)
  })

  it('the QR code decodes to the public join address, on which two people join', async () => {
    await expect.poll(() => board.getByTestId('join-qr').locator('svg').count()).toBe(1)
    const url = await decodeQr(board)
    expect(url).toBe(`http://${APP_HOST}:${server.port}/join/${cafe.joinCode}`)
    expect(new URL(url!).hostname).not.toMatch(/^(localhost|127\.|\[::1\])/)
    for (const name of ['Nino Beridze', 'Olena Kovalenko']) {
      const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage()
      await page.goto(url!)
      await page.getByLabel('Your name').fill(name)
      await page.getByRole('button', { name: 'Join' }).click()
      await page.waitForURL(/\/cafe\//)
      participants.push(page)
      // Names appear on the board as people join.
      await expect.poll(() => board.getByTestId('board-names').textContent()).toContain(name)
    }
    expect(await board.getByTestId('board-here-count').textContent()).toContain('2')
    const html = await board.content()
    for (const page of participants) {
      const rejoin = (await page.getByTestId('rejoin-code').textContent())!.trim()
      expect(html).not.toContain(rejoin)
    }
    await shot(board, 'lobby')
  })

  it('start: the board shows the question, the clock and the tables; the laptops see the round', async () => {
    await console.getByRole('button', { name: /Start round 1/ }).click()
    await expect.poll(() => boardPhase(board)).toBe('running')
    expect(await board.getByTestId('board-question').textContent()).toBe('What would homeowners miss?')
    await expect.poll(() => board.getByTestId('round-clock').textContent()).toMatch(/^\s*(20:00|19:5\d)\s*$/)
    expect(await board.getByTestId('board-clock').getAttribute('data-last')).toBe('false')
    await expect.poll(() => board.getByTestId('board-table').count()).toBe(2)
    for (const page of participants) await expect.poll(() => phaseOf(page)).toBe('running')
  })

  it("the tables' counters follow what people write", async () => {
    const cloth = connectYjs(server.url, `${cafe.cafeId}/table/1`, cafe.facilitatorToken)
    await cloth.synced
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    text.insert(0, 'The hotline answered 4000 calls in Gori and Kutaisi')
    cloth.doc.getXmlFragment(notesField(1)).insert(0, [paragraph])
    addProposal(cloth.doc, { id: 'p-board-1', title: 'Hotline funded by the municipality', what: '', who: '', when: '' })
    const first = board.locator('[data-testid=board-table][data-table="0"]')
    await expect.poll(() => first.getAttribute('data-words')).toBe('9')
    await expect.poll(() => first.getByTestId('newest-proposal').textContent()).toContain('Hotline funded by the municipality')
    expect(await first.getAttribute('data-proposals')).toBe('1')
    cloth.destroy()
    await shot(board, 'round')
  })

  it('pause by key: the board and both laptops show the pause', async () => {
    await console.keyboard.press('p')
    await expect.poll(() => boardPhase(board)).toBe('paused')
    expect(await board.getByTestId('board-clock').textContent()).toContain('Paused')
    for (const page of participants) await expect.poll(() => phaseOf(page)).toBe('paused')
  })

  it('a broadcast appears on the console, the board and both laptops, until dismissed, replaced or cleared', async () => {
    await console.keyboard.press('m')
    await console.keyboard.type('Coffee is ready in the hall')
    await console.getByRole('button', { name: 'Show on every screen' }).click()
    for (const page of [console, board, ...participants]) await expect.poll(() => broadcastOn(page)).toBe('Coffee is ready in the hall')
    await shot(board, 'broadcast')

    // One person dismisses it on their laptop: gone there, still everywhere else.
    await participants[0]!.getByRole('button', { name: 'Dismiss' }).click()
    expect(await broadcastOn(participants[0]!)).toBeUndefined()
    expect(await broadcastOn(participants[1]!)).toBe('Coffee is ready in the hall')
    // A new message replaces it and shows again, there too.
    await console.getByLabel('Message (up to 280 characters)').fill('Back at your tables in 2 minutes')
    await console.getByRole('button', { name: 'Show on every screen' }).click()
    for (const page of [console, board, ...participants]) await expect.poll(() => broadcastOn(page)).toBe('Back at your tables in 2 minutes')
    // Cleared from the console: gone from every screen.
    await console.getByRole('button', { name: 'Clear the message' }).click()
    for (const page of [console, board, ...participants]) await expect.poll(() => broadcastOn(page)).toBeUndefined()
  })

  it('the rotation: the board tells everyone but the hosts to move, with a countdown; the laptops say where to go', async () => {
    await console.keyboard.press('p')
    await expect.poll(() => boardPhase(board)).toBe('running')
    await console.getByRole('button', { name: /End the round/ }).click()
    await expect.poll(() => boardPhase(board)).toBe('ended')
    await console.getByRole('button', { name: /Plan the rotation/ }).click()
    await board.getByTestId('board-rotating').waitFor()
    await console.getByRole('button', { name: /Apply the rotation/ }).click()
    await board.getByTestId('board-move').waitFor()
    expect(await board.getByTestId('board-move').textContent()).toContain('Everyone but the hosts moves now')
    await expect.poll(() => board.getByTestId('board-move-countdown').textContent()).toMatch(/^(1:00|0:[345]\d)$/)
    expect(await board.getByTestId('board-round').textContent()).toContain('Round 2 of 2')
    for (const page of participants) {
      await expect
        .poll(async () => (await page.getByTestId('move').count()) > 0 || (await phaseOf(page)) === 'running')
        .toBe(true)
    }
    await shot(board, 'rotation')
  })

  it('the harvest: the board shows the proposals of every table', async () => {
    await console.getByRole('button', { name: /End the round/ }).click()
    await console.getByRole('button', { name: /Open the harvest/ }).click()
    await expect.poll(() => boardPhase(board)).toBe('harvest')
    const proposals = board.getByTestId('board-harvest-proposal')
    await expect.poll(() => proposals.allTextContents()).toEqual(['Hotline funded by the municipality'])
    expect(await board.locator('[data-testid=board-harvest-table][data-table="0"]').textContent()).toContain('Table 1')
    await shot(board, 'harvest')
  })
})

describe('the board is readable from the back of the hall', () => {
  it('in the lobby: body text of at least 28 px at 1080p, contrast AA', async () => {
    const cafe = await createCafe(server.url, { tables: 8 })
    for (const name of ['Nino', 'Olena', 'Ion', 'Aysel']) await joinCafe(server.url, cafe.joinCode, name)
    const { context } = await facilitatorDevice(cafe)
    const board = await openBoard(context, cafe.cafeId)
    await board.getByTestId('board-join-code').waitFor()
    const texts = await boardReadability(board)
    expect(texts.length).toBeGreaterThan(5)
    expect(texts.filter((t) => t.fontSize < 28)).toEqual([])
    expect(texts.filter((t) => t.contrast < 4.5)).toEqual([])
    expect(await axeViolations(board)).toEqual([])
    await context.close()
  })

  it.each([8, 20])(
    'with %i tables in the last minutes and a message up: 28 px, AA contrast, nothing to scroll at 1080p and 720p',
    async (tables) => {
      const cafe = await createCafe(server.url, { tables, roundMinutes: 2 })
      for (let i = 0; i < tables * 5; i++) await joinCafe(server.url, cafe.joinCode, `${['Nino Beridze', 'Olena Kovalenko', 'Ion Rusu', 'Aysel Mammadova', 'Hanna Schmidt'][i % 5]} ${i}`)
      const { context, console } = await facilitatorDevice(cafe)
      await console.getByRole('button', { name: /Start round 1/ }).click()
      await console.getByLabel('Message (up to 280 characters)').fill('Please write your proposals on the cloth before the bell rings at the end of this round')
      await console.getByRole('button', { name: 'Show on every screen' }).click()
      const board = await openBoard(context, cafe.cafeId)
      await expect.poll(() => board.getByTestId('board-table').count()).toBe(tables)
      await board.getByTestId('broadcast').waitFor()
      // The last two minutes: a colour, and words and a shape as well.
      await expect.poll(() => board.getByTestId('board-clock').getAttribute('data-last')).toBe('true')
      expect(await board.getByTestId('last-minutes').textContent()).toContain('Last minutes')

      const texts = await boardReadability(board)
      expect(texts.filter((t) => t.fontSize < 28)).toEqual([])
      expect(texts.filter((t) => t.contrast < 4.5)).toEqual([])
      expect(await axeViolations(board)).toEqual([])
      expect(await overflow(board)).toEqual({ page: false, boxes: 0 })
      if (tables === 20) await shot(board, 'round-20-tables')
      await board.setViewportSize({ width: 1280, height: 720 })
      await expect.poll(() => overflow(board)).toEqual({ page: false, boxes: 0 })
      await context.close()
    },
    60_000,
  )
})
