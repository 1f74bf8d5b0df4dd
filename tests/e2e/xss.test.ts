/**
 * Nothing anyone types is ever run as HTML. A café whose every typed field holds a script payload
 * (tests/support/xss-cafe.ts: names, countries, organisations, table names, topic, questions, a
 * registration list, a template, a broadcast, notes with links to `javascript:`, proposals, the
 * merged proposal's title, the summary's title, introduction and translation) is opened on every
 * screen in Chromium with the app's Content-Security-Policy on: home, the join page's name picker,
 * the table page, the facilitator's console, the board, the print page, the summary and the
 * organisers' area. On each, `window.__xss` stays undefined, no dialog opens, no script is blocked
 * by the policy (which would mean one got into the page), no element carries an event handler or
 * a `javascript:` address, and the payloads are there to read as text. The summary's HTML download
 * is then opened from a file, with its own policy and with that policy taken out: escaping alone
 * must hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { seatOnDevice } from '../support/cloth.js'
import { appUrl, launchBrowser } from '../support/browser.js'
import { TYPED, xssCafe, type XssCafe } from '../support/xss-cafe.js'
import type { JoinResponse } from '../../shared/protocol/http.js'

const KEY = 'organisers-key-for-the-xss-walk'

let server: RunningServer
let browser: Browser
let built: XssCafe
/** Every dialog any page opened (alert, confirm, prompt), by page. */
const dialogs: string[] = []

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  browser = await launchBrowser()
  built = await xssCafe(server.url)
}, 60_000)
afterAll(async () => {
  built?.close()
  await browser?.close()
  await server?.stop()
})

/** A device of its own; it records what the page's policy blocked and every dialog. */
async function device(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, acceptDownloads: true })
  context.setDefaultTimeout(10_000)
  // Through the debugging protocol, before any of the page's own scripts: not subject to its policy.
  await context.addInitScript(() => {
    const blocked: string[] = []
    ;(window as unknown as { __blocked: string[] }).__blocked = blocked
    // Nothing at all may be blocked: what was typed would be `inline` (an element or a handler);
    // zod's probe for compiling parsers (`new Function`) is switched off in web/hooks.client.ts.
    document.addEventListener('securitypolicyviolation', (e) => blocked.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`))
  })
  context.on('page', (page) => page.on('dialog', (d) => (dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`), void d.dismiss())))
  return context
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(appUrl(server.port, path))
  return page
}

/** A participant's own phone: their token in this browser's storage, as the join form leaves it. */
async function phoneOf(person: JoinResponse, name: string): Promise<Page> {
  const context = await device({ width: 390, height: 844 })
  const page = await context.newPage()
  await seatOnDevice(page, server.port, person, name)
  await page.getByTestId('phase').waitFor()
  return page
}

/** What the page shows as text (input and textarea values included), case and spaces folded. */
const shownText = (page: Page) =>
  page.evaluate(() => {
    const fields = [...document.querySelectorAll('input, textarea, select')].map((el) => (el as HTMLInputElement).value)
    return [document.body.innerText, ...fields].join('\n').replace(/\s+/g, ' ').toLowerCase()
  })
const folded = (s: string) => s.replace(/\s+/g, ' ').toLowerCase()

/** What got into the page as markup that no typed text should ever become. */
const injected = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = []
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        const value = el.getAttribute(attr) ?? ''
        if (/^on/i.test(attr)) found.push(`<${el.localName} ${attr}="${value}">`)
        if (/^(href|src|action|formaction|xlink:href)$/i.test(attr) && /^\s*javascript:/i.test(value.replace(/[\u0000-\u001f]/g, ''))) found.push(`<${el.localName} ${attr}="${value}">`)
      }
      if (el.localName === 'script' && (el.textContent ?? '').includes('__xss')) found.push('<script>…__xss…</script>')
      if (el.localName === 'img' && el.getAttribute('src') === 'x') found.push('<img src=x>')
    }
    return found
  })

/**
 * The page ran nothing of what was typed: no `__xss`, no dialog, nothing the policy had to block,
 * no injected markup; and each of `texts` is there to read.
 */
