/**
 * The README's pictures, taken from the real thing: starts a server (its own data folder), drives
 * Debian's Chromium through the facilitator walk-through and saves PNGs to docs/screenshots/:
 *
 * - home.png         the home page, down to the "Create the café" button (1280 wide);
 * - facilitator.png  the console in the lobby: join code, QR code, controls and the tables, after
 *                    two people joined and one was made host (1280 wide);
 * - table-phone.png  a participant's table on a 390×844 phone during round 1: a Georgian note typed
 *                    there, a Ukrainian line the facilitator adds live, and a proposal with its author;
 * - board.png        the projector board at 1920×1080 during round 1, drawn at two thirds (1280×720);
 * - harvest-console.png  the facilitator's harvest after the last round: dot voting open with the live
 *                    ranking, a suggested duplicate still to decide, merged proposals with the tables,
 *                    rounds, authors and original texts they came from (1280 wide);
 * - voting-phone.png a participant placing dots on a 390×844 phone;
 * - board-ranking.png the projector board ranking the proposals by dots, drawn like board.png;
 * - summary.png      the summary page (1280 wide): a new title, and an English translation typed
 *                    beside the Georgian note from the phone.
 *
 * Run `npx vite build` first when web/ changed, then `npx tsx scripts/screenshots.ts`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../tests/support/server.js'
import { appUrl, launchBrowser } from '../tests/support/browser.js'
import { joinCafe } from '../tests/support/cafe.js'
import { connectCafe } from '../tests/support/cafe-socket.js'
import { addProposal, notesEditor, notesText, openSeat, typeAtEnd, waitUntilSaved } from '../tests/support/cloth.js'
import { connectYjs } from '../tests/support/yjs-client.js'
import { addProposal as addProposalToDoc } from '../shared/cloth/proposals.js'
import { notesField, PROVENANCE_FIELD } from '../shared/cloth/schema.js'
import type { JoinResponse } from '../shared/protocol/http.js'
import { clothDocumentName } from '../shared/protocol/documents.js'

const outDir = join(import.meta.dirname, '..', 'docs', 'screenshots')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const FULL_HD = { width: 1920, height: 1080 }
/** The board is laid out for 1920×1080 and drawn at this scale: a 1280×720 picture for the README. */
const BOARD_SCALE = 2 / 3
const WAIT = { timeout: 15_000 }
/**
 * The LAN address README.md uses as its example. The server is told it is its public address, so
 * the console's link and both QR codes show it (nothing is ever fetched from it).
 */
const README_ORIGIN = 'http://192.168.1.23:3000'

// What people at the example café might write: Georgian and Ukrainian, as at the real venue.
const GEORGIAN_NOTE = 'რესურსცენტრი სახლის მესაკუთრეებს ენერგოეფექტურობაში ეხმარება.'
const UKRAINIAN_NOTE = 'Центр радить мешканцям, як утеплити будинок і де знайти кошти.'
const PHONE_PROPOSAL = 'Free energy audits'
const PHONE_PROPOSAL_WHAT = 'Every apartment block that asks gets an audit within a month.'
const PHONE_PROPOSAL_WHO = 'Resource centres and municipalities'

/** People who arrive after the console's picture, so that the board has names at every table. */
const LATECOMERS = [
  ...['Giorgi', 'Oksana', 'Ion', 'Aysel', 'Taras', 'Mariam', 'Andrii', 'Ana', 'Levan', 'Natalia', 'Vusal', 'Iryna'],
  ...['Dato', 'Sofia', 'Tamar', 'Mykola', 'Elena', 'Rashad', 'Nata', 'Bohdan', 'Lika', 'Vasile', 'Halyna', 'Irakli'],
]

