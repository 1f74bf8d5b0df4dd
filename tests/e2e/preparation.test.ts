/**
 * Preparing a café in Chromium (issue 8): the facilitator imports the registration list — a file
 * rejected as a whole imports nothing, a file with three broken rows is reported by line and
 * imported only when the facilitator leaves them out — pre-assigns eight hosts, one per table; on
 * the day two people pick their names on their phones (a pre-assigned host lands at their table as
 * its host) and one continues with the personal code printed on their slip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import { rehearseOneRoundAndReset } from '../support/rehearsal.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { RegistrationsResponse } from '../../shared/protocol/prep.js'
import type { Registration } from '../../shared/prep/registration.js'

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

/** Forty people from the five countries, in their own scripts. */
export const FORTY: { name: string; country: string; organisation: string; language: string }[] = [
  ['ნინო ბერიძე', 'საქართველო', 'თბილისის რესურსცენტრი', 'ka'],
  ['გიორგი მაისურაძე', 'საქართველო', 'ქუთაისის ამხანაგობა', 'ka'],
  ['თამარ ჯაფარიძე', 'საქართველო', 'გორის ოფისი', 'ka'],
  ['ლევან ხარაიშვილი', 'საქართველო', 'ზუგდიდის ოფისი', 'ka'],
  ['მარიამ წიკლაური', 'საქართველო', 'თელავის ოფისი', 'ka'],
  ['დავით კვარაცხელია', 'საქართველო', 'თბილისის რესურსცენტრი', 'ka'],
  ['ეკა ლომიძე', 'საქართველო', 'ამხანაგობა „ვაკე“', 'ka'],
  ['ზურაბ ნოზაძე', 'საქართველო', 'ქუთაისის ამხანაგობა', 'ka'],
  ['Олена Коваленко', 'Україна', 'МАМА-86 Одеса', 'uk'],
  ['Андрій Шевчук', 'Україна', 'ОСББ «Затишок»', 'uk'],
  ['Ірина Бойко', 'Україна', 'Ресурсний центр Одеса', 'uk'],
  ['Юрій Мельник', 'Україна', 'ОСББ «Сонячний»', 'uk'],
  ['Наталія Ткаченко', 'Україна', 'МАМА-86 Одеса', 'uk'],
  ['Сергей Иванов', 'Беларусь', 'Товарищество «Свет»', 'ru'],
  ['Анна Кузнецова', 'Беларусь', 'Ресурсный центр Минск', 'ru'],
  ['Дмитрий Соколов', 'Беларусь', 'ТС «Надежда»', 'ru'],
  ['Ольга Попова', 'Беларусь', 'Ресурсный центр Минск', 'ru'],
  ['Алексей Лебедев', 'Беларусь', 'ТС «Уют»', 'ru'],
  ['Aysel Məmmədova', 'Azərbaycan', 'Bakı Resurs Mərkəzi', 'az'],
  ['Rəşad Əliyev', 'Azərbaycan', 'Gəncə MTK', 'az'],
  ['Günel Hüseynova', 'Azərbaycan', 'Bakı Resurs Mərkəzi', 'az'],
  ['Elçin Quliyev', 'Azərbaycan', 'Sumqayıt MTK', 'az'],
  ['Şəbnəm İsmayılova', 'Azərbaycan', 'Gəncə MTK', 'az'],
  ['Tural Həsənov', 'Azərbaycan', 'Bakı Resurs Mərkəzi', 'az'],
  ['Ion Popescu', 'Moldova', 'Asociația Proprietarilor', 'ro'],
  ['Maria Rusu', 'Moldova', 'Centrul de Resurse Chișinău', 'ro'],
  ['Ștefan Ciobanu', 'Moldova', 'Asociația „Casa Noastră”', 'ro'],
  ['Ana Țurcanu', 'Moldova', 'Centrul de Resurse Bălți', 'ro'],
  ['Vasile Lungu', 'Moldova', 'Asociația Proprietarilor', 'ro'],
  ['Elena Munteanu', 'Moldova', 'Centrul de Resurse Chișinău', 'ro'],
  ['Jürgen Weiß', 'Deutschland', 'IWO Berlin', 'de'],
  ['Käthe Müller', 'Deutschland', 'IWO Berlin', 'de'],
  ['Björn Schäfer', 'Deutschland', 'IWO Berlin', 'de'],
  ['Ксенія Гончаренко', 'Україна', 'Ресурсний центр Харків', 'uk'],
  ['Владимир Новиков', 'Беларусь', 'ТС «Восход»', 'ru'],
  ['ნათია გელაშვილი', 'საქართველო', 'გორის ოფისი', 'ka'],
  ['Nərgiz Abbasova', 'Azərbaycan', 'Şəki MTK', 'az'],
  ['Doina Ceban', 'Moldova', 'Centrul de Resurse Cahul', 'ro'],
  ['Zoë Smith-Dvořák', 'United Kingdom', 'Housing Europe', 'en'],
  ['Ирина Петрова, мл.', 'Беларусь', 'ТС «Надежда»; Минск', 'ru'],
].map(([name, country, organisation, language]) => ({ name: name!, country: country!, organisation: organisation!, language: language! }))

