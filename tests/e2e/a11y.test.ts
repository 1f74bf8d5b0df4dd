/**
 * WCAG 2.2 AA across the whole café (issue 7): axe on every screen in each of its states, every
 * screen at 390 px wide with nothing running off the side, the board at 1280×720 and 1920×1080
 * with nothing cut off; the console, the rotation swap and the vote worked with the keyboard
 * alone, focus always visible; and a screen reader told when a round's time is up and when to
 * change tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { seatOnDevice } from '../support/cloth.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { FULL_HD, LAPTOP, PHONE, walkCafe, type Screen } from '../support/cafe-walk.js'
import { connectYjs } from '../support/yjs-client.js'
import { addProposal } from '../../shared/cloth/proposals.js'
import { PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'

const KEY = 'organisers-key-for-the-accessibility-walk'
const HD_720 = { width: 1280, height: 720 }

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/**
 * What a person at this width could not use: the page scrolling sideways, or a control or a piece
 * of text straddling the edge of the screen (or, on the board, which never scrolls, its bottom).
 */
function layoutProblems(page: Page, { bottom }: { bottom: boolean }): Promise<string[]> {
  return page.evaluate((bottom) => {
    const problems: string[] = []
    const [w, h] = [innerWidth, innerHeight]
    const scroller = document.scrollingElement!
    if (scroller.scrollWidth > w) problems.push(`the page scrolls sideways (${scroller.scrollWidth} px in ${w} px)`)
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect()
      // Visually hidden text for screen readers is 1 px; a skip link waits wholly off screen.
      if (box.width < 2 || box.height < 2 || box.right <= 0) continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden') continue
      const control = el.matches('button, input, select, textarea, a[href], img, svg, canvas, summary')
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      if (!control && !text) continue
      if (box.left < -1 || (box.left < w && box.right > w + 1)) problems.push(`${name(el)} is cut off at the side (${Math.round(box.left)}–${Math.round(box.right)} of ${w} px)`)
      else if (bottom && box.bottom > h + 1) problems.push(`${name(el)} runs off the bottom (${Math.round(box.bottom)} of ${h} px)`)
      // Text wider than its own clipped box, unless it ends in an ellipsis on purpose.
      if (text && ['hidden', 'clip'].includes(style.overflowX) && style.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name(el)} is clipped (${el.scrollWidth} px in ${el.clientWidth} px)`)
    }
    return problems
  }, bottom)
}

/** Waits up to `timeout` for the layout to settle at an empty list of problems; returns the last list. */
async function settledProblems(page: Page, options: { bottom: boolean }, timeout = 3000): Promise<string[]> {
  const deadline = Date.now() + timeout
  let problems = await layoutProblems(page, options)
  while (problems.length > 0 && Date.now() < deadline) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    problems = await layoutProblems(page, options)
  }
  return problems
}

const checked: string[] = []

/** axe at the page's own size, then the widths this screen must work at. */
async function checkScreen(page: Page, screen: Screen, state: string): Promise<void> {
  const label = `${screen} — ${state}`
  checked.push(label)
  expect.soft(await axeViolations(page), `axe: ${label}`).toEqual([])
  const own = page.viewportSize()!
  const sizes = screen === 'board' ? [FULL_HD, HD_720, PHONE] : [PHONE]
  for (const size of sizes) {
    if (own.width !== size.width || own.height !== size.height) await page.setViewportSize(size)
    // The board never scrolls: at a projector's size everything must fit on the screen.
    const problems = await settledProblems(page, { bottom: screen === 'board' && size.width >= 1280 })
    expect.soft(problems, `${label} at ${size.width}×${size.height}`).toEqual([])
  }
  const last = sizes.at(-1)!
  if (own.width !== last.width || own.height !== last.height) await page.setViewportSize(own)
}

/** Records each text a live region takes from now on, with how politely a screen reader says it. */
async function listenToLiveRegions(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { heard: { text: string; live: string }[] }
    w.heard = []
    const liveOf = (node: Node | null): string | undefined => {
      for (let el = node instanceof Element ? node : node?.parentElement; el; el = el.parentElement) {
        const live = el.getAttribute('aria-live') ?? { status: 'polite', alert: 'assertive' }[el.getAttribute('role') ?? '']
        if (live) return live === 'off' ? undefined : `${live}|${el.textContent?.trim().replace(/\s+/g, ' ')}`
      }
      return undefined
    }
    // A live region is announced only when it was already in the page: a region added with its text is not.
    const known = new WeakSet(document.querySelectorAll('[aria-live], [role=status], [role=alert]'))
    new MutationObserver((records) => {
      for (const record of records) {
        let region: Element | null = record.target instanceof Element ? record.target : record.target.parentElement
        while (region && !known.has(region)) region = region.parentElement
        if (!region) continue
        const said = liveOf(region)
        if (!said) continue
        const [live, text] = said.split('|') as [string, string]
        if (text && w.heard.at(-1)?.text !== text) w.heard.push({ text, live })
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
}
const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: { text: string; live: string }[] }).heard)

/** A page on a device of its own; waits for behaviour give up after 10 s. */
async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  context.setDefaultTimeout(10_000)
  return context.newPage()
}

/** A participant's own phone: their token in this browser's storage, as the join form leaves it. */
async function phoneOf(person: JoinResponse, name: string): Promise<Page> {
  const page = await newPage(PHONE)
  await seatOnDevice(page, server.port, person, name)
  await page.getByTestId('phase').waitFor()
  return page
}

/** Presses Tab until `target` has the focus (at most `max` times); fails if it never gets there. */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
  }
  throw new Error(`Tab never reached ${target}`)
}

/**
 * How the focused element shows it has the focus: an outline (or a ring drawn as a shadow) people
 * can see, on an element not hidden behind something else, such as a sticky header (WCAG 2.4.11).
 */
function focusRing(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement!
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && !/rgba\(.*, 0\)$/.test(style.outlineColor)
    const box = el.getBoundingClientRect()
    const [left, right] = [Math.max(box.left, 0) + 1, Math.min(box.right, innerWidth) - 1]
    const [top, bottom] = [Math.max(box.top, 0) + 1, Math.min(box.bottom, innerHeight) - 1]
    const points = [[left, top], [right, top], [left, bottom], [right, bottom], [(left + right) / 2, (top + bottom) / 2]] as const
    const shown = left < right && top < bottom && points.some(([x, y]) => {
      const hit = document.elementFromPoint(x, y)
      return hit !== null && (el.contains(hit) || (el instanceof HTMLInputElement && [...(el.labels ?? [])].some((l) => l.contains(hit))))
    })
    return {
      element: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`,
      focusVisible: el.matches(':focus-visible'),
      ring: outline || style.boxShadow !== 'none',
      shown,
    }
  })
}
const visibleRing = (element: string) => ({ element, focusVisible: true, ring: true, shown: true })