async function expectInert(page: Page, screen: string, texts: string[]): Promise<void> {
  for (const text of texts) await expect.poll(() => shownText(page), { message: `${screen} shows ${text}` }).toContain(folded(text))
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), screen).toBeUndefined()
  expect(await page.evaluate(() => (window as unknown as { __blocked: string[] }).__blocked), screen).toEqual([])
  expect(await injected(page), screen).toEqual([])
  expect(dialogs, screen).toEqual([])
}

const seatedAt = (table: number) => built.people.find((p) => built.staff.state()!.seating[p.participantId] === table)!
const nameOf = (p: JoinResponse) => TYPED.people[built.people.indexOf(p)]!.name

describe('the checks are not blind', () => {
  it('markup put into a page as HTML is found, and the policy reports the handler it blocked', async () => {
    const context = await device()
    const page = await open(context, '/')
    await page.getByRole('heading', { level: 1 }).waitFor()
    // What an unescaped `{@html name}` would do with Olena's name.
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), TYPED.people[1]!.name)
    await expect.poll(() => injected(page)).toContain('<img src=x>')
    await expect.poll(() => page.evaluate(() => (window as unknown as { __blocked: string[] }).__blocked.join())).toContain('script-src-attr')
    // The policy held: nothing ran.
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined()
    await context.close()
  })
})

describe('every screen, during round 1', () => {
  it('home: the saved template, and the café it fills in', async () => {
    const page = await open(await device(), '/')
    const picker = page.locator('#create-template')
    await expect.poll(() => picker.locator('option').allTextContents()).toContain(TYPED.template)
    await picker.selectOption({ label: TYPED.template })
    await expectInert(page, 'home', [TYPED.template, TYPED.topic, ...TYPED.questions, ...TYPED.tableNames])
  })

  it("the join page: the topic, and the registration list's names to pick from", async () => {
    const page = await open(await device({ width: 390, height: 844 }), `/join/${built.cafe.joinCode}`)
    await page.getByLabel('Find your name').fill('Aysel')
    await page.getByRole('button', { name: TYPED.registered[0], exact: true }).waitFor()
    await expectInert(page, 'join (Aysel)', [TYPED.topic, TYPED.registered[0]!])
    await page.getByLabel('Find your name').fill('Hanna')
    await expectInert(page, 'join (Hanna)', [TYPED.registered[1]!, TYPED.registered[2]!])
    await page.getByRole('button', { name: TYPED.registered[1], exact: true }).click()
    await expectInert(page, 'join (picked)', [TYPED.registered[1]!])
  })

  it('the table page, at each table: names, table, question, notes with their links, proposals, the broadcast', async () => {
    for (const table of [0, 1]) {
      const person = seatedAt(table)
      const phone = await phoneOf(person, nameOf(person))
      // The host sees the table's people (to write for one of them); others see only the cloth.
      const host = built.staff.state()!.people[person.participantId]!.hostOf === table
      const others = host ? built.people.filter((p) => p !== person && built.staff.state()!.seating[p.participantId] === table).map(nameOf) : []
      const proposal = TYPED.proposal(table, 1)
      await expectInert(phone, `table ${table + 1}`, [TYPED.tableNames[table]!, TYPED.questions[0]!, TYPED.broadcast, TYPED.note(table, 1), TYPED.linkText, proposal.title, ...others])
      // The note's link to javascript: is kept as text, never as an address the page would follow.
      const hrefs = await phone.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
      expect(hrefs.filter((h) => /javascript:/i.test(h))).toEqual([])
      await phone.context().close()
    }
  })

  it("the facilitator's console and the board: names, tables, questions, the broadcast", async () => {
    const context = await device()
    const console = await open(context, `/facilitate/${built.cafe.cafeId}#token=${built.cafe.facilitatorToken}`)
    await console.getByTestId('join-code').waitFor()
    await expectInert(console, 'console', [TYPED.topic, ...TYPED.tableNames, ...TYPED.people.map((p) => p.name), TYPED.broadcast])
    const board = await open(context, `/board/${built.cafe.cafeId}`)
    await board.getByTestId('board').waitFor()
    await expectInert(board, 'board', [TYPED.topic, TYPED.questions[0]!, ...TYPED.tableNames, TYPED.broadcast])
    await context.close()
  })

  it('the print page: plans, table cards and slips, the registration list included', async () => {
    const page = await open(await device(), `/print/${built.cafe.cafeId}#token=${built.cafe.facilitatorToken}`)
    await page.getByTestId('paper').waitFor()
    await expectInert(page, 'print', [TYPED.topic, TYPED.questions[0]!, ...TYPED.tableNames, ...TYPED.people.map((p) => p.name), ...TYPED.registered])
    await page.context().close()
  })
})