/** What other tables write in round 1, over the Yjs endpoint, for the board's counters. */
const OTHER_TABLES: { table: number; lines: string[]; proposal?: string }[] = [
  {
    table: 1,
    lines: [
      'Юридичні консультації щовівторка: черга на два тижні вперед.',
      'Homeowners would lose the only place that explains the new housing law in plain words.',
    ],
    proposal: 'A national hotline for homeowners',
  },
  {
    table: 2,
    lines: ['ცხელი ხაზი — ზარების რაოდენობა გაორმაგდა გორსა და ქუთაისში.', 'Training for association chairs every month, in Kutaisi and Gori.'],
  },
  {
    table: 3,
    lines: ['Без центру ОСББ не змогли б подати заявки на енергомодернізацію.', 'Templates for meeting minutes and budgets save weeks of work.'],
    proposal: 'Shared templates library for associations',
  },
  {
    table: 5,
    lines: ['Mediation between neighbours: fewer disputes reach the courts.'],
    proposal: 'Mediation service paid by the municipality',
  },
  { table: 6, lines: ['Energy audits led to 30 roofs being insulated last year.', 'Banks now ask for the centre’s audit before a loan.'] },
]

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
    server = await startServer({ env: { TABLECLOTH_PUBLIC_URL: README_ORIGIN } })
    browser = await launchBrowser()
    const port = server.port

    // 1. The home page, with the "Start a café" form prefilled with the example café.
    const desk = await newContext(browser, DESKTOP)
    const facilitator = await desk.newPage()
    await facilitator.goto(appUrl(port, '/'))
    const create = facilitator.getByRole('button', { name: 'Create the café', exact: true })
    await create.waitFor(WAIT)
    await waitForFonts(facilitator)
    // Down to the "Create the café" button, the one the walk-through presses.
    await shoot(facilitator, 'home.png', { x: 0, y: 0, width: DESKTOP.width, height: await bottomOf(create, 24) })

    // 2. Create it; two people join (Nino on a phone, Olena on a laptop); the facilitator makes
    //    Nino the host of Table 1.
    await create.click()
    await facilitator.waitForURL(/\/facilitate\//, WAIT)
    const joinCode = ((await facilitator.getByTestId('join-code').textContent(WAIT)) ?? '').trim()
    const cafeId = new URL(facilitator.url()).pathname.split('/')[2] ?? ''

    const phoneContext = await newContext(browser, PHONE, true)
    const phone = await phoneContext.newPage()
    await phone.goto(appUrl(port, `/join/${joinCode}`))
    await phone.getByLabel('Your name').fill('Nino')
    await phone.getByRole('button', { name: 'Join', exact: true }).click()
    await phone.waitForURL(/\/cafe\//, WAIT)
    // Olena joins on her laptop (here: over the API, then her page opens with her seat).
    const olena = await (await newContext(browser, DESKTOP)).newPage()
    await openSeat(olena, port, await joinCafe(server.url, joinCode, 'Olena'), 'Olena')

    await facilitator.getByTestId('people-count').filter({ hasText: '2' }).waitFor(WAIT)
    const person = (name: string) => facilitator.getByTestId('person').filter({ has: facilitator.locator('.name', { hasText: name }) })
    await person('Nino').getByRole('button', { name: 'Make host', exact: true }).click()
    await person('Nino').filter({ hasText: 'host)' }).waitFor(WAIT)
    for (const name of ['Nino', 'Olena']) await person(name).filter({ hasText: '(online' }).waitFor(WAIT)
    await facilitator.getByTestId('join-qr').locator('svg').waitFor(WAIT)
    await facilitator.mouse.move(0, 0)
    await waitForFonts(facilitator)
    // Down to the end of the tables: the links below are private and not part of the picture.
    const tables = facilitator.locator('section[aria-labelledby="tables-heading"]')
    await shoot(facilitator, 'facilitator.png', { x: 0, y: 0, width: DESKTOP.width, height: await bottomOf(tables, 16) })

    // 3. More people arrive; the facilitator makes a host at every table and starts round 1.
    const latecomers: JoinResponse[] = []
    for (const name of LATECOMERS) latecomers.push(await joinCafe(server.url, joinCode, name))
    await facilitator.getByTestId('people-count').filter({ hasText: String(2 + LATECOMERS.length) }).waitFor(WAIT)
    const cards = tables.locator(':scope > ul > li')
    for (let i = 0; i < (await cards.count()); i++) {
      const card = cards.nth(i)
      if ((await card.getByTestId('person').filter({ hasText: 'host)' }).count()) > 0) continue
      await card.getByRole('button', { name: 'Make host', exact: true }).first().click()
      await card.getByTestId('person').filter({ hasText: 'host)' }).waitFor(WAIT)
    }
    await facilitator.getByRole('button', { name: /Start round 1/ }).click()
    await phone.locator('[data-testid=phase][data-phase=running]').waitFor(WAIT)

    // 4. Nino writes in Georgian on the phone and adds a proposal; the facilitator opens the cloth
    //    of Nino's table and adds a line in Ukrainian, which appears live on the phone.
    await waitUntilSaved(phone, WAIT.timeout)
    await notesEditor(phone).waitFor(WAIT)
    await typeAtEnd(phone, GEORGIAN_NOTE)
    await phone.keyboard.press('Enter')
    const tableName = ((await phone.getByTestId('table-name').textContent()) ?? '').replace(/^.*\s(Table \d+)$/, '$1')
    await facilitator.getByRole('button', { name: `Open the cloth of ${tableName}`, exact: true }).click()
    await waitUntilSaved(facilitator, WAIT.timeout)
    await notesEditor(facilitator).waitFor(WAIT)
    await until(async () => (await notesText(facilitator)).includes(GEORGIAN_NOTE))
    await typeAtEnd(facilitator, UKRAINIAN_NOTE)
    await until(async () => (await notesText(phone)).includes(UKRAINIAN_NOTE))
    // The facilitator steps out of the notes: their named caret leaves the phone's screen.
    await notesEditor(facilitator).blur()

    await addProposal(phone, PHONE_PROPOSAL)
    await phone.getByTestId('proposal').getByLabel('What should happen').fill(PHONE_PROPOSAL_WHAT)
    await phone.getByTestId('proposal').getByLabel('Who could do it').fill(PHONE_PROPOSAL_WHO)
    // (Who proposed it is recorded by the server, then shown.)
    await phone.getByTestId('proposal-origin').filter({ hasText: 'Proposed by Nino · round 1' }).waitFor(WAIT)
    await waitUntilSaved(phone, WAIT.timeout)

    // 5. Other tables write too (here over the Yjs endpoint, as any client could), for the board.
    const token = await facilitatorToken(facilitator, cafeId)
    for (const { table, lines, proposal } of OTHER_TABLES) {
      const cloth = connectYjs(server.url, clothDocumentName(cafeId, table), token)
      await cloth.synced
      const notes = cloth.doc.getXmlFragment(notesField(1))
      cloth.doc.transact(() => {
        for (const line of lines) {
          const paragraph = new Y.XmlElement('paragraph')
          paragraph.insert(0, [new Y.XmlText(line)])
          notes.insert(notes.length, [paragraph])
        }
        if (proposal) addProposalToDoc(cloth.doc, { id: `p-${table}`, title: proposal, what: '', who: '', when: '' })
      })
      await until(() => cloth.provider.wsconnected && !cloth.provider.ws?.bufferedAmount)
      cloth.destroy()
    }

    // The phone's whole page, top to bottom: on a phone the proposals sit below the notes.
    await phone.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await waitForFonts(phone)
    await shoot(phone, 'table-phone.png', 'full')

    // 6. The board on the projector, from the facilitator's device (it holds the token).
    const boardContext = await browser.newContext({
      viewport: FULL_HD,
      deviceScaleFactor: BOARD_SCALE,
      locale: 'en',
      storageState: await desk.storageState(),
    })
    const board = await boardContext.newPage()
    await board.goto(appUrl(port, `/board/${cafeId}`))
    await board.getByTestId('board').and(board.locator('[data-phase="running"]')).waitFor(WAIT)
    for (const { table } of OTHER_TABLES) await board.locator(`[data-testid=board-table][data-table="${table}"]:not([data-words="0"])`).waitFor(WAIT)
    await board.locator('[data-testid=board-table][data-table="0"][data-proposals="1"]').waitFor(WAIT)
    // Full screen, as on the projector (F): the board's own "Full screen" button goes away.
    await board.keyboard.press('f')
    await board.locator('button.full').waitFor({ state: 'detached', timeout: 2_000 }).catch(() => undefined)
    await waitForFonts(board)
    await shoot(board, 'board.png')

    const phoneTable = Number(tableName.replace(/\D/g, '')) - 1
    await harvestPictures({ baseUrl: server.url, cafeId, facilitator, phone, phoneTable, board, latecomers })
    await summaryPicture(facilitator, port, cafeId, phoneTable)
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

/** 8. The summary: the facilitator retitles it and translates the phone's Georgian note beside it. */
async function summaryPicture(facilitator: Page, port: number, cafeId: string, table: number): Promise<void> {
  await facilitator.goto(appUrl(port, `/summary/${cafeId}`))
  await facilitator.locator('[data-testid=summary-status][data-status="live"]').waitFor(WAIT)
  await facilitator.getByTestId('summary-title').fill('Resource centres after the project: what the room proposes')
  const round = facilitator.locator(`[data-testid=summary-round][data-key="note:${table}:1"]`)
  await round.getByTestId('translation').fill('The resource centre helps homeowners with energy efficiency. The centre advises residents how to insulate their building and where to find the money.')
  await round.scrollIntoViewIfNeeded()
  await facilitator.evaluate(() => window.scrollBy(0, -120))
  await facilitator.mouse.move(0, 0)
  await waitForFonts(facilitator)
  await shoot(facilitator, 'summary.png')
}

/** Proposals other tables write in round 1 that say what an earlier one said, in other words. */
const TWINS: { title: string; what: string }[] = [
  { title: 'National hotline for home owners', what: 'One number for the whole country, free of charge.' },
  { title: 'Free energy audits for apartment blocks', what: '' },
  { title: 'Training for association chairs every month', what: 'In Kutaisi and Gori first.' },
  { title: 'Monthly training for association chairs', what: '' },
]

/**
 * 7. The harvest: more proposals arrive in round 1, the café runs through rounds 2 and 3, the
 *    facilitator opens the harvest, merges duplicates and opens voting; Nino votes on the phone
 *    and others from theirs (over socket.io); the console, the phone and the board are pictured.
 */
async function harvestPictures(café: {
  baseUrl: string
  cafeId: string
  facilitator: Page
  phone: Page
  /** The phone's table (0-based), which wrote "Free energy audits". */
  phoneTable: number
  board: Page
  latecomers: JoinResponse[]
}): Promise<void> {
  const { baseUrl, cafeId, facilitator, phone, phoneTable, board, latecomers } = café
  // Written by people who sit at other tables than the originals, each with their own token.
  const taken = new Set<number>([1, phoneTable])
  for (const [i, twin] of TWINS.entries()) {
    const writer = latecomers.find((p) => !taken.has(p.table))!
    taken.add(writer.table)
    const cloth = connectYjs(baseUrl, writer.document, writer.token)
    await cloth.synced
    addProposalToDoc(cloth.doc, { id: `p-twin-${i}`, title: twin.title, what: twin.what, who: '', when: '' })
    await until(() => cloth.doc.getMap(PROVENANCE_FIELD).has(`p-twin-${i}`))
    cloth.destroy()
  }

  const phaseIs = (kind: string) => facilitator.locator(`[data-testid=phase][data-phase=${kind}]`).waitFor(WAIT)
  const press = (name: RegExp) => facilitator.getByRole('button', { name }).click()
  for (let round = 1; round <= 3; round++) {
    await press(/End the round/)
    await phaseIs('ended')
    if (round === 3) break
    await press(/Plan the rotation/)
    await phaseIs('rotating')
    await press(/Apply the rotation/)
    await phaseIs('running')
  }
  await press(/Open the harvest/)
  const console = facilitator.getByTestId('harvest-console')
  const item = (title: string) => console.getByTestId('harvest-item').filter({ has: facilitator.getByRole('heading', { name: title, exact: true }) })
  await item('National hotline for home owners').waitFor(WAIT)

  // The hotline pair from the suggestion, retitled; the two trainings by hand. The audits stay suggested.
  const hotline = console.getByTestId('harvest-suggestion').filter({ hasText: 'National hotline for home owners' })
  await hotline.getByRole('button', { name: 'Merge and edit' }).click()
  await facilitator.getByTestId('merged-editor').getByLabel('Title').fill('A free national hotline for homeowners')
  await facilitator.getByTestId('merged-editor').getByRole('button', { name: 'Save' }).click()
  await item('A free national hotline for homeowners').waitFor(WAIT)
  for (const title of ['Training for association chairs every month', 'Monthly training for association chairs']) {
    await item(title).getByRole('checkbox').check()
  }
  await facilitator.getByRole('button', { name: 'Merge the selected (2)' }).click()
  await console.locator('[data-testid=harvest-item][data-kind=merged]').nth(1).waitFor(WAIT)
  await facilitator.getByRole('button', { name: 'Open voting' }).click()
  await console.getByTestId('voting-controls').and(facilitator.locator('[data-status=open]')).waitFor(WAIT)

  // Nino votes on the phone; ten others from their own screens.
  const ballot = (title: string) => phone.getByTestId('ballot-item').filter({ has: phone.getByRole('heading', { name: title, exact: true }) })
  for (const title of ['A free national hotline for homeowners', 'A free national hotline for homeowners', 'Free energy audits']) {
    const left = await phone.getByTestId('dots-left').textContent()
    await ballot(title).getByRole('button', { name: 'Place a dot' }).click()
    await until(async () => (await phone.getByTestId('dots-left').textContent()) !== left)
  }
  const keyOf = (title: string) => item(title).getAttribute('data-key')
  const choices = await Promise.all(
    ['A free national hotline for homeowners', 'Training for association chairs every month', 'Shared templates library for associations', 'Mediation service paid by the municipality', 'Free energy audits'].map(keyOf),
  )
  for (const [i, person] of latecomers.slice(0, 10).entries()) {
    const voter = await connectCafe(baseUrl, cafeId, person.token)
    for (const pick of [0, i % 3 === 0 ? 1 : 0, 1 + (i % 4)]) {
      const reply = await voter.socket.timeout(10_000).emitWithAck('harvest:command', { type: 'place-dot', itemKey: choices[pick]! })
      if (!reply.ok) throw new Error(`${person.participantId}'s dot on ${choices[pick]} was refused: ${reply.code}`)
    }
    voter.close()
  }
  // Nino's two, every voter's first and four voters' second: 18.
  await console.locator('[data-testid=ranking-row][data-dots="18"]').waitFor(WAIT)

  await facilitator.mouse.move(0, 0)
  await waitForFonts(facilitator)
  const top = await console.evaluate((el) => el.getBoundingClientRect().top + window.scrollY)
  await shoot(facilitator, 'harvest-console.png', { x: 0, y: Math.floor(top - 16), width: DESKTOP.width, height: Math.ceil((await bottomOf(console, 16)) - top + 16) })

  await phone.evaluate(() => window.scrollTo(0, 0))
  await waitForFonts(phone)
  await shoot(phone, 'voting-phone.png')

  await board.locator('[data-testid=board-ranking-row][data-dots="18"]').waitFor(WAIT)
  await waitForFonts(board)
  await shoot(board, 'board-ranking.png')
}

async function newContext(browser: Browser, viewport: { width: number; height: number }, phone = false): Promise<BrowserContext> {
  // Device scale 1 keeps the PNGs small; the README shows them at this size anyway.
  return browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: phone, hasTouch: phone, locale: 'en' })
}

/** The facilitator's token, as the console keeps it in this browser. */
async function facilitatorToken(page: Page, cafeId: string): Promise<string> {
  const seat = await page.evaluate((id) => localStorage.getItem(`tablecloth:${id}:facilitator`), cafeId)
  if (!seat) throw new Error('the console keeps no facilitator token')
  return (JSON.parse(seat) as { token: string }).token
}

/** Where an element ends on the page, plus a margin, in whole pixels. */
async function bottomOf(locator: ReturnType<Page['locator']>, margin: number): Promise<number> {
  const bottom = await locator.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY)
  return Math.ceil(bottom + margin)
}

/** Polls until the condition holds (15 s at most). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT.timeout
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition.toString()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The app's own web fonts (Noto Sans, Noto Sans Georgian) must have loaded before a picture. */
async function waitForFonts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready
  })
}

type Area = 'viewport' | 'full' | { x: number; y: number; width: number; height: number }

/** A picture of the viewport, the whole page, or an area of the whole page (in CSS pixels). */
async function shoot(page: Page, file: string, area: Area = 'viewport'): Promise<void> {
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
