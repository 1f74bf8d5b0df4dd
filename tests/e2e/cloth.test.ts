import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import { addProposal, notesEditor, notesText, openSeat, proposalsShown, typeAtEnd } from '../support/cloth.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'

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

const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

async function seat(joined: JoinResponse, name: string, viewport = LAPTOP, moved = false): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage()
  await openSeat(page, server.port, joined, name, { moved })
  return page
}

describe('three people at one table write their cloth together', () => {
  let nino: Page
  let olena: Page
  let ion: Page
  let cafe: CreateCafeResponse

  beforeAll(async () => {
    cafe = await createCafe(server.url, { tables: 1 })
    const joined = await Promise.all(['Nino Beridze', 'Olena Kovalenko', 'Ion Rusu'].map((name) => joinCafe(server.url, cafe.joinCode, name)))
    nino = await seat(joined[0]!, 'Nino Beridze')
    olena = await seat(joined[1]!, 'Olena Kovalenko')
    ion = await seat(joined[2]!, 'Ion Rusu', PHONE)
  })

  it('everyone sees who is at the table now', async () => {
    for (const page of [nino, olena, ion]) {
      await expect.poll(() => page.getByTestId('presence').textContent()).toMatch(/Ion Rusu[\s\S]*Nino Beridze|Nino Beridze[\s\S]*Ion Rusu/)
      expect(await page.getByTestId('presence').textContent()).toContain('Olena Kovalenko')
    }
    expect(await nino.getByTestId('presence').textContent()).toContain('Nino Beridze (you)')
  })

  it('two people typing into the same paragraph at once both see the merged text', async () => {
    await typeAtEnd(nino, 'Hotline: ')
    await expect.poll(() => notesText(olena)).toBe('Hotline: ')
    for (const page of [nino, olena]) {
      await notesEditor(page).click()
      await page.keyboard.press('Control+End')
    }
    await Promise.all([
      nino.keyboard.type('calls doubled in Gori.', { delay: 25 }),
      olena.keyboard.type(' Legal advice on Tuesdays.', { delay: 25 }),
    ])
    for (const page of [nino, olena, ion]) {
      await expect.poll(() => notesText(page)).toContain('calls doubled in Gori.')
      await expect.poll(() => notesText(page)).toContain(' Legal advice on Tuesdays.')
    }
    const merged = await notesText(nino)
    // Still one paragraph, each person's words intact.
    expect(merged).toMatch(/^Hotline: [^\n]+$/)
    await expect.poll(() => notesText(olena)).toBe(merged)
    await expect.poll(() => notesText(ion)).toBe(merged)
  })

  it("each sees the others' cursors, named", async () => {
    await expect.poll(() => nino.locator('.collaboration-carets__label', { hasText: 'Olena Kovalenko' }).count()).toBe(1)
    await expect.poll(() => olena.locator('.collaboration-carets__label', { hasText: 'Nino Beridze' }).count()).toBe(1)
  })

  it('a proposal one adds appears for the others with its author', async () => {
    await addProposal(olena, 'A national hotline for homeowners')
    for (const page of [nino, ion]) {
      await expect
        .poll(() => proposalsShown(page))
        .toEqual([{ title: 'A national hotline for homeowners', who: '', origin: 'Proposed by Olena Kovalenko · round 1' }])
    }
  })

  it('on a phone, a line of the notes becomes a proposal', async () => {
    await typeAtEnd(ion, '')
    await ion.keyboard.press('Enter')
    await ion.keyboard.type('Pay-per-consultation for large associations')
    await ion.getByRole('button', { name: 'Make a proposal from this line' }).click()
    await expect
      .poll(() => proposalsShown(nino))
      .toContainEqual({ title: 'Pay-per-consultation for large associations', who: '', origin: 'Proposed by Ion Rusu · round 1' })
  })

  it('proposals are edited and reordered together, and whoever edits one joins its authors', async () => {
    const hotline = nino.getByTestId('proposal').filter({ has: nino.getByRole('button', { name: 'Move down: A national hotline for homeowners' }) })
    await hotline.getByLabel('Who could do it').fill('Resource centres with the ministry')
    await nino.getByRole('button', { name: 'Move down: A national hotline for homeowners' }).click()
    await expect.poll(() => proposalsShown(olena)).toEqual([
      { title: 'Pay-per-consultation for large associations', who: '', origin: 'Proposed by Ion Rusu · round 1' },
      { title: 'A national hotline for homeowners', who: 'Resource centres with the ministry', origin: 'Proposed by Olena Kovalenko, Nino Beridze · round 1' },
    ])
    // The keyboard stays on the button that moved the card.
    expect(await nino.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move up: A national hotline for homeowners')
  })

  it('formatting from the toolbar reaches everyone', async () => {
    await typeAtEnd(nino, '')
    await nino.keyboard.press('Enter')
    await nino.getByRole('button', { name: 'Bold', exact: true }).click()
    await nino.keyboard.type('Key point')
    await expect.poll(() => olena.getByTestId('notes-editor').locator('strong').textContent()).toBe('Key point')
    expect(await nino.getByRole('button', { name: 'Bold', exact: true }).getAttribute('aria-pressed')).toBe('true')
  })

  it('works on a phone 390 px wide: nothing sticks out, proposals below the notes', async () => {
    const widths = await ion.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }))
    expect(widths.page).toBeLessThanOrEqual(widths.view)
    const notes = (await notesEditor(ion).boundingBox())!
    const proposals = (await ion.getByRole('heading', { name: /Proposals/ }).boundingBox())!
    expect(notes.width).toBeGreaterThan(300)
    expect(proposals.y).toBeGreaterThan(notes.y + notes.height)
  })

  it('an organiser reads the cloth, live, without any control to change it', async () => {
    const organiser = await (await browser.newContext({ viewport: LAPTOP })).newPage()
    await organiser.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.organiserToken}`))
    await organiser.getByRole('button', { name: /Open the cloth/ }).click()
    const cloth = organiser.getByTestId('cloth')
    await expect.poll(() => cloth.getAttribute('data-mode')).toBe('read')
    await expect.poll(() => cloth.getByTestId('notes-view').first().textContent()).toContain('calls doubled in Gori.')
    expect(await proposalsShown(organiser)).toHaveLength(2)
    expect(await cloth.locator('[contenteditable], input, textarea').count()).toBe(0)
    expect(await cloth.getByRole('button').count()).toBe(0)
    // Readers are not "at the table".
    expect(await organiser.getByTestId('presence').textContent()).not.toContain('(you)')
    await typeAtEnd(olena, ' Seen by the organiser.')
    await expect.poll(() => cloth.getByTestId('notes-view').first().textContent()).toContain('Seen by the organiser.')
    expect(await axeViolations(organiser)).toEqual([])
  })

  it('the table page passes axe, on a laptop and on a phone', async () => {
    expect(await axeViolations(nino)).toEqual([])
    expect(await axeViolations(ion)).toEqual([])
  })
})

describe('after a rotation, newcomers read what the earlier group wrote', () => {
  it('shows round 1 notes and proposals below the new round, for the host and for those who moved', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const names = ['Giorgi', 'Aysel', 'Taras', 'Maria']
    const joined = await Promise.all(names.map((name) => joinCafe(server.url, cafe.joinCode, name)))
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    const atFirst = joined.filter((j) => j.table === 0)
    const atSecond = joined.filter((j) => j.table === 1)
    expect((await facilitator.command({ type: 'make-host', personId: atFirst[0]!.participantId, table: 0 })).ok).toBe(true)
    expect((await facilitator.command({ type: 'make-host', personId: atSecond[0]!.participantId, table: 1 })).ok).toBe(true)
    expect((await facilitator.command({ type: 'start' })).ok).toBe(true)

    const host = await seat(atFirst[0]!, 'host')
    const guest = await seat(atFirst[1]!, 'guest')
    await typeAtEnd(guest, 'The Kutaisi office trains chairs every month.')
    await addProposal(guest, 'Monthly training for association chairs')
    await expect.poll(() => notesText(host)).toBe('The Kutaisi office trains chairs every month.')
    await expect.poll(async () => (await proposalsShown(host)).map((p) => p.origin)).toEqual([expect.stringContaining('round 1')])

    for (const command of [{ type: 'end-round' }, { type: 'plan-rotation', seed: 1 }, { type: 'apply-rotation' }] as const) {
      expect((await facilitator.command(command)).ok).toBe(true)
    }
    const newcomerId = Object.entries(facilitator.state()!.seating).find(([id, t]) => t === 0 && id !== atFirst[0]!.participantId)![0]
    const newcomer = await seat(joined.find((j) => j.participantId === newcomerId)!, 'newcomer', LAPTOP, true)
    // The guest moved on: their page sends them to the other table, whose cloth they then write.
    await guest.getByRole('button', { name: "I'm at my table" }).click()
    await expect.poll(() => guest.getByTestId('table-name').textContent()).toContain('Table 2')

    for (const page of [host, newcomer]) {
      await expect.poll(() => page.getByRole('heading', { name: 'What earlier groups said' }).count()).toBe(1)
      await expect.poll(() => page.locator('.earlier [data-testid="notes-view"]').textContent()).toContain('The Kutaisi office trains chairs every month.')
      await expect.poll(() => proposalsShown(page)).toEqual([
        { title: 'Monthly training for association chairs', who: '', origin: `Proposed by ${names[joined.indexOf(atFirst[1]!)]} · round 1` },
      ])
      // This round's notes start empty, ready for the new group.
      expect(await page.locator('[data-round="2"] h3').textContent()).toContain('Round 2 of 3')
      expect(await notesText(page)).toBe('')
    }
    await typeAtEnd(newcomer, 'Round two builds on the training.')
    await expect.poll(() => notesText(host)).toBe('Round two builds on the training.')
    facilitator.close()
  })
})
