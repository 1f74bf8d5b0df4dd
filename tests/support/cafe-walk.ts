/**
 * A whole café walked through every screen, in the browser, as the room lives it: the facilitator
 * creates it on the home page; four people join on their phones (one first mistypes the code and
 * forgets their name); the board goes up on the projector; a round runs, is paused, gets a
 * message, ends; the rotation is previewed, two people swapped, applied, and the movers sent to
 * their new table; the harvest suggests a duplicate, which is merged and retitled; everyone votes;
 * the café closes; the summary opens; the organisers list their cafés and start to delete one.
 *
 * At each screen in each state the walk calls `visit`, which may check anything on the page (the
 * a11y test runs axe there, the offline test only keeps walking). The walk itself asserts that the
 * pages work: typing at a table gets saved, the board shows the clock, votes are counted.
 */
import { expect } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { appUrl } from './browser.js'
import { notesEditor, typeAtEnd, waitUntilSaved } from './cloth.js'

export type Screen = 'home' | 'join' | 'table' | 'console' | 'board' | 'summary' | 'organise'

export interface WalkOptions {
  port: number
  /** The server's organiser key (TABLECLOTH_ORGANISER_KEY). */
  organiserKey: string
  /** A new browser context (one device) of this size; the caller may record or route its traffic. */
  newContext: (viewport: { width: number; height: number }) => Promise<BrowserContext>
  /** Called at every screen in every state the walk reaches. */
  visit: (page: Page, screen: Screen, state: string) => Promise<void>
}

export const LAPTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }
export const FULL_HD = { width: 1920, height: 1080 }

const NAMES = ['Nino', 'Olena', 'Giorgi', 'Aysel'] as const

const joinError = (page: Page) => page.locator('form[aria-labelledby=join-heading] [role=alert]')
const phaseOf = (page: Page) => page.getByTestId('phase').getAttribute('data-phase')

/** Presses one of the console's controls and waits until the café is in `phase` (or says why not). */
async function control(console: Page, name: RegExp, phase: string): Promise<void> {
  await console.getByRole('button', { name }).click()
  const refusal = console.locator('section[aria-labelledby=controls-heading] [role=alert]')
  await expect.poll(async () => (await refusal.allTextContents()).join('') || (await phaseOf(console))).toBe(phase)
}

export interface Walked {
  cafeId: string
  console: Page
  board: Page
  phones: Page[]
}