/** A field for a semicolon-separated file, quoted as a spreadsheet would. */
const field = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/**
 * The list as Excel in a Russian locale saves it: BOM, semicolons, CRLF; columns in their own
 * order; three broken rows, on lines 6, 20 and 37 of the file.
 */
function registrationCsv(): { csv: Buffer; brokenLines: number[] } {
  const lines = ['E-mail;Name;Country;Organization;Language']
  const broken = new Map<number, string>([
    [6, ';;Україна;ОСББ;uk'], // no name
    [20, 'nino@example.ge;Nino;Georgia;IWO;ka;columns'], // one column too many
    [37, 'petru.rotaru(at)example.md;Petru Rotaru;Moldova;ADR;ro'], // a malformed e-mail address
  ])
  let next = 0
  while (next < FORTY.length || broken.has(lines.length + 1)) {
    const line = lines.length + 1
    const bad = broken.get(line)
    if (bad !== undefined) lines.push(bad)
    else {
      const p = FORTY[next++]!
      lines.push([`person${next}@example.org`, p.name, p.country, p.organisation, p.language].map(field).join(';'))
    }
  }
  return { csv: Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8'), brokenLines: [...broken.keys()].sort((a, b) => a - b) }
}

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport })
  return context.newPage()
}

async function registrations(cafe: CreateCafeResponse): Promise<Registration[]> {
  const res = await fetch(`${server.url}/api/cafes/${cafe.cafeId}/registrations`, { headers: { authorization: `Bearer ${cafe.facilitatorToken}` } })
  return ((await res.json()) as RegistrationsResponse).registrations
}

async function upload(page: Page, name: string, buffer: Buffer) {
  await page.locator('#prep-file').setInputFiles({ name, mimeType: 'text/csv', buffer })
  await page.getByRole('button', { name: 'Check and import' }).click()
}

