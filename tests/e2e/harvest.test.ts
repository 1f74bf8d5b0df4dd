/**
 * The harvest in Chromium, as the room lives it: two tables wrote proposals; the facilitator opens
 * the harvest, merges the two hotlines by hand, undoes it, merges them again from the suggestion
 * and retitles the merge; opens voting; three participants vote from their own phones; the board
 * ranks the proposals live; the facilitator closes voting and the phones stop taking dots; then
 * retitles the summary and downloads every format, each carrying the ranking and its provenance.
 * Screenshots are kept in test-results/ (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { seatOnDevice } from '../support/cloth.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { boardOverflow, boardReadability } from '../support/board-readability.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { addProposal } from '../../shared/cloth/proposals.js'
import { PROVENANCE_FIELD, type ProposalProvenance } from '../../shared/cloth/schema.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { HarvestCommand } from '../../shared/protocol/harvest.js'

const ARTEFACTS = join(import.meta.dirname, '..', '..', 'test-results')
const PHONE = { width: 360, height: 740 }
const FULL_HD = { width: 1920, height: 1080 }

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(ARTEFACTS, { recursive: true })
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Waits until `check` holds (expect.poll works only inside a test). */
async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A participant's own phone: their token in this browser's storage, as the join form leaves it. */
async function phoneOf(person: JoinResponse, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE })
  const page = await context.newPage()
  await seatOnDevice(page, server.port, person, name)
  return page
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(ARTEFACTS, `harvest-${name}.png`), fullPage })
const item = (page: Page, key: string) => page.locator(`[data-testid=harvest-item][data-key="${key}"]`)
const mergedItems = (page: Page) => page.locator('[data-testid=harvest-item][data-kind=merged]')
const itemKeys = (page: Page) => page.getByTestId('harvest-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-key')))
const ballotItem = (page: Page, title: string) => page.getByTestId('ballot-item').filter({ has: page.getByRole('heading', { name: title, exact: true }) })
const dotsLeft = (page: Page) => page.getByTestId('dots-left').textContent()
/** The board's ranking as the room reads it: place, title and dots, top to bottom. */
const boardRanking = (board: Page) =>
  board.getByTestId('board-ranking-row').evaluateAll((rows) =>
    rows.map((row) => ({
      title: row.querySelector('[data-testid=board-ranking-title]')?.textContent?.trim(),
      dots: Number(row.getAttribute('data-dots')),
    })),
  )