export async function walkCafe({ port, organiserKey, newContext: openContext, visit }: WalkOptions): Promise<Walked> {
  const url = (path: string) => appUrl(port, path)
  const newContext = async (viewport: { width: number; height: number }) => {
    const context = await openContext(viewport)
    // Waits for behaviour give up after 10 s, as everywhere in these tests.
    context.setDefaultTimeout(10_000)
    return context
  }

  // The home page: the facilitator makes a café of two tables and two rounds.
  const facilitator = await newContext(LAPTOP)
  const console = await facilitator.newPage()
  await console.goto(url('/'))
  await console.getByRole('button', { name: 'Create the café' }).waitFor()
  await visit(console, 'home', 'start')
  await console.getByLabel('Number of tables').fill('2')
  await console.getByRole('button', { name: 'Remove round 3' }).click()
  await console.getByRole('button', { name: 'Create the café' }).click()
  await console.waitForURL(/\/facilitate\//)
  const cafeId = new URL(console.url()).pathname.split('/').at(-1)!
  const joinCode = (await console.getByTestId('join-code').textContent())!.trim()
  await console.getByTestId('join-qr').waitFor()
  await visit(console, 'console', 'lobby, nobody yet')

  const board = await facilitator.newPage()
  await board.setViewportSize(FULL_HD)
  await board.goto(url(`/board/${cafeId}`))
  await board.getByTestId('board-join-code').waitFor()
  await visit(board, 'board', 'lobby')

  // Four phones join; the first mistypes the code, then forgets their name.
  const phones: Page[] = []
  for (const [i, name] of NAMES.entries()) {
    const phone = await (await newContext(PHONE)).newPage()
    if (i === 0) {
      await phone.goto(url('/join/YYYYYY'))
      await joinError(phone).waitFor()
      await visit(phone, 'join', 'unknown code')
    }
    await phone.goto(url(`/join/${joinCode}`))
    await phone.getByTestId('join-topic').waitFor()
    if (i === 0) {
      await visit(phone, 'join', 'code from the link, topic shown')
      await phone.getByRole('button', { name: 'Join', exact: true }).click()
      await joinError(phone).waitFor()
      await visit(phone, 'join', 'name missing')
    }
    await phone.getByLabel('Your name').fill(name)
    await phone.getByRole('button', { name: 'Join', exact: true }).click()
    await phone.waitForURL(/\/cafe\//)
    await expect.poll(() => phaseOf(phone)).toBe('lobby')
    phones.push(phone)
  }
  await visit(phones[0]!, 'table', 'lobby')
  await expect.poll(() => console.getByTestId('people-count').textContent()).toContain('4')
  await console.getByTestId('person').filter({ hasText: 'Nino' }).getByRole('button', { name: 'Make host' }).click()
  await expect.poll(() => console.getByTestId('person').filter({ hasText: 'Nino' }).textContent()).toContain('host')
  await visit(console, 'console', 'lobby, four people')
  await expect.poll(() => board.getByTestId('board-names').textContent()).toContain('Aysel')
  await visit(board, 'board', 'lobby, four people')

  // Round 1: each table writes, and proposes a hotline.
  await control(console, /Start round 1/, 'running')
  for (const phone of phones) await expect.poll(() => phaseOf(phone)).toBe('running')
  const atTable = async (table: number) => {
    for (const phone of phones) if ((await phone.getByTestId('table-name').textContent())?.includes(`Table ${table + 1}`)) return phone
    throw new Error(`nobody at table ${table + 1}`)
  }
  const [writerA, writerB] = [await atTable(0), await atTable(1)]
  await waitUntilSaved(writerA)
  await typeAtEnd(writerA, 'The hotline is what homeowners would miss most.')
  await waitUntilSaved(writerA)
  await writerA.getByLabel('New proposal').fill('A national hotline for homeowners')
  await writerA.getByRole('button', { name: 'Add the proposal' }).click()
  await waitUntilSaved(writerB)
  await typeAtEnd(writerB, 'Legal advice on Tuesdays.')
  await writerB.getByLabel('New proposal').fill('National hotline for home owners')
  await writerB.getByRole('button', { name: 'Add the proposal' }).click()
  await expect.poll(() => writerB.getByTestId('proposal').count()).toBe(1)
  await waitUntilSaved(writerB)
  await visit(writerA, 'table', 'round running')
  await writerA.getByRole('button', { name: 'Link', exact: true }).click()
  await writerA.getByLabel('Link address').waitFor()
  await visit(writerA, 'table', 'round running, link form open')
  await writerA.getByRole('button', { name: 'Cancel', exact: true }).click()
  await board.getByTestId('board-clock').waitFor()
  await expect.poll(() => board.getByTestId('round-clock').textContent()).toMatch(/\d\d:\d\d/)
  await expect.poll(() => board.locator('[data-testid=board-table][data-table="0"]').getAttribute('data-words')).not.toBe('0')
  await visit(board, 'board', 'round running')
  await visit(console, 'console', 'round running')

  // A message to every screen.
  await console.getByLabel('Message (up to 280 characters)').fill('Coffee is served at 11:00 in the lobby')
  await console.getByRole('button', { name: 'Show on every screen' }).click()
  await phones[1]!.getByTestId('broadcast').waitFor()
  await board.getByTestId('broadcast').waitFor()
  await visit(console, 'console', 'round running, message shown')
  await visit(phones[1]!, 'table', 'round running, message shown')
  await visit(board, 'board', 'round running, message shown')
  await console.getByRole('button', { name: 'Clear the message' }).click()
  await board.getByTestId('broadcast').waitFor({ state: 'detached' })

  // The facilitator reads a cloth and the private links.
  await console.getByRole('button', { name: 'Open the cloth of Table 1' }).click()
  await console.getByTestId('cloth').waitFor()
  await console.getByText('Keep these links private').click()
  await visit(console, 'console', 'round running, a cloth and the links open')

  await control(console, /Pause/, 'paused')
  for (const phone of phones) await expect.poll(() => phaseOf(phone)).toBe('paused')
  await visit(phones[0]!, 'table', 'paused')
  // Nino hosts her table: she may add someone without a device there, and write for them.
  await phones[0]!.getByRole('button', { name: 'Add a person without a device' }).click()
  await phones[0]!.getByLabel('Name', { exact: true }).waitFor()
  await visit(phones[0]!, 'table', 'paused, adding a person without a device')
  await phones[0]!.getByRole('button', { name: 'Cancel', exact: true }).click()
  await visit(console, 'console', 'paused')
  await expect.poll(() => board.getByTestId('board-clock').getAttribute('data-phase')).toBe('paused')
  await visit(board, 'board', 'paused')
  await control(console, /Resume/, 'running')
  await control(console, /End the round/, 'ended')
  for (const phone of phones) await expect.poll(() => phaseOf(phone)).toBe('ended')
  await visit(phones[0]!, 'table', 'round ended')
  await visit(console, 'console', 'round ended')
  await expect.poll(() => board.getByTestId('board-clock').getAttribute('data-phase')).toBe('ended')
  await visit(board, 'board', 'round ended')

  // The rotation: previewed, two people swapped, applied.
  await control(console, /Plan the rotation/, 'rotating')
  const plan = console.getByTestId('rotation-plan')
  await plan.waitFor()
  await visit(console, 'console', 'rotation preview')
  await visit(phones[1]!, 'table', 'rotation being planned')
  await board.getByTestId('board-rotating').waitFor()
  await visit(board, 'board', 'rotation being planned')
  const movable = plan.locator('button:not([disabled])')
  const first = (await movable.first().textContent())!.trim()
  const second = (await movable.last().textContent())!.trim()
  const tableOf = (name: string) =>
    plan.getByRole('listitem').filter({ has: console.getByRole('heading') }).filter({ has: console.getByRole('button', { name, exact: true }) }).getByRole('heading').textContent()
  const before = await tableOf(first)
  await movable.first().click()
  await plan.getByRole('status').waitFor()
  await visit(console, 'console', 'rotation preview, one person picked to swap')
  await plan.getByRole('button', { name: second, exact: true }).click()
  await expect.poll(() => tableOf(first)).not.toBe(before)
  // And back: the planner's own seating makes sure somebody moves.
  await plan.getByRole('button', { name: first, exact: true }).click()
  await plan.getByRole('status').waitFor()
  await plan.getByRole('button', { name: second, exact: true }).click()
  await expect.poll(() => tableOf(first)).toBe(before)
  await control(console, /Apply the rotation/, 'running')

  // Round 2: the movers are told where to go, big, until they say they are there.
  const movers: Page[] = []
  for (const phone of phones) {
    await expect.poll(async () => (await phone.getByTestId('move').count()) > 0 || (await phaseOf(phone)) === 'running').toBe(true)
    if ((await phone.getByTestId('move').count()) > 0) movers.push(phone)
  }
  expect(movers.length).toBeGreaterThan(0)
  await visit(movers[0]!, 'table', 'rotation: go to your new table')
  await board.getByTestId('board-move').waitFor()
  await visit(board, 'board', 'rotation: everyone moves')
  for (const phone of movers) await phone.getByRole('button', { name: "I'm at my table" }).click()
  await visit(phones[0]!, 'table', 'round 2, the host stays')
  await visit(movers[0]!, 'table', 'round 2, at the new table')
  await visit(console, 'console', 'round 2 running')
  await control(console, /End the round/, 'ended')

  // The harvest: a suggested duplicate, merged and retitled; then the vote.
  await control(console, /Open the harvest/, 'harvest')
  await console.getByTestId('harvest-console').waitFor()
  await console.getByTestId('harvest-suggestion').first().waitFor()
  await visit(console, 'console', 'harvest with a suggested duplicate')
  for (const phone of phones) await expect.poll(() => phone.getByTestId('ballot').getAttribute('data-status')).toBe('not-open')
  await visit(phones[2]!, 'table', 'harvest, voting not open')
  await board.getByTestId('board-harvest').waitFor()
  await visit(board, 'board', 'harvest, each table’s proposals')
  await console.getByTestId('harvest-suggestion').first().getByRole('button', { name: 'Merge and edit' }).click()
  const editor = console.getByTestId('merged-editor')
  await editor.waitFor()
  await visit(console, 'console', 'harvest, merged proposal being retitled')
  await editor.getByLabel('Title').fill('A free national hotline for homeowners')
  await editor.getByRole('button', { name: 'Save' }).click()
  await editor.waitFor({ state: 'detached' })
  await console.getByRole('button', { name: 'Open voting' }).click()
  await expect.poll(() => console.getByTestId('voting-status').textContent()).toContain('Voting is open')
  for (const phone of phones.slice(0, 3)) {
    await expect.poll(() => phone.getByTestId('ballot').getAttribute('data-status')).toBe('open')
    await phone.getByTestId('ballot-item').first().getByRole('button', { name: 'Place a dot' }).click()
    await expect.poll(() => phone.getByTestId('my-dots').first().textContent()).toContain('Your dots here: 1')
  }
  await visit(phones[0]!, 'table', 'harvest, voting open, a dot placed')
  await expect.poll(() => board.getByTestId('board-ranking-row').first().getAttribute('data-dots')).toBe('3')
  await visit(board, 'board', 'harvest, live ranking')
  await expect.poll(() => console.getByTestId('ranking-row').first().getAttribute('data-dots')).toBe('3')
  await visit(console, 'console', 'harvest, voting open')
  await console.getByRole('button', { name: 'Close voting' }).click()
  await expect.poll(() => board.getByTestId('board-voting-status').textContent()).toContain('final ranking')
  await visit(console, 'console', 'harvest, voting closed')
  await visit(board, 'board', 'harvest, final ranking')

  // Closing asks first (the browser's own confirm dialog).
  console.once('dialog', (dialog) => void dialog.accept())
  await control(console, /Close the café/, 'closed')
  for (const phone of phones) await expect.poll(() => phaseOf(phone)).toBe('closed')
  await visit(phones[3]!, 'table', 'closed')
  await phones[3]!.getByRole('button', { name: "Read your table's cloth" }).click()
  await notesEditor(phones[3]!).or(phones[3]!.getByTestId('notes-view')).first().waitFor()
  await visit(phones[3]!, 'table', 'closed, the cloth shown')
  await expect.poll(() => phaseOf(console)).toBe('closed')
  await visit(console, 'console', 'closed')
  await expect.poll(() => board.getByTestId('board').getAttribute('data-phase')).toBe('closed')
  await visit(board, 'board', 'closed')

  // The summary, from the console's link.
  const summary = await facilitator.newPage()
  await summary.goto(url((await console.getByTestId('summary-link').getAttribute('href'))!))
  await expect.poll(() => summary.getByTestId('summary-status').getAttribute('data-status')).toBe('live')
  await expect.poll(() => summary.getByTestId('summary-proposal').count()).toBeGreaterThan(0)
  await visit(summary, 'summary', 'live')

  // The organisers' area: the key, the list, a deletion asked and declined.
  const organiser = await (await newContext(LAPTOP)).newPage()
  await organiser.goto(url('/organise'))
  await organiser.getByLabel('Organiser key').waitFor()
  await visit(organiser, 'organise', 'key form')
  await organiser.getByLabel('Organiser key').fill('not-the-key-of-this-server')
  await organiser.getByRole('button', { name: 'Open', exact: true }).click()
  await organiser.getByRole('alert').waitFor()
  await visit(organiser, 'organise', 'wrong key')
  await organiser.getByLabel('Organiser key').fill(organiserKey)
  await organiser.getByRole('button', { name: 'Open', exact: true }).click()
  const entry = organiser.locator(`[data-testid=organise-cafe][data-cafe="${cafeId}"]`)
  await entry.waitFor()
  await visit(organiser, 'organise', 'list')
  await entry.getByTestId('organise-delete').click()
  await entry.getByTestId('organise-delete-ask').waitFor()
  await visit(organiser, 'organise', 'delete confirmation open')
  await entry.getByRole('button', { name: 'Keep it' }).click()

  return { cafeId, console, board, phones }
}