/**
 * Every stop of the Tab order, from the top of the page round to it again (or, with Shift+Tab,
 * from the bottom up), with how each shows its focus.
 */
async function tabStops(page: Page, { backwards = false, max = 150 } = {}) {
  // Tab starts from where focus last was: put that point at the very start (or end) of the page.
  await page.evaluate((backwards) => {
    const start = document.createElement('span')
    start.tabIndex = -1
    if (backwards) document.body.append(start)
    else document.body.prepend(start)
    start.focus()
    start.remove()
  }, backwards)
  const stops: Awaited<ReturnType<typeof focusRing>>[] = []
  const seen = new Set<unknown>()
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    const id = await page.evaluate(() => {
      const el = document.activeElement
      const w = window as unknown as { stopIds?: WeakMap<Element, number>; nextStop?: number }
      w.stopIds ??= new WeakMap()
      if (!el || el === document.body) return -1
      if (!w.stopIds.has(el)) w.stopIds.set(el, (w.nextStop = (w.nextStop ?? 0) + 1))
      return w.stopIds.get(el)!
    })
    if (id === -1 || seen.has(id)) break
    seen.add(id)
    stops.push(await focusRing(page))
  }
  return stops
}

const TITLES = [
  'A national hotline for homeowners',
  'Training for association chairs',
  'Energy audits of apartment blocks',
  'A shared library of templates',
  'Legal advice on Tuesdays',
  'The municipality co-funds the centre',
  'Paid consultations for large associations',
  'A yearly conference of resource centres',
]