/** A person on their phone picks their own name from the list and joins. */
async function pickName(phone: Page, joinCode: string, search: string, name: string): Promise<void> {
  await phone.goto(appUrl(server.port, `/join/${joinCode}`))
  await phone.getByLabel('Find your name').fill(search)
  await phone.getByRole('button', { name, exact: true }).click()
  await expect.poll(() => phone.getByTestId('picked-name').textContent()).toBe(`You join as ${name}.`)
  await phone.getByRole('button', { name: 'Join', exact: true }).click()
  await phone.waitForURL(/\/cafe\//)
}

describe('preparing a café with its registration list', () => {
  let cafe: CreateCafeResponse
  let facilitator: Page
  let list: Registration[] = []

  it('a file rejected as a whole imports nothing', async () => {
    cafe = await createCafe(server.url, { tables: 8 })
    facilitator = await newPage()
    await facilitator.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    // Open while the café is in its lobby.
    await facilitator.getByTestId('prep-list-empty').waitFor()
    await upload(facilitator, 'contacts.csv', Buffer.from('Country;Organisation\r\nGeorgia;IWO\r\n'))
    await expect.poll(() => facilitator.getByTestId('prep-rejected').textContent()).toContain('one of them “name”')
    await upload(facilitator, 'list.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 0xff, 0xfe]))
    await expect.poll(() => facilitator.getByTestId('prep-rejected').textContent()).toContain('not a text file')
    expect(await registrations(cafe)).toEqual([])
    expect(await facilitator.getByTestId('prep-list-empty').isVisible()).toBe(true)
    expect(await axeViolations(facilitator)).toEqual([])
  })

  it('a list of 40 people with 3 broken rows is reported by line, imported only when the facilitator leaves those out', async () => {
    const { csv, brokenLines } = registrationCsv()
    expect(brokenLines).toEqual([6, 20, 37])
    await upload(facilitator, 'registrations.csv', csv)
    await facilitator.getByTestId('prep-report').waitFor()
    const reported = await facilitator.getByTestId('prep-problem').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-line'))))
    expect(reported).toEqual([6, 20, 37])
    expect(await facilitator.getByTestId('prep-problem').allTextContents()).toEqual([
      'Line 6: no name',
      'Line 20: wrong number of columns',
      'Line 37: the e-mail address is not valid',
    ])
    // Checked, not stored: nothing half-imported.
    expect(await registrations(cafe)).toEqual([])
    expect(await axeViolations(facilitator)).toEqual([])

    await facilitator.getByRole('button', { name: 'Import the other rows (40) and leave these out' }).click()
    await expect.poll(() => facilitator.getByTestId('prep-imported').textContent()).toBe('Imported: 40.')
    list = await registrations(cafe)
    expect(list.map((r) => r.name)).toEqual(FORTY.map((p) => p.name))
    expect(list[18]).toMatchObject({ name: 'Aysel Məmmədova', country: 'Azərbaycan', organisation: 'Bakı Resurs Mərkəzi', language: 'az' })
    await expect.poll(() => facilitator.getByTestId('prep-entry').count()).toBe(40)
    expect(await facilitator.getByTestId('prep-list-count').textContent()).toBe('Here: 0 of 40')
  })

  it('the facilitator pre-assigns eight hosts, one per table, from the list', async () => {
    // One host from each corner of the room, for tables 1 to 8.
    const hosts = [0, 8, 13, 18, 24, 30, 2, 33]
    for (const [table, i] of hosts.entries()) {
      const select = facilitator.getByRole('combobox', { name: `${FORTY[i]!.name} Hosts table`, exact: true })
      await select.selectOption(String(table))
      await expect.poll(async () => (await registrations(cafe))[i]!.hostOf).toBe(table)
    }
    list = await registrations(cafe)
    expect(list.filter((r) => r.hostOf !== undefined)).toHaveLength(8)
    for (const [table, i] of hosts.entries()) expect(list[i]!.hostOf).toBe(table)
    // A first-round seat for one more person.
    await facilitator.getByRole('combobox', { name: `${FORTY[25]!.name} Round 1 table`, exact: true }).selectOption('5')
    await expect.poll(async () => (await registrations(cafe))[25]!.table).toBe(5)
    expect(await axeViolations(facilitator)).toEqual([])
  })

  it('on the day, two people pick their names on their phones; the pre-assigned host lands at their table as its host', async () => {
    const aysel = await newPage({ width: 390, height: 844 })
    await aysel.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    await aysel.getByTestId('name-picker').waitFor()
    await aysel.getByTestId('privacy-notice').waitFor()
    expect(await aysel.getByTestId('privacy-deletion').textContent()).toBe('Everything is deleted when the organisers delete the café.')
    expect(await axeViolations(aysel)).toEqual([])
    // Typed without the schwa, as on a phone keyboard: she hosts table 4.
    await pickName(aysel, cafe.joinCode, 'memmedova', 'Aysel Məmmədova')
    await expect.poll(() => aysel.getByTestId('table-name').textContent()).toContain('Table 4')

    const maria = await newPage({ width: 390, height: 844 })
    await pickName(maria, cafe.joinCode, 'maria ru', 'Maria Rusu')
    await expect.poll(() => maria.getByTestId('table-name').textContent()).toContain('Table 6')

    list = await registrations(cafe)
    const ayselId = list[18]!.personId!
    expect(ayselId).toBeDefined()
    expect(list[25]!.personId).toBeDefined()
    const me = await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${await aysel.evaluate((id) => JSON.parse(localStorage.getItem(`tablecloth:${id}:participant`)!).token as string, cafe.cafeId)}` } })).json()
    expect(me).toMatchObject({ participantId: ayselId })
    // In the café itself she is table 4's host, with her registration's country and organisation.
    const watcher = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => watcher.state()?.people[ayselId]).toMatchObject({ hostOf: 3, country: 'Azərbaycan', organisation: 'Bakı Resurs Mərkəzi', registrationId: list[18]!.id })
    expect(watcher.state()!.seating[ayselId]).toBe(3)
    expect(watcher.state()!.people[list[25]!.personId!]!.hostOf).toBeUndefined()
    watcher.close()
    // The facilitator's list shows them as here, and their names are gone from the join screen.
    await expect.poll(() => facilitator.getByTestId('prep-list-count').textContent()).toBe('Here: 2 of 40')
    const lobby = (await (await fetch(`${server.url}/api/cafes/${cafe.joinCode}`)).json()) as { registrations: { name: string }[] }
    expect(lobby.registrations.map((r) => r.name)).not.toContain('Aysel Məmmədova')
    expect(lobby.registrations).toHaveLength(38)
  })

  it('a name already taken tells the next phone to use the personal code', async () => {
    const again = await newPage({ width: 390, height: 844 })
    await again.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    await again.getByLabel('Find your name').fill('Maria')
    // Maria's name is no longer offered; someone who picked it a moment before still gets a clear answer.
    expect(await again.getByRole('button', { name: 'Maria Rusu', exact: true }).count()).toBe(0)
    const res = await fetch(`${server.url}/api/cafes/${cafe.joinCode}/participants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ registrationId: list[25]!.id }),
    })
    expect(res.status).toBe(409)
  })

  it('one person continues with the personal code printed on their slip, before ever picking their name', async () => {
    const jurgen = list.find((r) => r.name === 'Jürgen Weiß')!
    expect(jurgen.hostOf).toBe(5)
    const phone = await newPage({ width: 390, height: 844 })
    await phone.goto(appUrl(server.port, `/join/${cafe.joinCode}`))
    await phone.getByText('Continue on another device').click()
    await phone.getByLabel('Personal code').fill(jurgen.code.toLowerCase())
    await phone.getByRole('button', { name: 'Continue', exact: true }).click()
    await phone.waitForURL(/\/cafe\//)
    await expect.poll(() => phone.getByTestId('table-name').textContent()).toContain('Table 6')
    await expect.poll(async () => (await registrations(cafe)).find((r) => r.id === jurgen.id)!.personId).toBeDefined()
    const seat = await phone.evaluate((id) => JSON.parse(localStorage.getItem(`tablecloth:${id}:participant`)!) as JoinResponse, cafe.cafeId)
    expect(seat.rejoinCode).toBe(jurgen.code)
    await expect.poll(() => facilitator.getByTestId('prep-list-count').textContent()).toBe('Here: 3 of 40')
  })

  it('the facilitator rehearses round 1 with simulated participants typing, then resets: the list and its eight hosts stay', async () => {
    // The board on the same laptop (it holds the facilitator's token), as it would be on the projector.
    const board = await facilitator.context().newPage()
    await board.setViewportSize({ width: 1280, height: 720 })
    await board.goto(appUrl(server.port, `/board/${cafe.cafeId}`))
    await board.getByTestId('board').waitFor()
    await rehearseOneRoundAndReset({ console: facilitator, board, tables: 8 })
    // Back to the lobby, with nobody in it; the registration list and its pre-assignments are kept, unclaimed.
    const watcher = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => watcher.state()?.phase.kind).toBe('lobby')
    expect(Object.keys(watcher.state()!.people)).toEqual([])
    expect(watcher.state()!.rehearsal).toBeFalsy()
    watcher.close()
    const after = await registrations(cafe)
    expect(after.map((r) => r.name)).toEqual(FORTY.map((p) => p.name))
    expect(after.filter((r) => r.hostOf !== undefined).map((r) => [r.name, r.hostOf])).toEqual(
      list.filter((r) => r.hostOf !== undefined).map((r) => [r.name, r.hostOf]),
    )
    expect(after.every((r) => r.personId === undefined)).toBe(true)
    await expect.poll(() => facilitator.getByTestId('prep-list-count').textContent()).toBe('Here: 0 of 40')
    await board.close()
  })
})

