/**
 * The summary and the organisers' area in Chromium: the facilitator (from their link) and an
 * organiser (from the organisers' area, with the server's key) edit the summary together and see
 * each other's words as they type, including both typing in one translation at once; every
 * download holds the Georgian notes and the translation beside its original; the organisers'
 * area lists the cafés, deletes one after naming it, and restores a café from its archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe } from '../support/cafe.js'
import { GEORGIAN_NOTE, GEORGIAN_PROPOSAL, harvestedCafe, SUMMARY_TITLE, type HarvestedCafe } from '../support/harvested-cafe.js'
import { filenameFromDisposition } from '../../web/lib/summary/downloads.js'
import type { OrganiserCafesResponse } from '../../shared/protocol/http.js'

const KEY = 'organisers-key-for-the-tbilisi-seminar'
const UKRAINIAN_NOTE = 'Гаряча лінія та юридичні консультації — найважливіше.'
const NEW_TITLE = `${SUMMARY_TITLE} (Tbilisi seminar)`
const TRANSLATION = 'The hotline and legal advice matter most.'
const MERGED_TRANSLATION = `Odesa: ${TRANSLATION} (Olena)`

let server: RunningServer
let browser: Browser
let harvested: HarvestedCafe
let facilitatorContext: BrowserContext
let organiserContext: BrowserContext
let facilitator: Page
let organiser: Page

beforeAll(async () => {
  server = await startServer({ env: { TABLECLOTH_ORGANISER_KEY: KEY } })
  browser = await launchBrowser()
  harvested = await harvestedCafe(server.url)
  facilitatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  organiserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
})
afterAll(async () => {
  harvested?.close()
  await browser?.close()
  await server?.stop()
})

/** The translation box beside table 2's first-round notes (the Ukrainian ones). */
const ukrainianTranslation = (page: Page) => page.locator('[data-testid=summary-round][data-key="note:1:1"]').getByTestId('translation')
const valueOf = (field: Locator) => field.inputValue()
const cafeEntry = (page: Page, cafeId: string) => page.locator(`[data-testid=organise-cafe][data-cafe="${cafeId}"]`)

/** One file out of a zip (a DOCX is one), read through its central directory. */
function fileInZip(zip: Buffer, name: string): string | undefined {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (end < 0) return undefined
  let at = zip.readUInt32LE(end + 16)
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10)
    const size = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
      const data = zip.subarray(start, start + size)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8')
    }
    at += 46 + skip
  }
  return undefined
}

/** Clicks a download button and returns the saved file and the name the browser gave it. */
async function download(page: Page, scope: Locator, format: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), scope.locator(`[data-download="${format}"]`).click()])
  return { name: file.suggestedFilename(), body: readFileSync((await file.path())!) }
}

