/**
 * The café on paper, printed by Chromium: a café of three tables runs two rounds and previews the
 * third; the facilitator opens the print page and saves it as a PDF. Read back with poppler, each
 * round's plan lists every name (Georgian, Cyrillic, Azerbaijani, Latin) under the table the café
 * seated them at; every QR code, decoded from the rendered pages, is the right link: a table card
 * seats a newcomer at that table, a slip continues as its person — or, for a registration nobody
 * claimed yet, makes that person arrive. The PDF and page images are kept in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { request } from 'node:http'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { APP_HOST, appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import type { CafeState, Phase, Seating } from '../../shared/cafe/types.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { PaperPack } from '../../shared/paper/paper-pack.js'

const ARTEFACTS = join(import.meta.dirname, '..', '..', 'test-results', 'paper')
const jsQrSource = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8')

const PEOPLE = ['ნინო ბერიძე', 'Олена Коваль', 'Giorgi Kapanadze', 'Aysel Məmmədova', 'Ion Popescu', 'Тамара Гогуа', 'Vusal Əliyev']
const WITHOUT_DEVICE = 'Мзия Абашидзе'
const REGISTERED = 'Марія Шевченко'
const TABLE_NAMES = ['Tbilisi', 'ქუთაისი', 'Гори']

let server: RunningServer
let browser: Browser
let cafe: CreateCafeResponse
let facilitator: CafeClient
const joined = new Map<string, JoinResponse>()

beforeAll(async () => {
  rmSync(ARTEFACTS, { recursive: true, force: true })
  mkdirSync(ARTEFACTS, { recursive: true })
  // The server listens on loopback only, as on a laptop with no LAN: the paper must still name the
  // address the page was opened on (the one the room reaches), never localhost.
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  facilitator?.close()
  await browser?.close()
  await server?.stop()
})

const seatOf = (state: CafeState, name: string) => Object.values(state.people).find((p) => p.name === name)!
const printedTable = (t: number) => `Table ${t + 1} — ${TABLE_NAMES[t]}`

async function command(c: Parameters<CafeClient['command']>[0]): Promise<void> {
  const result = await facilitator.command(c)
  expect(result, JSON.stringify(c)).toMatchObject({ ok: true })
}

async function newDevice(locale = 'en-GB'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale })
  context.setDefaultTimeout(10_000)
  return context
}

/** The print page in Chromium, saved as a PDF of A4 pages; returns the PDF's path. */
async function printToPdf(name: string, locale: string): Promise<string> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale })
  const page = await context.newPage()
  await page.goto(appUrl(server.port, `/print/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
  await page.getByTestId('paper').waitFor()
  await expect.poll(() => page.getByTestId('paper-slip').count()).toBeGreaterThan(0)
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  const file = join(ARTEFACTS, `${name}.pdf`)
  await page.pdf({ path: file, preferCSSPageSize: true })
  await context.close()
  return file
}

/**
 * The table page a person lands on: after a rotation it first says, big, where to go ("Go to
 * Table 2") until they tap that they arrived. Returns the table the page sent them to.
 */
async function arrive(phone: Page): Promise<string> {
  const move = phone.getByTestId('move')
  const heading = phone.getByTestId('table-name')
  await expect.poll(async () => (await move.count()) + (await heading.count())).toBeGreaterThan(0)
  if ((await move.count()) > 0) {
    const where = (await move.locator('.where').textContent()) ?? ''
    await move.getByRole('button').click()
    await expect.poll(() => heading.textContent()).toContain(where)
  }
  return (await heading.textContent()) ?? ''
}

const pdfText = (file: string, ...args: string[]) => execFileSync('pdftotext', ['-layout', ...args, file, '-'], { encoding: 'utf8' })

/**
 * Which table each name is listed under on a plan page read with `pdftotext -layout`: the plan
 * sets tables in two columns, so a name belongs to the nearest heading above it in its column.
 */
function tablesOnPlan(pageText: string, names: string[]): Map<string, number> {
  const lines = pageText.split('\n')
  const headings: { line: number; column: number; table: number }[] = []
  lines.forEach((text, line) => {
    for (const match of text.matchAll(/Table (\d+) — /g)) headings.push({ line, column: match.index, table: Number(match[1]) - 1 })
  })
  const found = new Map<string, number>()
  for (const name of names) {
    const line = lines.findIndex((text) => text.includes(name))
    if (line < 0) continue
    const column = lines[line]!.indexOf(name)
    const above = headings.filter((h) => h.line < line)
    const nearestColumn = Math.min(...above.map((h) => Math.abs(h.column - column)))
    const heading = above.filter((h) => Math.abs(h.column - column) === nearestColumn).at(-1)
    if (heading) found.set(name, heading.table)
  }
  return found
}

/** A4 at 150 dpi with 10 mm margins: where each of the eight slips of a sheet lies, in pixels. */
const DPI = 150
const mm = (x: number) => (x / 25.4) * DPI
const slipCells = Array.from({ length: 8 }, (_, i) => ({
  x: Math.round(mm(10 + (i % 2) * 95) + 3),
  y: Math.round(mm(10 + Math.floor(i / 2) * 69) + 3),
  w: Math.round(mm(95) - 6),
  h: Math.round(mm(69) - 6),
}))

/** Renders every page to PNG with pdftoppm; returns the files in page order. */
function renderPages(file: string, prefix: string): string[] {
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', file, join(ARTEFACTS, prefix)])
  return readdirSync(ARTEFACTS)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(ARTEFACTS, f))
}

/** Decodes the QR code in each region of a PNG (the whole image if none), in Chromium with jsQR. */
async function decodeQrs(decoder: Page, png: string, regions?: { x: number; y: number; w: number; h: number }[]): Promise<(string | null)[]> {
  return decoder.evaluate(
    async ({ base64, regions }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const areas = regions ?? [{ x: 0, y: 0, w: bitmap.width, h: bitmap.height }]
      const decode = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR
      return areas.map(({ x, y, w, h }) => {
        const canvas = new OffscreenCanvas(w, h)
        const context = canvas.getContext('2d')!
        context.fillStyle = '#fff'
        context.fillRect(0, 0, w, h)
        context.drawImage(bitmap, x, y, w, h, 0, 0, w, h)
        return decode(context.getImageData(0, 0, w, h).data, w, h)?.data ?? null
      })
    },
    { base64: readFileSync(png).toString('base64'), regions },
  )
}

describe('the café on paper', () => {
  let state: CafeState
  let plan: Seating
  let pdf: string
  let pages: string[]
  let decoder: Page
  const cardUrls = new Map<number, string>()
  const slipUrls = new Map<string, string>()

  it('a café of three tables runs two rounds and previews the third; a registration is still unclaimed', async () => {
    cafe = await createCafe(server.url, { tables: 3, tableNames: TABLE_NAMES })
    const imported = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cafe.facilitatorToken}` },
      body: JSON.stringify({ csv: `name,country\n${REGISTERED},Ukraine\n` }),
    })
    expect(imported.status).toBe(201)
    for (const name of PEOPLE) joined.set(name, await joinCafe(server.url, cafe.joinCode, name))
    facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    await command({ type: 'make-host', personId: joined.get(PEOPLE[0]!)!.participantId, table: 0 })
    await command({ type: 'add-person', name: WITHOUT_DEVICE, table: 2 })
    await command({ type: 'start' })
    await command({ type: 'end-round' })
    await command({ type: 'plan-rotation', seed: 11 })
    await command({ type: 'apply-rotation' })
    await command({ type: 'end-round' })
    await command({ type: 'plan-rotation', seed: 12 })
    await expect.poll(() => facilitator.state()?.phase.kind).toBe('rotating')
    state = facilitator.state()!
    plan = (state.phase as Extract<Phase, { kind: 'rotating' }>).plan
    expect(state.history).toHaveLength(2)
    expect(seatOf(state, WITHOUT_DEVICE).withoutDevice).toBe(true)
  })

  it('the pack names the address the room reaches, not localhost', async () => {
    // As a laptop in the room asks: by the name it reached the server on (fetch may not set Host).
    const pack = await new Promise<PaperPack>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: `/api/cafes/${cafe.cafeId}/paper`, headers: { authorization: `Bearer ${cafe.facilitatorToken}`, host: `${APP_HOST}:${server.port}` } },
        (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk.toString()))
          res.on('end', () => resolve(JSON.parse(body) as PaperPack))
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(pack.joinUrl).toBe(appUrl(server.port, `/join/${cafe.joinCode}`))
    // A participant may not print: the slips hold everyone's personal code.
    const participant = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/paper`, { headers: { authorization: `Bearer ${joined.get(PEOPLE[1]!)!.token}` } })
    expect(participant.status).toBe(403)
    expect((await fetch(`${server.url}/api/cafes/${cafe.cafeId}/paper`)).status).toBe(401)
  })

  it('printed to PDF, each round lists every name under the table the café seated them at', async () => {
    pdf = await printToPdf('paper-en', 'en-GB')
    const pageTexts = pdfText(pdf).split('\f')
    const rounds: [number, Seating][] = [
      [1, state.history[0]!],
      [2, state.history[1]!],
      [3, plan],
    ]
    for (const [round, seating] of rounds) {
      const planPage = pageTexts.find((text) => text.includes(`Seating plan — round ${round}`))
      expect(planPage, `a page for round ${round}`).toBeDefined()
      const names = Object.keys(seating).map((id) => state.people[id]!.name)
      expect(names).toContain(WITHOUT_DEVICE)
      const listed = tablesOnPlan(planPage!, names)
      for (const [id, table] of Object.entries(seating)) expect([round, state.people[id]!.name, listed.get(state.people[id]!.name)]).toEqual([round, state.people[id]!.name, table])
      // The host is marked as such.
      expect(planPage).toMatch(new RegExp(`${PEOPLE[0]}\\s+\\(host\\)`))
    }
    const text = pageTexts.join('\n')
    for (const t of [0, 1, 2]) expect(text).toContain(printedTable(t))
    // The question of the round the cards are for (the planned third).
    expect(text).toContain('What must change in law or in partnerships')
  })

  it('every QR code decodes: each table card to its table, each slip to its own person’s code', async () => {
    pages = renderPages(pdf, 'paper-en')
    decoder = await (await newDevice()).newPage()
    await decoder.addScriptTag({ content: jsQrSource })
    const pageTexts = pdfText(pdf).split('\f')
    for (const [i, png] of pages.entries()) {
      const text = pageTexts[i] ?? ''
      const card = /^\s*Table (\d+)\s*$/m.exec(text)
      if (card && !text.includes('Seating plan')) {
        const [url] = await decodeQrs(decoder, png)
        cardUrls.set(Number(card[1]) - 1, url!)
        continue
      }
      if (!text.includes('Your personal code') && !text.includes('Your table')) continue
      // A sheet of slips: each QR code must sit on the slip that names its person.
      const urls = await decodeQrs(decoder, png, slipCells)
      for (const [cell, url] of urls.entries()) {
        const { x, y, w, h } = slipCells[cell]!
        const cellText = pdfText(pdf, '-f', String(i + 1), '-l', String(i + 1), '-r', String(DPI), '-x', String(x), '-y', String(y), '-W', String(w), '-H', String(h))
        // A long name may wrap onto two lines: compare with the cell's words run together.
        const words = cellText.replace(/\s+/g, ' ')
        const name = [...PEOPLE, WITHOUT_DEVICE, REGISTERED].find((n) => words.includes(n))
        if (!name) continue
        if (url) slipUrls.set(name, url)
      }
    }
    expect(new Map([...cardUrls].sort())).toEqual(new Map([0, 1, 2].map((t) => [t, appUrl(server.port, `/join/${cafe.joinCode}?table=${t + 1}`)])))
    // Everyone who joined has a slip with their own code; so has the registration nobody claimed.
    for (const name of PEOPLE) expect(slipUrls.get(name), name).toBe(appUrl(server.port, `/join/${cafe.joinCode}?code=${joined.get(name)!.rejoinCode}`))
    expect(slipUrls.get(REGISTERED)).toMatch(new RegExp(`/join/${cafe.joinCode}\\?code=[A-Z0-9]{4}-[A-Z0-9]{4}$`))
    // Someone without a device has no code on file: a slip with their table, and no QR code.
    expect(slipUrls.has(WITHOUT_DEVICE)).toBe(false)
    expect(pdfText(pdf)).toContain(WITHOUT_DEVICE)
  })

  it('a table card seats a newcomer at its table', async () => {
    await command({ type: 'apply-rotation' })
    for (const [table, url] of cardUrls) {
      const phone = await (await newDevice()).newPage()
      await phone.goto(url)
      // The registration list is up, so the join page offers it; a newcomer types their name instead.
      await phone.locator('#join-name').fill(`Newcomer ${table + 1}`)
      await phone.getByRole('button', { name: 'Join', exact: true }).click()
      await phone.waitForURL(/\/cafe\//)
      expect(await arrive(phone)).toContain(printedTable(table))
      await expect.poll(() => seatOf(facilitator.state()!, `Newcomer ${table + 1}`) && facilitator.state()!.seating[seatOf(facilitator.state()!, `Newcomer ${table + 1}`).id]).toBe(table)
      await phone.context().close()
    }
  })

  it('a slip continues as its person on a fresh device, at the table the slip gives', async () => {
    for (const name of [PEOPLE[1]!, PEOPLE[0]!, PEOPLE[6]!]) {
      const person = joined.get(name)!
      const phone = await (await newDevice()).newPage()
      await phone.goto(slipUrls.get(name)!)
      await phone.waitForURL(/\/cafe\//)
      expect(await arrive(phone)).toContain(printedTable(plan[person.participantId]!))
      // This device now holds this person's seat, and shows their own code.
      const seat = await phone.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}') as { participantId?: string }, `tablecloth:${cafe.cafeId}:participant`)
      expect(seat.participantId).toBe(person.participantId)
      await expect.poll(() => phone.getByTestId('rejoin-code').textContent()).toBe(person.rejoinCode)
      // The code left the address bar as soon as it was read.
      expect(phone.url()).not.toContain(person.rejoinCode)
      await phone.context().close()
    }
  })

  it('the slip of a registration nobody claimed makes that person arrive, under their registered name', async () => {
    const phone = await (await newDevice()).newPage()
    await phone.goto(slipUrls.get(REGISTERED)!)
    await phone.waitForURL(/\/cafe\//)
    await arrive(phone)
    const code = new URL(slipUrls.get(REGISTERED)!).searchParams.get('code')!
    await expect.poll(() => phone.getByTestId('rejoin-code').textContent()).toBe(code)
    const seat = await phone.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}') as { participantId?: string }, `tablecloth:${cafe.cafeId}:participant`)
    await expect.poll(() => facilitator.state()!.people[seat.participantId!]?.name).toBe(REGISTERED)
    await phone.context().close()
  })

  it('on a phone the print page fits 390 px and passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(appUrl(server.port, `/print/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    await page.getByTestId('paper').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await axeViolations(page)).toEqual([])
    // Only the parts chosen are laid out (and printed).
    await page.getByTestId('paper-part-slips').uncheck()
    await expect.poll(() => page.getByTestId('paper-slip').count()).toBe(0)
    expect(await page.getByTestId('paper-card').count()).toBe(3)
    await context.close()
  })

  it('printed from a Georgian browser, the labels are Georgian and the names in the font we serve', async () => {
    const file = await printToPdf('paper-ka', 'ka-GE')
    const text = pdfText(file)
    expect(text).toContain('დასხდომის გეგმა — რაუნდი 1')
    expect(text).toContain('მაგიდა 2 — ქუთაისი')
    expect(text).toContain('თქვენი პირადი კოდი')
    expect(text).toContain(PEOPLE[0])
    // Chromium embeds the fonts it drew with: ours, not a stand-in.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    expect(fonts).toMatch(/NotoSansGeorgian/)
  })
})
