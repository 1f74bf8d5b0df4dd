/**
 * Every participant in their own language (issue 7): a phone that reads Georgian and a laptop
 * that reads Russian get the join and table screens in their language without choosing anything;
 * someone else picks theirs on the join page; the board keeps a language of its own beside the
 * console on the same laptop. Expected strings come from the message files as they are when the
 * test runs (translators may improve them); what people type stays as typed; the Georgian
 * interface is set in the Noto font our server sends, not in one the machine happens to have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import { notesEditor, notesText, waitUntilSaved } from '../support/cloth.js'
import type { CreateCafeResponse } from '../../shared/protocol/http.js'

const root = join(import.meta.dirname, '..', '..')
const artefacts = join(root, 'test-results', 'languages')

type Variants = { declarations: string[]; selectors: string[]; match: Record<string, string> }
type Message = string | Variants[]
const files = new Map<string, Record<string, Message>>()

/**
 * A message as the person should read it, from the message file itself: the plural variant that
 * Intl's plural rules pick for the numbers given, its placeholders filled in.
 */
function say(locale: string, key: string, inputs: Record<string, string | number> = {}): string {
  if (!files.has(locale)) files.set(locale, JSON.parse(readFileSync(join(root, 'messages', `${locale}.json`), 'utf8')))
  const message = files.get(locale)![key]
  if (message === undefined) throw new Error(`${locale}.json has no ${key}`)
  let text: string | undefined
  if (typeof message === 'string') text = message
  else {
    const v = message[0]!
    const chosen = new Map<string, string>()
    for (const d of v.declarations) {
      const local = /^local\s+(\S+)\s*=\s*(\S+)\s*:\s*plural\b(.*)$/.exec(d.trim())
      if (!local) continue
      const type = /type\s*=\s*ordinal/.test(local[3]!) ? 'ordinal' : 'cardinal'
      chosen.set(local[1]!, new Intl.PluralRules(locale, { type }).select(Number(inputs[local[2]!])))
    }
    text = Object.entries(v.match).find(([variant]) =>
      variant.split(',').every((part) => {
        const [selector = '', value = ''] = part.split('=').map((s) => s.trim())
        return value === '*' || chosen.get(selector) === value
      }),
    )?.[1]
  }
  if (text === undefined) throw new Error(`${locale}.json: no variant of ${key} for ${JSON.stringify(inputs)}`)
  return text.replace(/\{\s*([A-Za-z_][\w-]*)\s*\}/g, (_, name: string) => String(inputs[name]))
}

let server: RunningServer
let browser: Browser
let cafe: CreateCafeResponse
const contexts: BrowserContext[] = []

const TOPIC = 'Sustainable functioning of resource centres'
const PHONE = { width: 390, height: 844 }
const LAPTOP = { width: 1280, height: 800 }
const FULL_HD = { width: 1920, height: 1080 }

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true })
  server = await startServer()
  browser = await launchBrowser()
  cafe = await createCafe(server.url, { topic: TOPIC, tables: 2 })
})
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
})

/** A device whose browser reads `locale` (navigator.languages and Accept-Language), or English. */
async function device(viewport: { width: number; height: number }, locale?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, ...(locale ? { locale } : {}) })
  contexts.push(context)
  return context.newPage()
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang)
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent()

/** The fonts Chromium really drew a node's text with (DevTools protocol), not what CSS asked for. */
async function fontsOf(page: Page, selector: string): Promise<{ familyName: string; isCustomFont: boolean; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.enable')
  await cdp.send('CSS.enable')
  const { root: doc } = await cdp.send('DOM.getDocument')
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector })
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  await cdp.detach()
  return fonts
}

/** Georgian letters drawn in the Noto Sans Georgian the server sent, and nothing in a system font. */
async function expectOurGeorgianFont(page: Page, selector: string): Promise<void> {
  expect(await page.locator(selector).textContent()).toMatch(/[\u10D0-\u10FF]/)
  const fonts = await fontsOf(page, selector)
  expect(fonts.map((f) => f.familyName)).toContain('Noto Sans Georgian')
  for (const font of fonts) expect(font).toMatchObject({ isCustomFont: true, familyName: expect.stringMatching(/^Noto Sans/) })
}