/** Eight proposals written at this person's table, as the stock Yjs client sends them; waits until the server has them. */
async function writeProposals(person: JoinResponse): Promise<void> {
  const writer = connectYjs(server.url, person.document, person.token)
  await writer.synced
  TITLES.forEach((title, i) => addProposal(writer.doc, { id: `p-${i}`, title, what: 'So that the centre lasts after the project.', who: '', when: '' }))
  await expect.poll(() => TITLES.every((_, i) => writer.doc.getMap(PROVENANCE_FIELD).has(`p-${i}`))).toBe(true)
  writer.destroy()
}

/** A small café of two tables, two rounds and four people (the first one hosts their table), run by a socket client. */
async function smallCafe() {
  const cafe = await createCafe(server.url, { tables: 2, questions: ['What would homeowners miss?', 'Who could pay for it?'] })
  const names = ['Nino', 'Olena', 'Giorgi', 'Aysel']
  const people: JoinResponse[] = []
  for (const name of names) people.push(await joinCafe(server.url, cafe.joinCode, name))
  const staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  const command = async (c: Parameters<CafeClient['command']>[0]) => expect((await staff.command(c)).ok, c.type).toBe(true)
  await command({ type: 'make-host', personId: people[0]!.participantId, table: people[0]!.table })
  return { cafe, names, people, staff, command }
}

describe('every screen in each of its states passes axe (WCAG 2.0–2.2 A and AA) and works at phone and projector sizes', () => {
  // A one-minute round, started now so that its end falls during the long walk below.
  let quick: { page: Page; staff: CafeClient }
  beforeAll(async () => {
    const cafe = await createCafe(server.url, { tables: 1, roundMinutes: 1, questions: ['What would homeowners miss?'] })
    const ana = await joinCafe(server.url, cafe.joinCode, 'Ana')
    const page = await phoneOf(ana, 'Ana')
    const staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    expect((await staff.command({ type: 'start' })).ok).toBe(true)
    await page.locator('[data-testid=phase][data-phase=running]').waitFor()
    await listenToLiveRegions(page)
    quick = { page, staff }
  })
  afterAll(() => quick?.staff.close())

  it(
    'home, join, table, console, board, summary and organise, from the lobby to the closed café, dialogs open',
    async () => {
      await walkCafe({
        port: server.port,
        organiserKey: KEY,
        newContext: (viewport) => browser.newContext({ viewport }),
        visit: checkScreen,
      })
      // Every screen was reached in the states the issue names.
      for (const state of ['lobby', 'round running', 'paused', 'rotation: go to your new table', 'harvest, voting open, a dot placed', 'closed'])
        expect(checked).toContain(`table — ${state}`)
      for (const state of ['lobby, four people', 'round running', 'paused', 'rotation preview', 'harvest with a suggested duplicate', 'harvest, voting open', 'closed'])
        expect(checked).toContain(`console — ${state}`)
      for (const state of ['lobby', 'round running', 'rotation: everyone moves', 'harvest, live ranking', 'closed']) expect(checked).toContain(`board — ${state}`)
      for (const screen of ['home', 'join', 'summary', 'organise']) expect(checked.some((c) => c.startsWith(`${screen} — `))).toBe(true)
    },
    600_000,
  )

  it("a screen reader hears that the round's time is up, as the clock reaches zero", async () => {
    await expect.poll(() => quick.page.getByTestId('phase').getAttribute('data-phase'), { timeout: 90_000, interval: 500 }).toBe('ended')
    await expect.poll(() => quick.staff.state()?.phase).toMatchObject({ kind: 'ended', reason: 'timer' })
    expect(await heard(quick.page)).toContainEqual({ text: 'Round 1 has ended — finish your sentence', live: 'polite' })
  }, 120_000)
})