describe('the facilitator and an organiser edit the summary together', () => {
  it("the facilitator's link opens the summary: topic, questions, Georgian notes, ranked proposals", async () => {
    facilitator = await facilitatorContext.newPage()
    await facilitator.goto(appUrl(server.port, `/summary/${harvested.cafe.cafeId}#token=${harvested.cafe.facilitatorToken}`))
    await facilitator.getByTestId('summary').waitFor()
    // The token leaves the address bar at once, and this device keeps it for a reload.
    expect(facilitator.url()).not.toContain('token')
    await expect.poll(() => facilitator.getByTestId('summary-status').getAttribute('data-status')).toBe('live')
    await expect.poll(() => valueOf(facilitator.getByTestId('summary-title'))).toBe(SUMMARY_TITLE)
    const text = await facilitator.getByTestId('summary').textContent()
    for (const expected of [GEORGIAN_NOTE, UKRAINIAN_NOTE, GEORGIAN_PROPOSAL, 'What has the resource centre achieved']) expect(text).toContain(expected)
    expect(await facilitator.getByTestId('summary-participants').textContent()).toContain('6')
    // The merged proposal, with all three people's dots, comes first.
    const first = facilitator.getByTestId('summary-proposal').first()
    expect(await first.getAttribute('data-key')).toBe(`item:${harvested.mergeId}`)
    expect(await first.textContent()).toContain('Dots: 3')
  })

  it("an organiser opens it from the organisers' area with the server's key", async () => {
    organiser = await organiserContext.newPage()
    await organiser.goto(appUrl(server.port, '/organise'))
    await organiser.getByLabel('Organiser key').fill(KEY)
    await organiser.getByRole('button', { name: 'Open', exact: true }).click()
    const entry = cafeEntry(organiser, harvested.cafe.cafeId)
    await entry.waitFor()
    expect(await entry.textContent()).toContain('Sustainable functioning of resource centres')
    await entry.getByTestId('organise-open').click()
    await organiser.waitForURL(new RegExp(`/summary/${harvested.cafe.cafeId}$`))
    await organiser.getByTestId('summary').waitFor()
    await expect.poll(() => organiser.getByTestId('summary-status').getAttribute('data-status')).toBe('live')
    await expect.poll(() => valueOf(organiser.getByTestId('summary-title'))).toBe(SUMMARY_TITLE)
  })

  it('the title the organiser types appears on the facilitator’s page, heading included', async () => {
    const title = organiser.getByTestId('summary-title')
    await title.click()
    await organiser.keyboard.press('End')
    await organiser.keyboard.type(' (Tbilisi seminar)')
    await expect.poll(() => valueOf(facilitator.getByTestId('summary-title'))).toBe(NEW_TITLE)
    await expect.poll(() => facilitator.getByTestId('summary-heading').textContent()).toBe(NEW_TITLE)
  })

  it('a translation typed on one page appears beside the original on the other', async () => {
    await ukrainianTranslation(facilitator).click()
    await facilitator.keyboard.type(TRANSLATION)
    await expect.poll(() => valueOf(ukrainianTranslation(organiser))).toBe(TRANSLATION)
  })

  it('both typing in the same translation at once: their words merge', async () => {
    await ukrainianTranslation(facilitator).click()
    await facilitator.keyboard.press('Control+Home')
    await ukrainianTranslation(organiser).click()
    await organiser.keyboard.press('Control+End')
    await Promise.all([facilitator.keyboard.type('Odesa: ', { delay: 40 }), organiser.keyboard.type(' (Olena)', { delay: 40 })])
    for (const page of [facilitator, organiser]) await expect.poll(() => valueOf(ukrainianTranslation(page))).toBe(MERGED_TRANSLATION)
  })

  it("a participant's link does not open the summary: it names everyone and counts every dot", async () => {
    const page = await browser.newPage()
    await page.goto(appUrl(server.port, `/summary/${harvested.cafe.cafeId}#token=${harvested.people[1]!.token}`))
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not open')
    expect(await page.getByTestId('summary').count()).toBe(0)
    await page.close()
  })

  it('the summary reads cleanly on a phone and passes axe', async () => {
    await facilitator.setViewportSize({ width: 390, height: 844 })
    const overflow = await facilitator.evaluate(() => document.scrollingElement!.scrollWidth > innerWidth)
    expect(overflow).toBe(false)
    expect(await axeViolations(facilitator)).toEqual([])
    await facilitator.setViewportSize({ width: 1920, height: 1080 })
    const size = await facilitator.getByTestId('summary-heading').evaluate((h) => parseFloat(getComputedStyle(h).fontSize))
    // Read from the back of the hall: the projector gets bigger type than the phone.
    expect(size).toBeGreaterThanOrEqual(40)
    await facilitator.setViewportSize({ width: 1280, height: 900 })
  })
})

describe('every download, from the summary page', () => {
  const scope = () => facilitator.locator('.bar')

  it('each is saved under the name the server gives it', async () => {
    for (const [format, path] of [['docx', 'summary.docx'], ['md', 'summary.md'], ['html', 'summary.html'], ['csv', 'proposals.csv'], ['json', 'archive.json']]) {
      const res = await fetch(`${server.url}/api/cafes/${harvested.cafe.cafeId}/${path}`, { headers: { authorization: `Bearer ${KEY}` } })
      const { name } = await download(facilitator, scope(), format!)
      expect(name).toBe(filenameFromDisposition(res.headers.get('content-disposition')))
      expect(name.endsWith(`.${format}`)).toBe(true)
    }
  })

  it('Markdown and HTML hold the Georgian notes, the new title, and the translation right after its original', async () => {
    for (const format of ['md', 'html']) {
      const text = (await download(facilitator, scope(), format)).body.toString('utf8')
      expect(text).toContain(GEORGIAN_NOTE)
      expect(text).toContain(NEW_TITLE)
      const original = text.indexOf(UKRAINIAN_NOTE)
      const translation = text.indexOf(MERGED_TRANSLATION)
      expect(original).toBeGreaterThan(-1)
      expect(translation).toBeGreaterThan(original)
      // …and before that table's next round.
      expect(translation).toBeLessThan(text.indexOf('Table 2, round 2:'))
    }
  })

  it('the DOCX is a zip whose word/document.xml holds the Georgian text and the translation', async () => {
    const { body } = await download(facilitator, scope(), 'docx')
    expect(body.subarray(0, 2).toString('latin1')).toBe('PK')
    const xml = fileInZip(body, 'word/document.xml')
    expect(xml).toMatch(/^<\?xml/)
    // Word splits text into runs (Georgian letters in their own font): read it as Word shows it.
    const text = xml!.replace(/<[^>]+>/g, '')
    expect(text).toContain(GEORGIAN_NOTE)
    expect(text).toContain(NEW_TITLE)
    expect(text.indexOf(MERGED_TRANSLATION)).toBeGreaterThan(text.indexOf(UKRAINIAN_NOTE))
  })

  it('the CSV lists the proposals with their dots; the archive is the whole café as JSON', async () => {
    const csv = (await download(facilitator, scope(), 'csv')).body.toString('utf8')
    expect(csv).toContain(GEORGIAN_PROPOSAL)
    const archive = JSON.parse((await download(facilitator, scope(), 'json')).body.toString('utf8')) as unknown
    expect(JSON.stringify(archive)).toContain('Sustainable functioning of resource centres')
  })
})