describe('every participant in their own language', () => {
  it('a phone that reads Georgian gets the join page in Georgian, set in the font we serve', async () => {
    const nino = await device(PHONE, 'ka-GE')
    await nino.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    // The server already answered in Georgian, from the browser's Accept-Language.
    expect(await htmlLang(nino)).toBe('ka')
    expect(await heading(nino)).toBe(say('ka', 'join_title'))
    await expect.poll(() => nino.getByTestId('join-topic').textContent()).toBe(say('ka', 'join_topic', { topic: TOPIC }))
    await nino.getByLabel(say('ka', 'join_name_label')).waitFor()
    await nino.getByRole('button', { name: say('ka', 'join_button') }).waitFor()
    // The picker says which language this is, in that language.
    const picker = nino.getByLabel(say('ka', 'language_label'), { exact: true })
    expect(await picker.inputValue()).toBe('ka')
    expect(await picker.locator('option:checked').textContent()).toBe('ქართული')
    expect(await picker.locator('option').evaluateAll((os) => os.map((o) => `${o.getAttribute('lang')}:${o.textContent}`))).toEqual([
      'en:English', 'ka:ქართული', 'ru:Русский', 'uk:Українська', 'az:Azərbaycanca', 'ro:Română', 'de:Deutsch',
    ])
    await expectOurGeorgianFont(nino, 'h1')
    expect(await axeViolations(nino)).toEqual([])
    await nino.screenshot({ path: join(artefacts, 'join-ka-390.png'), fullPage: true })
  })

  it('a Georgian participant joins and sits at the table in Georgian; what they type stays as typed', async () => {
    const nino = await device(PHONE, 'ka-GE')
    await nino.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    await nino.getByLabel(say('ka', 'join_name_label')).fill('ნინო ბერიძე')
    await nino.getByRole('button', { name: say('ka', 'join_button') }).click()
    await nino.waitForURL(/\/cafe\//)
    await waitUntilSaved(nino)
    const tables = [1, 2].map((n) => say('ka', 'table_heading', { table: say('ka', 'table_number', { number: n }) }))
    expect(tables).toContain(await nino.getByTestId('table-name').textContent())
    expect(await nino.getByTestId('phase').textContent()).toBe(say('ka', 'phase_lobby'))
    expect(await nino.getByText(say('ka', 'rejoin_code_label'), { exact: false }).count()).toBe(1)
    // The topic was typed in English and stays so; the name was typed in Georgian and stays so.
    expect(await nino.locator('.topic').textContent()).toBe(TOPIC)
    await expect.poll(() => nino.getByText(say('ka', 'cloth_presence_you', { name: 'ნინო ბერიძე' })).count()).toBe(1)
    await notesEditor(nino).click()
    const typed = 'ცხელი ხაზი — горячая линия, hotline'
    await nino.keyboard.type(typed)
    await expect.poll(() => notesText(nino)).toBe(typed)
    expect(await htmlLang(nino)).toBe('ka')
    await expectOurGeorgianFont(nino, '[data-testid="table-name"]')
  })

  it('a laptop that reads Russian gets the table, the round and its clock in Russian', async () => {
    const olga = await device(LAPTOP, 'ru-RU')
    await olga.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    expect(await htmlLang(olga)).toBe('ru')
    expect(await heading(olga)).toBe(say('ru', 'join_title'))
    await olga.getByLabel(say('ru', 'join_name_label')).fill('Ольга Петренко')
    await olga.getByRole('button', { name: say('ru', 'join_button') }).click()
    await olga.waitForURL(/\/cafe\//)
    await waitUntilSaved(olga)
    const tables = [1, 2].map((n) => say('ru', 'table_heading', { table: say('ru', 'table_number', { number: n }) }))
    expect(tables).toContain(await olga.getByTestId('table-name').textContent())

    // The facilitator starts round 1 and pauses it: the clock stands still, readable in Russian.
    const staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    try {
      expect(await staff.command({ type: 'start' })).toMatchObject({ ok: true })
      expect(await staff.command({ type: 'pause' })).toMatchObject({ ok: true })
    } finally {
      staff.close()
    }
    await expect.poll(() => olga.getByTestId('phase').textContent()).toBe(say('ru', 'phase_paused'))
    const clock = olga.getByTestId('round-clock')
    const shown = (await clock.textContent())!.trim()
    const [minutes, seconds] = shown.split(':').map(Number) as [number, number]
    expect(shown).toMatch(/^\d{1,2}:\d{2}$/)
    expect(minutes * 60 + seconds).toBeGreaterThan(19 * 60)
    // Screen readers hear the time in words, each number with its own Russian plural form.
    expect(await clock.getAttribute('aria-label')).toBe(say('ru', 'timer_left', { minutes, seconds }))
    expect(await clock.getAttribute('aria-label')).not.toBe(say('en', 'timer_left', { minutes, seconds }))
  })

  it('the console counts people with the right Russian plural: 1, 2, 5 and 21', async () => {
    const counted = await createCafe(server.url, { topic: 'Ресурсные центры после проекта', tables: 8 })
    const desk = await device(LAPTOP, 'ru-RU')
    await desk.goto(appUrl(server.port, `/facilitate/${counted.cafeId}#token=${counted.facilitatorToken}`))
    expect(await heading(desk)).toBe(say('ru', 'facilitate_title', { topic: 'Ресурсные центры после проекта' }))
    let joined = 0
    const forms = new Set<string>()
    for (const count of [1, 2, 5, 21]) {
      while (joined < count) await joinCafe(server.url, counted.joinCode, `Участник ${++joined}`)
      await expect.poll(() => desk.getByTestId('people-count').textContent()).toBe(say('ru', 'facilitate_people', { count }))
      forms.add(new Intl.PluralRules('ru').select(count))
    }
    // 1 and 21 share a form; 2 and 5 each have their own.
    expect([...forms].sort()).toEqual(['few', 'many', 'one'])
  })

  it('the summary gives its date and time the Russian way, through Intl', async () => {
    const page = await device(LAPTOP, 'ru-RU')
    await page.goto(appUrl(server.port, `/summary/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    const date = page.getByTestId('summary-date')
    await date.waitFor()
    const today = new Date().toISOString().slice(0, 10)
    const [ru, en] = await page.evaluate(
      (iso) => ['ru', 'en'].map((l) => new Intl.DateTimeFormat(l, { dateStyle: 'long' }).format(new Date(`${iso}T12:00:00`))),
      today,
    )
    expect(await date.textContent()).toBe(ru)
    expect(ru).not.toBe(en)
    // "Notes and proposals as of 14:05": a 24-hour clock, as Russian writes it (English: 2:05 PM).
    const [before, after] = say('ru', 'summary_updated', { time: '\u0000' }).split('\u0000') as [string, string]
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    await expect.poll(() => page.locator('.updated').textContent()).toMatch(new RegExp(`^${escape(before)}\\d{2}:\\d{2}${escape(after)}$`))
  })

  it('someone who picks Русский on the join page reads it at once, keeps what they typed, and keeps Russian on the table page', async () => {
    const lena = await device(PHONE)
    await lena.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    expect(await htmlLang(lena)).toBe('en')
    expect(await heading(lena)).toBe(say('en', 'join_title'))
    await lena.getByLabel(say('en', 'join_name_label')).fill('Лена')
    // A marker on the window: if choosing a language reloaded the page, it would be gone.
    await lena.evaluate(() => ((window as unknown as { marker: number }).marker = 1))
    await lena.getByLabel(say('en', 'language_label'), { exact: true }).selectOption('ru')
    await expect.poll(() => heading(lena)).toBe(say('ru', 'join_title'))
    expect(await htmlLang(lena)).toBe('ru')
    expect(await lena.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1)
    expect(await lena.getByLabel(say('ru', 'join_name_label')).inputValue()).toBe('Лена')
    // Remembered on this device: the server renders the next page in Russian straight away.
    const html = await lena.evaluate(() => fetch(location.href).then((r) => r.text()))
    expect(html).toContain('<html lang="ru">')
    await lena.reload()
    expect(await htmlLang(lena)).toBe('ru')
    expect(await heading(lena)).toBe(say('ru', 'join_title'))
    await lena.getByLabel(say('ru', 'join_name_label')).fill('Лена')
    await lena.getByRole('button', { name: say('ru', 'join_button') }).click()
    await lena.waitForURL(/\/cafe\//)
    await expect.poll(() => lena.getByTestId('phase').textContent()).toBe(say('ru', 'phase_paused'))
    expect(await htmlLang(lena)).toBe('ru')
  })

  it('the board keeps its own language: Georgian for the hall while the console on the same laptop stays English', async () => {
    const lobby = await createCafe(server.url, { topic: TOPIC, tables: 2 })
    await joinCafe(server.url, lobby.joinCode, 'ნინო')
    await joinCafe(server.url, lobby.joinCode, 'Olena')
    const desk = await device(LAPTOP)
    await desk.goto(appUrl(server.port, `/facilitate/${lobby.cafeId}#token=${lobby.facilitatorToken}`))
    expect(await heading(desk)).toBe(say('en', 'facilitate_title', { topic: TOPIC }))

    // The board opens from the console, in a second window of the same browser.
    const board = await desk.context().newPage()
    await board.setViewportSize(FULL_HD)
    await board.goto(appUrl(server.port, `/board/${lobby.cafeId}`))
    await expect.poll(() => board.locator('#join-heading').textContent()).toBe(say('en', 'board_join_heading'))
    await board.getByLabel(say('en', 'language_label'), { exact: true }).selectOption('ka')
    await expect.poll(() => board.locator('#join-heading').textContent()).toBe(say('ka', 'board_join_heading'))
    expect(await board.getByTestId('board-here-count').textContent()).toBe(say('ka', 'board_here', { count: 2 }))
    expect(await htmlLang(board)).toBe('ka')

    // The console did not follow, not even after a reload.
    expect(await heading(desk)).toBe(say('en', 'facilitate_title', { topic: TOPIC }))
    await desk.reload()
    await expect.poll(() => heading(desk)).toBe(say('en', 'facilitate_title', { topic: TOPIC }))
    expect(await htmlLang(desk)).toBe('en')

    // The console's own choice changes the console only; the board keeps Georgian after a reload.
    await desk.getByLabel(say('en', 'language_label'), { exact: true }).selectOption('de')
    await expect.poll(() => heading(desk)).toBe(say('de', 'facilitate_title', { topic: TOPIC }))
    await board.reload()
    await expect.poll(() => board.locator('#join-heading').textContent()).toBe(say('ka', 'board_join_heading'))
    expect(await htmlLang(board)).toBe('ka')
    // Names stay as people typed them.
    await expect.poll(() => board.getByText('ნინო', { exact: true }).count()).toBe(1)
    expect(await board.getByText('Olena', { exact: true }).count()).toBe(1)

    await expectOurGeorgianFont(board, '#join-heading')
    await board.screenshot({ path: join(artefacts, 'board-ka-1920x1080.png') })
  })
})
