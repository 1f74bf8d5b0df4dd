/** What a browser test does and reads at a table's cloth, as a person would. */
import type { Page } from 'playwright-core'
import type { JoinResponse } from '../../shared/protocol/http.js'
import { appUrl } from './browser.js'

/** The current round's writing area (Tiptap's contenteditable). */
export const notesEditor = (page: Page) => page.getByTestId('notes-editor')

export const clothStatus = (page: Page) => page.locator('#cloth-status').getAttribute('data-status')

/** The text of the current round's notes, one line per block, without other people's caret labels. */
export function notesText(page: Page): Promise<string> {
  return page.getByTestId('notes-editor').evaluate((editor) => {
    const copy = editor.cloneNode(true) as HTMLElement
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
    return [...copy.children].map((block) => block.textContent ?? '').join('\n')
  })
}

/**
 * Makes this page's browser the person's own device — their token in this origin's localStorage,
 * as the join form leaves it — and opens their café page.
 */
export async function seatOnDevice(page: Page, port: number, joined: JoinResponse, name?: string): Promise<void> {
  await page.goto(appUrl(port, '/'))
  await page.evaluate(
    ([j, n]) =>
      localStorage.setItem(
        `tablecloth:${j.cafeId}:participant`,
        JSON.stringify({ cafeId: j.cafeId, role: 'participant', token: j.token, participantId: j.participantId, rejoinCode: j.rejoinCode, ...(n === undefined ? {} : { name: n }) }),
      ),
    [joined, name] as const,
  )
  await page.goto(appUrl(port, `/cafe/${joined.cafeId}`))
}

/**
 * Seats a person who joined through the API on this page, as the join form would (the token in
 * this origin's localStorage), and opens their table, waiting until the cloth is in sync.
 */
export async function openSeat(page: Page, port: number, joined: JoinResponse, name: string, options: { moved?: boolean } = {}): Promise<void> {
  await seatOnDevice(page, port, joined, name)
  // Someone a rotation moved is first sent to their new table, big, until they say they are there.
  if (options.moved) await page.getByRole('button', { name: "I'm at my table" }).click()
  await waitUntilSaved(page)
  await notesEditor(page).waitFor()
}

/** Waits until the page says the server has everything (usable in hooks too, unlike expect.poll). */
export async function waitUntilSaved(page: Page, timeout = 10_000): Promise<void> {
  await page.locator('#cloth-status[data-status="saved"]').waitFor({ timeout })
}

/** Puts the caret at the very end of the notes and types there. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await notesEditor(page).click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(text)
}

export async function addProposal(page: Page, title: string): Promise<void> {
  await page.getByLabel('New proposal').fill(title)
  await page.getByRole('button', { name: 'Add the proposal' }).click()
}

export interface ShownProposal {
  title: string
  who: string
  origin: string
}

/** The proposals as the page shows them, in order: title, "who could do it", and who proposed it in which round. */
export function proposalsShown(page: Page): Promise<ShownProposal[]> {
  return page.getByTestId('proposal').evaluateAll((cards) =>
    cards.map((card) => {
      const field = (name: string) => (card.querySelector(`[id$="-${name}"]`) as HTMLInputElement | null)?.value
      return {
        title: field('title') ?? card.querySelector('h4')?.textContent?.trim() ?? '',
        who: field('who') ?? '',
        origin: card.querySelector('[data-testid="proposal-origin"]')?.textContent?.trim().replace(/\s+/g, ' ') ?? '',
      }
    }),
  )
}

/**
 * Waits until the browser has written everything typed so far into the cloth's offline copy
 * (IndexedDB): a read-write transaction on the same store commits only after every earlier one.
 * What a closing lid allows; a tab killed within milliseconds of a keystroke may not get there.
 */
export async function offlineCopySaved(page: Page, keeper: string, document: string): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          const tx = db.transaction(['updates'], 'readwrite')
          tx.oncomplete = () => {
            db.close()
            resolve()
          }
          tx.onerror = () => reject(tx.error)
        }
      }),
    `tablecloth:${keeper}:${document}`,
  )
}