describe('starting a café from a template', () => {
  it('the facilitator saves the café as a template; the home page starts the next café from it, without its people', async () => {
    const cafe = await createCafe(server.url, { topic: 'შემდეგი კაფე: რესურსცენტრები', tables: 5, tableNames: ['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi', 'Telavi'], roundMinutes: 25 })
    const console = await newPage({ width: 390, height: 844 })
    await console.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
    await console.getByLabel('Template name').fill('Tbilisi seminar, five tables')
    await console.getByRole('button', { name: 'Save as template' }).click()
    await expect.poll(() => console.getByText('Saved as “Tbilisi seminar, five tables”.').count()).toBe(1)

    const home = await newPage({ width: 390, height: 844 })
    await home.goto(appUrl(server.port, '/'))
    await home.getByLabel('Start from a template').selectOption({ label: 'Tbilisi seminar, five tables' })
    await expect.poll(() => home.getByLabel('Topic').inputValue()).toBe('შემდეგი კაფე: რესურსცენტრები')
    expect(await home.getByLabel('Number of tables').inputValue()).toBe('5')
    expect(await home.getByLabel('Minutes per round').inputValue()).toBe('25')
    expect(await axeViolations(home)).toEqual([])
    await home.getByRole('button', { name: 'Create the café' }).click()
    await home.waitForURL(/\/facilitate\//)
    await expect.poll(() => home.getByText('Telavi').count()).toBeGreaterThan(0)
  })
})