describe('a screen reader hears where to go when the tables rotate', () => {
  it('each person who moves is told, assertively, which table to go to; the host is told to stay', async () => {
    const { people, names, staff, command } = await smallCafe()
    await command({ type: 'start' })
    await command({ type: 'end-round' })
    await command({ type: 'plan-rotation', seed: 1 })
    const phones = await Promise.all(people.map((p, i) => phoneOf(p, names[i]!)))
    for (const phone of phones) await listenToLiveRegions(phone)
    await command({ type: 'apply-rotation' })
    await expect.poll(() => staff.state()?.phase.kind).toBe('running')
    const seating = staff.state()!.seating
    let movers = 0
    for (const [i, phone] of phones.entries()) {
      const person = people[i]!
      if (i === 0) {
        await expect.poll(() => heard(phone)).toContainEqual({ text: 'Round 2 is on', live: 'polite' })
        expect(await heard(phone)).toContainEqual({ text: `You host Table ${person.table + 1}: stay, and welcome the newcomers`, live: 'assertive' })
        continue
      }
      if (seating[person.participantId] === person.table) continue
      movers++
      await phone.getByTestId('move').waitFor()
      expect(await heard(phone)).toContainEqual({ text: `Please go to Table ${seating[person.participantId]! + 1}`, live: 'assertive' })
    }
    expect(movers).toBeGreaterThan(0)
    staff.close()
  })
})

describe('the keyboard alone runs the café, and always shows where it is', () => {
  let cafe: CreateCafeResponse
  let people: JoinResponse[]
  let names: string[]
  let staff: CafeClient
  let console: Page

  beforeAll(async () => {
    ;({ cafe, people, names, staff } = await smallCafe())
    console = await newPage(LAPTOP)
    await console.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    await console.getByTestId('join-code').waitFor()
  })
  afterAll(() => staff?.close())

  const phase = () => staff.state()?.phase.kind

  it('every stop of the console’s Tab order, both ways, shows a visible focus ring', async () => {
    for (const backwards of [false, true]) {
      const stops = await tabStops(console, { backwards })
      expect(stops.length).toBeGreaterThan(10)
      expect(stops).toEqual(stops.map((s) => visibleRing(s.element)))
    }
  })

  it('start, pause, resume, end and plan the rotation with Tab, Enter and Space', async () => {
    for (const [name, key, after] of [
      [/Start round 1/, 'Enter', 'running'],
      [/Pause/, 'Space', 'paused'],
      [/Resume/, 'Enter', 'running'],
      [/End the round/, 'Space', 'ended'],
      [/Plan the rotation/, 'Enter', 'rotating'],
    ] as const) {
      await console.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      const button = console.getByRole('button', { name })
      await tabTo(console, button)
      expect(await focusRing(console)).toEqual(visibleRing(await focusRing(console).then((f) => f.element)))
      await console.keyboard.press(key)
      await expect.poll(phase).toBe(after)
    }
  })

  it('two people in the rotation plan are swapped with the keyboard, and the plan applied', async () => {
    const plan = console.getByTestId('rotation-plan')
    await plan.waitFor()
    const before = (staff.state()!.phase as { plan: Record<string, number> }).plan
    const movable = plan.locator('button:not([disabled])')
    const [a, b] = [(await movable.first().textContent())!.trim(), (await movable.last().textContent())!.trim()]
    const idOf = (name: string) => people[names.indexOf(name)]!.participantId
    expect(before[idOf(a)]).not.toBe(before[idOf(b)])
    await tabTo(console, movable.first())
    expect((await focusRing(console)).ring).toBe(true)
    await console.keyboard.press('Space')
    await expect.poll(() => movable.first().getAttribute('aria-pressed')).toBe('true')
    await tabTo(console, plan.getByRole('button', { name: b, exact: true }))
    expect((await focusRing(console)).ring).toBe(true)
    await console.keyboard.press('Enter')
    await expect.poll(() => (staff.state()!.phase as { plan?: Record<string, number> }).plan?.[idOf(a)]).toBe(before[idOf(b)])
    expect((staff.state()!.phase as { plan: Record<string, number> }).plan[idOf(b)]).toBe(before[idOf(a)])
    await console.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(console, console.getByRole('button', { name: /Apply the rotation/ }))
    await console.keyboard.press('Enter')
    await expect.poll(phase).toBe('running')
  })

  it('the facilitator opens the harvest, picks two proposals and merges them, and opens voting, all from the keyboard; the merge bar never hides the focus', async () => {
    // The host's table proposes (the stock Yjs client): a list long enough to scroll.
    await writeProposals(people[0]!)
    await tabTo(console, console.getByRole('button', { name: /End the round/ }))
    await console.keyboard.press('Enter')
    await expect.poll(phase).toBe('ended')
    await console.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await tabTo(console, console.getByRole('button', { name: /Open the harvest/ }))
    await console.keyboard.press('Enter')
    await expect.poll(() => console.getByTestId('harvest-item').count()).toBe(TITLES.length)
    // Two proposals picked with Space; the merge bar then stays at the bottom of the screen, and
    // Tab must never leave the focus hidden behind it.
    for (const title of [TITLES[1], TITLES[6]]) {
      await tabTo(console, console.getByTestId('harvest-item').filter({ hasText: title }).getByRole('checkbox'))
      await console.keyboard.press('Space')
    }
    await console.getByTestId('merge-bar').waitFor()
    for (const backwards of [false, true]) {
      const stops = await tabStops(console, { backwards })
      expect(stops).toEqual(stops.map((s) => visibleRing(s.element)))
    }
    await tabTo(console, console.getByRole('button', { name: 'Merge the selected (2)' }))
    await console.keyboard.press('Enter')
    await expect.poll(() => console.locator('[data-testid=harvest-item][data-kind=merged]').count()).toBe(1)
    await tabTo(console, console.getByRole('button', { name: 'Open voting' }))
    expect((await focusRing(console)).ring).toBe(true)
    await console.keyboard.press('Enter')
    await expect.poll(() => console.getByTestId('voting-status').textContent()).toContain('Voting is open')
    for (const backwards of [false, true]) {
      const stops = await tabStops(console, { backwards })
      expect(stops).toEqual(stops.map((s) => visibleRing(s.element)))
    }
  })
})