describe('the harvest: merge across tables, vote from three phones, the board ranks it live', () => {
  let cafe: CreateCafeResponse
  let people: JoinResponse[]
  const names = ['Nino', 'Olena', 'Giorgi', 'Aysel']
  let facilitatorContext: BrowserContext
  let console: Page
  let board: Page
  const phones: Page[] = []
  /** Harvest keys (`<table>:<proposal id>`) of the four proposals. */
  const keys = { hotlineA: '', trainingA: '', hotlineB: '', cofundB: '' }
  let merged = ''

  it('two tables write proposals during the round; the facilitator opens the harvest and sees every one with its table, round and author', async () => {
    cafe = await createCafe(server.url, { tables: 2, questions: ['Which services could pay for themselves?'] })
    people = []
    for (const name of names) people.push(await joinCafe(server.url, cafe.joinCode, name))
    facilitatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    console = await facilitatorContext.newPage()
    await console.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    await console.getByRole('button', { name: /Start round 1/ }).click()
    await expect.poll(() => console.getByTestId('phase').getAttribute('data-phase')).toBe('running')

    // One writer at each table, over the stock y-websocket client with their own token.
    const writerA = people.find((p) => p.table === 0)!
    const writerB = people.find((p) => p.table === 1)!
    const clients: YjsClient[] = [connectYjs(server.url, writerA.document, writerA.token), connectYjs(server.url, writerB.document, writerB.token)]
    await Promise.all(clients.map((c) => c.synced))
    const [a, b] = clients as [YjsClient, YjsClient]
    addProposal(a.doc, { id: 'p-hotline', title: 'A national hotline for homeowners', what: 'Free advice by phone', who: '', when: '' })
    addProposal(a.doc, { id: 'p-training', title: 'Training for association chairs', what: '', who: '', when: '' })
    addProposal(b.doc, { id: 'p-hotline2', title: 'National hotline for home owners', what: 'One number for the whole country', who: '', when: '' })
    addProposal(b.doc, { id: 'p-cofund', title: 'The municipality co-funds the resource centre', what: '', who: '', when: '' })
    for (const [client, id] of [[a, 'p-hotline'], [a, 'p-training'], [b, 'p-hotline2'], [b, 'p-cofund']] as const) {
      await until(() => client.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).get(id)?.round === 1, `provenance of ${id}`)
    }
    for (const c of clients) c.destroy()
    Object.assign(keys, { hotlineA: '0:p-hotline', trainingA: '0:p-training', hotlineB: '1:p-hotline2', cofundB: '1:p-cofund' })

    await console.getByRole('button', { name: /End the round/ }).click()
    await console.getByRole('button', { name: /Open the harvest/ }).click()
    await console.getByTestId('harvest-console').waitFor()
    await expect.poll(() => itemKeys(console)).toEqual([keys.hotlineA, keys.trainingA, keys.hotlineB, keys.cofundB])
    const nameA = names[people.indexOf(writerA)]!
    const nameB = names[people.indexOf(writerB)]!
    expect(await item(console, keys.hotlineA).getByTestId('harvest-source').textContent()).toMatch(new RegExp(`Table 1, round 1\\s*· by ${nameA}`))
    expect(await item(console, keys.cofundB).getByTestId('harvest-source').textContent()).toMatch(new RegExp(`Table 2, round 1\\s*· by ${nameB}`))
    expect(await item(console, keys.hotlineA).textContent()).toContain('Free advice by phone')
    // The summary's page is another engineer's: the console only leads there, with the token.
    expect(await console.getByTestId('summary-link').getAttribute('href')).toBe(`/summary/${cafe.cafeId}#token=${cafe.facilitatorToken}`)
    expect(await axeViolations(console)).toEqual([])
  })

  it('before voting opens, a participant reads the list on their phone and cannot place a dot yet', async () => {
    for (const i of [0, 1, 2]) phones.push(await phoneOf(people[i]!, names[i]!))
    for (const phone of phones) {
      await expect.poll(() => phone.getByTestId('ballot').getAttribute('data-status')).toBe('not-open')
      await expect.poll(() => phone.getByTestId('ballot-item').count()).toBe(4)
    }
    expect(await phones[0]!.getByTestId('ballot-status').textContent()).toContain('Voting has not opened yet')
    expect(await phones[0]!.getByRole('button', { name: 'Place a dot' }).first().isDisabled()).toBe(true)
    expect(await ballotItem(phones[0]!, 'A national hotline for homeowners').textContent()).toContain('From Table 1')
  })

  it('the facilitator merges the two hotlines by hand: one item with both tables and both original texts', async () => {
    await item(console, keys.hotlineA).getByRole('checkbox').check()
    await item(console, keys.hotlineB).getByRole('checkbox').check()
    await console.getByRole('button', { name: 'Merge the selected (2)' }).click()
    await expect.poll(() => mergedItems(console).count()).toBe(1)
    const mergedItem = mergedItems(console)
    expect(await console.getByTestId('harvest-item').count()).toBe(3)
    expect(await mergedItem.getByTestId('harvest-item-title').textContent()).toBe('A national hotline for homeowners')
    expect(await mergedItem.getByTestId('harvest-source').evaluateAll((els) => els.map((el) => el.getAttribute('data-table')))).toEqual(['0', '1'])
    const text = await mergedItem.textContent()
    for (const original of ['National hotline for home owners', 'One number for the whole country', 'Free advice by phone', 'Merged from 2 proposals']) {
      expect(text).toContain(original)
    }
    // The phones follow: the merged proposal says it came from both tables.
    await expect.poll(() => ballotItem(phones[0]!, 'A national hotline for homeowners').textContent()).toContain('From Table 1, Table 2')
  })

  it('undo puts both proposals back exactly as they were', async () => {
    await mergedItems(console).getByRole('button', { name: 'Undo the merge' }).click()
    await expect.poll(() => itemKeys(console)).toEqual([keys.hotlineA, keys.trainingA, keys.hotlineB, keys.cofundB])
    expect(await mergedItems(console).count()).toBe(0)
    expect(await item(console, keys.hotlineB).getByTestId('harvest-item-title').textContent()).toBe('National hotline for home owners')
  })

  it('merged again from the suggestion, and retitled', async () => {
    const suggestion = console.getByTestId('harvest-suggestion').filter({ hasText: 'National hotline for home owners' })
    expect(await suggestion.textContent()).toContain('A national hotline for homeowners')
    await suggestion.getByRole('button', { name: 'Merge and edit' }).click()
    const editor = console.getByTestId('merged-editor')
    await editor.waitFor()
    expect(await console.getByTestId('harvest-item').count()).toBe(3)
    await editor.getByLabel('Title').fill('A free national hotline for homeowners')
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => mergedItems(console).getByTestId('harvest-item-title').textContent()).toBe('A free national hotline for homeowners')
    merged = (await mergedItems(console).getAttribute('data-key'))!
    expect(merged).toMatch(/^m-/)
    expect(await console.getByTestId('harvest-suggestion').count()).toBe(0)
    await expect.poll(() => ballotItem(phones[1]!, 'A free national hotline for homeowners').count()).toBe(1)
  })

  it('an empty title is refused, and the console says why', async () => {
    await mergedItems(console).getByRole('button', { name: 'Edit the title and text' }).click()
    const editor = console.getByTestId('merged-editor')
    // A title of spaces passes the browser's "required" but not the server.
    await editor.getByLabel('Title').fill('   ')
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => console.getByTestId('harvest-error').textContent()).toContain('A merged proposal needs a title')
    await editor.getByRole('button', { name: 'Cancel' }).click()
    expect(await mergedItems(console).getByTestId('harvest-item-title').textContent()).toBe('A free national hotline for homeowners')
  })

  it('the console works on a phone 360 px wide too: nothing runs off the side', async () => {
    await console.setViewportSize(PHONE)
    await expect.poll(() => console.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth)).toBe(true)
    const box = await mergedItems(console).getByRole('button', { name: 'Undo the merge' }).boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width)
    // Touch targets of at least 44 px.
    expect(box!.height).toBeGreaterThanOrEqual(44)
    await shot(console, 'console-phone', true)
    await console.setViewportSize({ width: 1280, height: 900 })
  })

  it('the facilitator opens voting with two dots each; the board switches to the ranking', async () => {
    board = await facilitatorContext.newPage()
    await board.setViewportSize(FULL_HD)
    await board.goto(appUrl(server.port, `/board/${cafe.cafeId}`))
    // Before voting, the board shows each table's proposals.
    await expect.poll(() => board.getByTestId('board-harvest-proposal').count()).toBe(4)

    await console.getByLabel('Dots for each participant').fill('2')
    await console.getByRole('button', { name: 'Open voting' }).click()
    await expect.poll(() => console.getByTestId('voting-status').textContent()).toContain('each participant has 2 dots')
    await board.getByTestId('board-ranking').waitFor()
    expect(await board.getByTestId('board-voting-status').textContent()).toContain('Voting is open')
    await expect.poll(() => boardRanking(board)).toEqual([
      { title: 'A free national hotline for homeowners', dots: 0 },
      { title: 'Training for association chairs', dots: 0 },
      { title: 'The municipality co-funds the resource centre', dots: 0 },
    ])
    for (const phone of phones) await expect.poll(() => dotsLeft(phone)).toBe('You have 2 of 2 dots left')
  })

  it('three participants vote from their own phones; the board ranks the proposals as the dots land', async () => {
    const [nino, olena, giorgi] = phones as [Page, Page, Page]
    const place = (phone: Page, title: string) => ballotItem(phone, title).getByRole('button', { name: 'Place a dot' }).click()
    const remove = (phone: Page, title: string) => ballotItem(phone, title).getByRole('button', { name: 'Remove a dot' }).click()
    const hotline = 'A free national hotline for homeowners'
    const training = 'Training for association chairs'
    const cofund = 'The municipality co-funds the resource centre'

    // Two dots on one proposal: "this one matters most". Then no dot is left to place.
    await place(nino, hotline)
    await expect.poll(() => dotsLeft(nino)).toBe('You have 1 of 2 dots left')
    await place(nino, hotline)
    await expect.poll(() => dotsLeft(nino)).toBe('You have 0 of 2 dots left')
    await expect.poll(() => ballotItem(nino, hotline).getByTestId('my-dots').textContent()).toContain('Your dots here: 2')
    for (const button of await nino.getByRole('button', { name: 'Place a dot' }).all()) expect(await button.isDisabled()).toBe(true)
    await expect.poll(() => boardRanking(board).then((rows) => rows[0])).toEqual({ title: hotline, dots: 2 })

    await place(olena, hotline)
    await place(olena, training)
    await expect.poll(() => dotsLeft(olena)).toBe('You have 0 of 2 dots left')

    // A dot taken back is free again.
    await place(giorgi, cofund)
    await expect.poll(() => boardRanking(board).then((rows) => rows.find((r) => r.title === cofund)?.dots)).toBe(1)
    await remove(giorgi, cofund)
    await expect.poll(() => dotsLeft(giorgi)).toBe('You have 2 of 2 dots left')
    await place(giorgi, hotline)
    await place(giorgi, training)
    await expect.poll(() => dotsLeft(giorgi)).toBe('You have 0 of 2 dots left')

    await expect.poll(() => boardRanking(board)).toEqual([
      { title: hotline, dots: 4 },
      { title: training, dots: 2 },
      { title: cofund, dots: 0 },
    ])
    expect(await board.getByTestId('board-ranking-row').first().textContent()).toContain('Table 1 · Table 2')
    // The console ranks them the same way.
    await expect
      .poll(() => console.getByTestId('ranking-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-dots')))))
      .toEqual([4, 2, 0])
    expect(await axeViolations(nino)).toEqual([])
    expect(await axeViolations(board)).toEqual([])
    expect(await axeViolations(console)).toEqual([])
    await shot(nino, 'phone', true)
    await shot(board, 'board')
    await shot(console, 'console', true)
  })

  it('closing voting: the phones stop taking dots, the board shows the final ranking, the console offers to reopen', async () => {
    await console.getByRole('button', { name: 'Close voting' }).click()
    await expect.poll(() => console.getByTestId('voting-status').textContent()).toContain('Voting is closed')
    for (const phone of phones) {
      await expect.poll(() => phone.getByTestId('ballot').getAttribute('data-status')).toBe('closed')
      expect(await phone.getByTestId('ballot-status').textContent()).toContain('Voting is closed')
      for (const button of await phone.locator('[data-testid=ballot-item] button').all()) expect(await button.isDisabled()).toBe(true)
    }
    await expect.poll(() => board.getByTestId('board-voting-status').textContent()).toContain('the final ranking')
    expect(await boardRanking(board)).toEqual([
      { title: 'A free national hotline for homeowners', dots: 4 },
      { title: 'Training for association chairs', dots: 2 },
      { title: 'The municipality co-funds the resource centre', dots: 0 },
    ])
    // The ranking is final: merges and undos wait until voting is reopened.
    expect(await console.getByRole('button', { name: 'Reopen voting' }).isVisible()).toBe(true)
    expect(await console.getByRole('button', { name: 'Undo the merge' }).count()).toBe(0)
    expect(await console.getByRole('checkbox').count()).toBe(0)
    expect(await axeViolations(phones[0]!)).toEqual([])
  })

  it('the facilitator follows "Summary and downloads", retitles the summary, and every download carries the ranking with its provenance', async () => {
    // It opens beside the console, which stays where it is.
    const [page] = await Promise.all([facilitatorContext.waitForEvent('page'), console.getByTestId('summary-link').click()])
    await page.waitForURL(new RegExp(`/summary/${cafe.cafeId}`))
    await page.getByTestId('summary').waitFor()
    await expect.poll(() => page.getByTestId('summary-status').getAttribute('data-status')).toBe('live')
    const title = page.getByTestId('summary-title')
    await title.fill('Resource centres: what the room proposes')
    await expect.poll(() => page.getByTestId('summary-heading').textContent()).toBe('Resource centres: what the room proposes')
    // The merged hotline leads with every dot the three phones gave it.
    const first = page.getByTestId('summary-proposal').first()
    await expect.poll(() => first.getAttribute('data-key')).toBe(`item:${merged}`)
    expect(await first.textContent()).toContain('A free national hotline for homeowners')

    const saved: Record<string, string> = {}
    for (const format of ['docx', 'md', 'html', 'csv', 'json']) {
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-download="${format}"]`).first().click()])
      const path = await file.path()
      saved[format] = readFileSync(path!).toString(format === 'docx' ? 'latin1' : 'utf8')
      expect(file.suggestedFilename().endsWith(`.${format}`)).toBe(true)
    }
    // The edited title reached the files: the summary document is read at download time.
    for (const format of ['md', 'html']) expect(saved[format]).toContain('Resource centres: what the room proposes')
    // Markdown: the merged proposal first, with its dots and both tables' original texts.
    const md = saved.md!
    const hotline = md.indexOf('A free national hotline for homeowners')
    expect(hotline).toBeGreaterThan(-1)
    expect(hotline).toBeLessThan(md.indexOf('Training for association chairs'))
    for (const original of ['A national hotline for homeowners', 'National hotline for home owners', 'One number for the whole country']) {
      expect(md).toContain(original)
    }
    // CSV: one row per ranked proposal; the hotline first, merged, with its 4 dots (place, title, …, dots, voters, merged).
    const hotlineRow = saved.csv!.split('\r\n').find((r) => r.startsWith('1,A free national hotline for homeowners,'))
    expect(hotlineRow).toMatch(/,4,[23],yes,/)
    // DOCX is a Word package; the JSON archive holds the dots as cast.
    expect(saved.docx!.startsWith('PK')).toBe(true)
    const archive = JSON.parse(saved.json!) as { harvest: { votes: { dots: unknown[] } } }
    expect(archive.harvest.votes.dots).toHaveLength(6)
  })
})

const overflow = (page: Page) => boardOverflow(page, '[data-testid=board-ranking-row]')

describe('the projected ranking is readable from the back of the hall', () => {
  it(
    '40 proposals from 8 tables, a message up: twelve rows in two columns and the rest counted, 28 px, AA contrast, nothing to scroll at 1080p and 720p',
    async () => {
      const cafe = await createCafe(server.url, { tables: 8, questions: ['Which services could pay for themselves?'] })
      const people: JoinResponse[] = []
      for (let i = 0; i < 16; i++) people.push(await joinCafe(server.url, cafe.joinCode, `Person ${i + 1}`))
      const staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
      expect((await staff.command({ type: 'start' })).ok).toBe(true)
      const subjects = ['Free energy audits', 'ცხელი ხაზი ბინათმესაკუთრეთა ამხანაგობებისთვის', 'Юридичні консультації щовівторка', 'Training for association chairs in Kutaisi and Gori every month', 'Shared templates library']
      for (let table = 0; table < 8; table++) {
        const writer = people.find((p) => p.table === table)!
        const cloth = connectYjs(server.url, writer.document, writer.token)
        await cloth.synced
        subjects.forEach((subject, i) => addProposal(cloth.doc, { id: `p-${table}-${i}`, title: `${subject} (${table + 1})`, what: '', who: '', when: '' }))
        const provenance = cloth.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD)
        await until(() => subjects.every((_, i) => provenance.has(`p-${table}-${i}`)), `table ${table + 1}'s proposals`)
        cloth.destroy()
      }
      expect((await staff.command({ type: 'end-round' })).ok).toBe(true)
      expect((await staff.command({ type: 'open-harvest' })).ok).toBe(true)
      const harvest = (command: HarvestCommand, socket = staff.socket) =>
        socket.timeout(10_000).emitWithAck('harvest:command', command)
      await expect.poll(async () => (await harvest({ type: 'open-voting', dotsPerVoter: 3 })).ok).toBe(true)
      for (const [i, person] of people.slice(0, 6).entries()) {
        const voter = await connectCafe(server.url, cafe.cafeId, person.token)
        for (let dot = 0; dot < 3; dot++) expect((await harvest({ type: 'place-dot', itemKey: `${i % 4}:p-${i % 4}-${dot}` }, voter.socket)).ok).toBe(true)
        voter.close()
      }
      await staff.socket.timeout(10_000).emitWithAck('cafe:broadcast', { text: 'Three dots each: place them before the coffee break, then we read the ranking together' })

      const context = await browser.newContext({ viewport: FULL_HD })
      const page = await context.newPage()
      await page.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
      await page.getByTestId('harvest-console').waitFor()
      await page.goto(appUrl(server.port, `/board/${cafe.cafeId}`))
      await expect.poll(() => page.getByTestId('board-ranking-row').count()).toBe(12)
      await page.getByTestId('broadcast').waitFor()
      expect(await page.getByTestId('board-ranking').textContent()).toContain('+28 more')
      // Tables 1 and 2 got two voters' dots on their first three proposals, tables 3 and 4 one voter's.
      expect((await boardRanking(page)).map((row) => row.dots)).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1])

      const texts = await boardReadability(page)
      expect(texts.filter((t) => t.fontSize < 28)).toEqual([])
      expect(texts.filter((t) => t.contrast < 4.5)).toEqual([])
      expect(await axeViolations(page)).toEqual([])
      await shot(page, 'board-40')
      expect(await overflow(page)).toEqual({ page: false, boxes: 0 })
      await page.setViewportSize({ width: 1280, height: 720 })
      await expect.poll(() => overflow(page)).toEqual({ page: false, boxes: 0 })
      staff.close()
      await context.close()
    },
    60_000,
  )
})
