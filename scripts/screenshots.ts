/**
 * The README's pictures, taken from the real thing: starts a server (its own data folder), drives
 * Debian's Chromium through the facilitator walk-through and saves viewport-sized PNGs to
 * docs/screenshots/. Run `npx vite build` first when web/ changed, then
 * `npx tsx scripts/screenshots.ts`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../tests/support/server.js'
import { appUrl, launchBrowser } from '../tests/support/browser.js'
import { joinCafe } from '../tests/support/cafe.js'

const outDir = join(import.meta.dirname, '..', 'docs', 'screenshots')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const WAIT = { timeout: 15_000 }
/** The LAN address README.md uses as its example. */
const README_ORIGIN = 'http://192.168.1.23:3000'

// What people at the example café might write: Georgian and Ukrainian, as at the real venue.
const GEORGIAN_NOTE = 'რესურსცენტრი სახლის მესაკუთრეებს ენერგოეფექტურობაში ეხმარება.'
const UKRAINIAN_NOTE = 'Центр радить мешканцям, як утеплити будинок і де знайти кошти.'

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  let server: RunningServer | undefined
  let browser: Browser | undefined
  // Whatever happens, the server process must not outlive this script.
  const stopServer = () => void server?.stop('SIGKILL')
  const interrupted = () => {
    stopServer()
    process.exit(130)
  }
  process.once('exit', stopServer)
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  try {
    server = await startServer()
    browser = await launchBrowser()
    const port = server.port

    // 1. The home page, with the "Start a café" form prefilled with the example café.
    const desk = await newContext(browser, DESKTOP)
    const facilitator = await desk.newPage()
    await facilitator.goto(appUrl(port, '/'))
    await facilitator.getByRole('button', { name: 'Create the café', exact: true }).waitFor(WAIT)
    await waitForFonts(facilitator)
    // Down to the end of the form, so the picture shows the button the walk-through presses.
    const form = await facilitator.locator('form[aria-labelledby="create-heading"]').boundingBox()
    const homeHeight = Math.min(1100, Math.ceil((form?.y ?? 0) + (form?.height ?? DESKTOP.height) + 24))
    await shoot(facilitator, 'home.png', { x: 0, y: 0, width: DESKTOP.width, height: homeHeight })

    // 2. Create it; two people join (one on a phone, one over the API), names appear under tables.
    await facilitator.getByRole('button', { name: 'Create the café', exact: true }).click()
    await facilitator.waitForURL(/\/facilitate\//, WAIT)
    const joinCode = ((await facilitator.getByTestId('join-code').textContent(WAIT)) ?? '').trim()

    const phoneContext = await newContext(browser, PHONE, true)
    const phone = await phoneContext.newPage()
    await phone.goto(appUrl(port, `/join/${joinCode}`))
    await phone.getByLabel('Your name').fill('Nino')
    await phone.getByRole('button', { name: 'Join', exact: true }).click()
    await phone.waitForURL(/\/cafe\//, WAIT)
    await joinCafe(server.url, joinCode, 'Olena')

    await facilitator.getByTestId('people-count').filter({ hasText: '2' }).waitFor(WAIT)
    await facilitator.getByText('Olena').waitFor(WAIT)
    await facilitator.getByText('Nino').waitFor(WAIT)
    await waitForFonts(facilitator)
    // The page names the address it was opened at; ours is a test name with a random port, so
    // the picture shows the README's example LAN address instead (only that text is replaced).
    await facilitator.evaluate(
      ({ from, to }) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.nodeValue?.includes(from)) node.nodeValue = node.nodeValue.replaceAll(from, to)
        }
      },
      { from: new URL(appUrl(port)).origin, to: README_ORIGIN },
    )
    await shoot(facilitator, 'facilitator.png')

    // 3. Nino writes in Georgian on the phone; the facilitator opens the cloth of Nino's table
    //    and adds a line in Ukrainian, which appears live on the phone.
    const phoneNotes = phone.locator('#cloth-notes')
    await phone.locator('#cloth-notes[data-synced="true"]').waitFor(WAIT)
    await phoneNotes.click()
    await phone.keyboard.type(`${GEORGIAN_NOTE}\n`)
    const tableName = ((await phone.getByTestId('table-name').textContent()) ?? '').replace(/^.*\s(Table \d+)$/, '$1')
    await facilitator.getByRole('button', { name: `Open the cloth of ${tableName}`, exact: true }).click()
    const facilitatorNotes = facilitator.locator('#cloth-notes[data-synced="true"]')
    await facilitatorNotes.waitFor(WAIT)
    await facilitator.waitForFunction(
      (text) => (document.querySelector('#cloth-notes') as HTMLTextAreaElement | null)?.value.includes(text) ?? false,
      GEORGIAN_NOTE,
      WAIT,
    )
    await facilitatorNotes.press('Control+End')
    await facilitator.keyboard.type(UKRAINIAN_NOTE)
    await phone.waitForFunction(
      (text) => (document.querySelector('#cloth-notes') as HTMLTextAreaElement | null)?.value.includes(text) ?? false,
      UKRAINIAN_NOTE,
      WAIT,
    )
    await phone.getByText('All changes saved').waitFor(WAIT)
    // The screenshot should not show the text cursor blinking in the middle of a word.
    await phoneNotes.blur()
    await waitForFonts(phone)
    // The whole (short) page: on a phone the save status sits just below the fold.
    await shoot(phone, 'table-phone.png', 'full')
  } finally {
    await browser?.close()
    if (server) {
      await server.stop()
      rmSync(server.dataDir, { recursive: true, force: true })
    }
    process.off('exit', stopServer)
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
  }
}

async function newContext(browser: Browser, viewport: { width: number; height: number }, phone = false): Promise<BrowserContext> {
  // Device scale 1 keeps the PNGs small; the README shows them at this size anyway.
  return browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: phone, hasTouch: phone, locale: 'en' })
}

/** The app's own web fonts (Noto Sans, Noto Sans Georgian) must have loaded before a picture. */
async function waitForFonts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready
  })
}

async function shoot(page: Page, file: string, area: 'viewport' | 'full' | { x: number; y: number; width: number; height: number } = 'viewport'): Promise<void> {
  await page.screenshot({
    path: join(outDir, file),
    fullPage: area !== 'viewport',
    clip: typeof area === 'object' ? area : undefined,
    animations: 'disabled',
    caret: 'hide',
  })
  process.stdout.write(`saved docs/screenshots/${file}\n`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