describe('voting with the keyboard on a phone', () => {
  it('Tab reaches "Place a dot", Enter places it, Space on "Remove a dot" takes it back; focus always shows', async () => {
    const { people, names, staff, command } = await smallCafe()
    await command({ type: 'start' })
    // Enough proposals that the list scrolls on the phone, under the dots-left box that stays on top.
    await writeProposals(people[0]!)
    await command({ type: 'end-round' })
    await command({ type: 'open-harvest' })
    await expect
      .poll(async () => (await staff.socket.timeout(10_000).emitWithAck('harvest:command', { type: 'open-voting', dotsPerVoter: 3 })).ok)
      .toBe(true)
    const phone = await phoneOf(people[1]!, names[1]!)
    await expect.poll(() => phone.getByTestId('dots-left').textContent()).toBe('You have 3 of 3 dots left')
    const item = phone.getByTestId('ballot-item').filter({ hasText: 'A national hotline for homeowners' })
    await tabTo(phone, item.getByRole('button', { name: 'Place a dot' }))
    expect((await focusRing(phone)).ring).toBe(true)
    await phone.keyboard.press('Enter')
    await expect.poll(() => phone.getByTestId('dots-left').textContent()).toBe('You have 2 of 3 dots left')
    await phone.keyboard.press('Enter')
    await expect.poll(() => phone.getByTestId('dots-left').textContent()).toBe('You have 1 of 3 dots left')
    await tabTo(phone, item.getByRole('button', { name: 'Remove a dot' }), 3)
    expect((await focusRing(phone)).ring).toBe(true)
    await phone.keyboard.press('Space')
    await expect.poll(() => phone.getByTestId('dots-left').textContent()).toBe('You have 2 of 3 dots left')
    expect(await item.getByTestId('my-dots').textContent()).toContain('Your dots here: 1')
    // Forwards and backwards: the dots-left box stays at the top of the screen, and must not hide the focus.
    for (const backwards of [false, true]) {
      const stops = await tabStops(phone, { backwards })
      expect(stops.length).toBeGreaterThan(3)
      expect(stops).toEqual(stops.map((s) => visibleRing(s.element)))
    }
    expect(await axeViolations(phone)).toEqual([])
    staff.close()
  })
})