describe('every screen, in the harvest', () => {
  beforeAll(async () => {
    await built.roundToHarvest()
  }, 60_000)

  it("the console's harvest and the board's ranking: the merged title", async () => {
    const context = await device()
    const console = await open(context, `/facilitate/${built.cafe.cafeId}#token=${built.cafe.facilitatorToken}`)
    await console.getByTestId('harvest-console').waitFor()
    await expectInert(console, 'harvest console', [TYPED.mergedTitle, TYPED.proposal(0, 2).title, TYPED.proposal(1, 2).title])
    const board = await open(context, `/board/${built.cafe.cafeId}`)
    await board.getByTestId('board').waitFor()
    await expectInert(board, 'harvest board', [TYPED.mergedTitle])
    await context.close()
  })

  it("a participant's ballot", async () => {
    const phone = await phoneOf(built.people[2]!, nameOf(built.people[2]!))
    await phone.getByTestId('ballot').waitFor()
    await expectInert(phone, 'ballot', [TYPED.mergedTitle, TYPED.proposal(0, 2).title])
    await phone.context().close()
  })

  let downloaded = ''
  it('the summary: title, introduction, translation, notes, proposals and names, all as text; its HTML download saved', async () => {
    const context = await device()
    const page = await open(context, `/summary/${built.cafe.cafeId}#token=${built.cafe.facilitatorToken}`)
    await page.getByTestId('summary').waitFor()
    await expect.poll(() => page.getByTestId('summary-status').getAttribute('data-status')).toBe('live')
    await expectInert(page, 'summary', [
      TYPED.summaryTitle,
      TYPED.introduction,
      TYPED.translation,
      TYPED.topic,
      ...TYPED.questions,
      TYPED.note(0, 1),
      TYPED.note(1, 2),
      TYPED.mergedTitle,
      TYPED.proposal(1, 2).what,
      TYPED.people[0]!.name,
    ])
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator('.bar [data-download="html"]').click()])
    downloaded = readFileSync((await file.path())!, 'utf8')
    expect(downloaded).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;')
    await context.close()
  })

  it("the organisers' area: the café's topic in the list", async () => {
    const page = await open(await device(), '/organise')
    await page.getByLabel('Organiser key').fill(KEY)
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await page.locator(`[data-testid=organise-cafe][data-cafe="${built.cafe.cafeId}"]`).waitFor()
    await expectInert(page, 'organise', [TYPED.topic])
    await page.context().close()
  })

  it('the downloaded HTML, opened from a file: inert with its own policy, and with that policy taken out', async () => {
    expect(downloaded).not.toBe('')
    const folder = mkdtempSync(join(tmpdir(), 'tablecloth-xss-'))
    const withPolicy = join(folder, 'summary.html')
    const withoutPolicy = join(folder, 'summary-no-csp.html')
    writeFileSync(withPolicy, downloaded)
    const stripped = downloaded.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '')
    expect(stripped).not.toBe(downloaded)
    writeFileSync(withoutPolicy, stripped)
    for (const file of [withPolicy, withoutPolicy]) {
      const page = await (await device()).newPage()
      await page.goto(`file://${file}`)
      await expectInert(page, file, [TYPED.summaryTitle, TYPED.note(0, 1), TYPED.mergedTitle, TYPED.translation])
      await page.context().close()
    }
  })
})