describe("the organisers' area", () => {
  it('lists every café with its size and deletes one after naming it, leaving the others', async () => {
    const rehearsal = await createCafe(server.url, { topic: 'Rehearsal café, to delete', tables: 4 })
    await organiser.goto(appUrl(server.port, '/organise'))
    // The key is kept on this device: no need to type it again.
    const entry = cafeEntry(organiser, rehearsal.cafeId)
    await entry.waitFor()
    expect(await entry.textContent()).toContain('tables: 4')
    expect(await cafeEntry(organiser, harvested.cafe.cafeId).textContent()).toContain('people: 6')
    expect(await axeViolations(organiser)).toEqual([])

    await entry.getByTestId('organise-delete').click()
    expect(await entry.getByTestId('organise-delete-ask').textContent()).toContain('Rehearsal café, to delete')
    // The first answer offered is the safe one.
    expect(await organiser.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keep it')
    expect(await axeViolations(organiser)).toEqual([])
    await entry.getByTestId('organise-delete-confirm').click()
    await entry.waitFor({ state: 'detached' })
    expect(await organiser.getByTestId('organise-notice').textContent()).toContain('Rehearsal café, to delete')

    const listed = (await (await fetch(`${server.url}/api/organiser/cafes`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as OrganiserCafesResponse
    expect(listed.cafes.map((c) => c.cafeId)).toEqual([harvested.cafe.cafeId])
    expect((await fetch(`${server.url}/api/cafes/${rehearsal.joinCode}`)).status).toBe(404)
    await organiser.reload()
    await cafeEntry(organiser, harvested.cafe.cafeId).waitFor()
    expect(await cafeEntry(organiser, rehearsal.cafeId).count()).toBe(0)
  })

  it("restores a café from the archive downloaded there, and opens the restored café's console", async () => {
    const archive = await download(organiser, cafeEntry(organiser, harvested.cafe.cafeId), 'json')
    await organiser.getByTestId('import-file').setInputFiles({ name: archive.name, mimeType: 'application/json', buffer: archive.body })
    await organiser.getByTestId('import-submit').click()
    await organiser.waitForURL(/\/facilitate\//)
    const restoredId = new URL(organiser.url()).pathname.split('/').at(-1)!
    expect(restoredId).not.toBe(harvested.cafe.cafeId)
    await organiser.getByTestId('join-code').waitFor()
    await organiser.goto(appUrl(server.port, '/organise'))
    expect(await cafeEntry(organiser, restoredId).textContent()).toContain('Sustainable functioning of resource centres')
  })

  it('an archive that is not one is refused with a message, and nothing is added', async () => {
    const before = await organiser.getByTestId('organise-cafe').count()
    await organiser.getByTestId('import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') })
    await organiser.getByTestId('import-submit').click()
    await expect.poll(() => organiser.getByRole('alert').textContent()).toContain('not a Tablecloth archive')
    await organiser.getByRole('button', { name: 'Refresh the list' }).click()
    await expect.poll(() => organiser.getByTestId('organise-cafe').count()).toBe(before)
  })

  it('forgets the key on this device when asked', async () => {
    await organiser.getByTestId('organise-forget').click()
    await organiser.getByLabel('Organiser key').waitFor()
    await organiser.reload()
    await organiser.getByLabel('Organiser key').waitFor()
    expect(await organiser.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('organiser-key')))).toEqual([])
    expect(await axeViolations(organiser)).toEqual([])
  })

  it('a wrong key is refused and not kept', async () => {
    await organiser.getByLabel('Organiser key').fill('not-the-key-of-this-server')
    await organiser.getByRole('button', { name: 'Open', exact: true }).click()
    await expect.poll(() => organiser.getByRole('alert').textContent()).toContain('does not open this server')
    expect(await organiser.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('organiser-key')))).toEqual([])
  })
})
