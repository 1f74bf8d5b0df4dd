/**
 * A rehearsal run by the facilitator in the browser, as reusable steps: on the console, rehearse
 * with simulated participants, start round 1, watch their typing reach the board's counters, end
 * the round, reset, and see the empty lobby. Any café in its lobby will do — one with an imported
 * registration list and pre-assigned hosts too (tests/e2e/preparation.test.ts can chain it).
 */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'

export interface RehearsalPages {
  /** The facilitator console of the café, open on its lobby. */
  console: Page
  /** The board of the same café (same device, so it holds the facilitator's token). */
  board: Page
  tables: number
  /** Simulated participants per table (2). */
  perTable?: number
  /** Seconds between two sentences at a table (0.3: a round's board fills in seconds). */
  seconds?: number
}

const TIMEOUT = { timeout: 20_000 }

/** Table cards' counters on the board: words and proposals per table, in table order. */
async function boardCounters(board: Page): Promise<{ words: number; proposals: number }[]> {
  return board.getByTestId('board-table').evaluateAll((cards) =>
    cards.map((card) => ({ words: Number(card.getAttribute('data-words')), proposals: Number(card.getAttribute('data-proposals')) })),
  )
}

/** Rehearses round 1 and resets, through the console; resolves once the console and the board show the empty lobby. */
export async function rehearseOneRoundAndReset({ console, board, tables, perTable = 2, seconds = 0.3 }: RehearsalPages): Promise<void> {
  const people = console.getByTestId('person')
  const before = await people.count()

  await console.getByTestId('rehearsal-per-table').fill(String(perTable))
  await console.getByTestId('rehearsal-pace').fill(String(seconds))
  await console.locator('[data-control="rehearsal-start"]').click()
  // The REHEARSAL banner on both screens; the guests sit at every table.
  await console.getByTestId('rehearsal-banner').waitFor()
  await board.getByTestId('rehearsal-banner').waitFor()
  await expect.poll(() => people.count(), TIMEOUT).toBe(before + perTable * tables)

  await console.locator('[data-control="start"]').click()
  await board.locator('[data-testid="board"][data-phase="running"]').waitFor()
  // Their typing reaches the board: every table writes, and proposes.
  await expect
    .poll(async () => (await boardCounters(board)).map((t) => t.words > 0 && t.proposals > 0), TIMEOUT)
    .toEqual(Array.from({ length: tables }, () => true))
  expect(await board.getByTestId('rehearsal-banner').count()).toBe(1)

  await console.locator('[data-control="end_round"]').click()
  await board.locator('[data-testid="board"][data-phase="ended"]').waitFor()

  await console.locator('[data-control="rehearsal-reset"]').click()
  await console.locator('[data-control="rehearsal-reset-yes"]').click()
  await console.getByTestId('rehearsal-reset-done').waitFor()
  await board.locator('[data-testid="board"][data-phase="lobby"]').waitFor()
  await expect.poll(() => console.getByTestId('rehearsal-banner').count()).toBe(0)
  await expect.poll(() => board.getByTestId('rehearsal-banner').count()).toBe(0)
  await expect.poll(() => people.count()).toBe(0)
  // Ready to rehearse again, or for the day.
  await console.locator('[data-control="rehearsal-start"]').waitFor()
}
