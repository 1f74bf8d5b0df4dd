/**
 * The rehearsal mode in Chromium: the facilitator, on the console, rehearses a café that has an
 * imported registration list with pre-assigned hosts (one person already claimed their name),
 * runs round 1 while simulated participants type onto the board, ends it, resets — and the café
 * is back in an empty lobby with its registration list, hosts and printed codes intact. Also at
 * phone width, and axe-clean with the REHEARSAL banner up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { freePort, startServer, type RunningServer } from '../support/server.js'
import { seatOnDevice } from '../support/cloth.js'
import { APP_HOST, appUrl, axeViolations, launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { rehearseOneRoundAndReset } from '../support/rehearsal.js'
import type { JoinResponse } from '../../shared/protocol/http.js'
import type { RegistrationsResponse } from '../../shared/protocol/prep.js'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  const port = await freePort()
  server = await startServer({ port, env: { TABLECLOTH_PUBLIC_URL: `http://${APP_HOST}:${port}` } })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const TABLES = 3
const CSV = ['name,country,organisation', 'Nino Beridze,Georgia,RC Kutaisi', 'Olena Kovalenko,Ukraine,MAMA-86', 'Aysel Mammadova,Azerbaijan,HOA Baku', 'Ion Rusu,Moldova,RC Chisinau'].join('\n')

async function api<T>(path: string, token: string | undefined, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  })
  return { status: res.status, body: (await res.json()) as T }
}

describe('rehearsing a café in the browser', () => {
  it('the facilitator rehearses round 1 with simulated participants typing, resets, and the registration list and hosts are kept', async () => {
    const cafe = await createCafe(server.url, { tables: TABLES, tableNames: ['Tbilisi', 'Kutaisi', 'Gori'] })
    const staff = cafe.facilitatorToken
    const imported = await api<RegistrationsResponse>(`/api/cafes/${cafe.cafeId}/registrations`, staff, { method: 'POST', body: JSON.stringify({ csv: CSV }) })
    expect(imported.status).toBe(201)
    const [nino, olena] = imported.body.registrations
    for (const [entry, table] of [[nino!, 0], [olena!, 1]] as const) {
      expect((await api(`/api/cafes/${cafe.cafeId}/registrations/${entry.id}`, staff, { method: 'PATCH', body: JSON.stringify({ hostOf: table }) })).status).toBe(200)
    }
    // Nino arrived early and picked her name: she hosts Tbilisi during the rehearsal too.
    const early = await api<JoinResponse>(`/api/cafes/${cafe.joinCode}/participants`, undefined, { method: 'POST', body: JSON.stringify({ registrationId: nino!.id }) })
    expect(early.status).toBe(201)

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const console = await context.newPage()
      await console.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${staff}`))
      await console.getByTestId('join-code').waitFor()
      const board = await context.newPage()
      await board.setViewportSize({ width: 1920, height: 1080 })
      await board.goto(appUrl(server.port, `/board/${cafe.cafeId}`))
      await board.locator('[data-testid="board"][data-phase="lobby"]').waitFor()
      await expect.poll(() => console.getByTestId('person').count()).toBe(1)

      await rehearseOneRoundAndReset({ console, board, tables: TABLES })
    } finally {
      await context.close()
    }

    // The list survives the reset: every entry, its host table, none claimed; the printed codes still work.
    const after = await api<RegistrationsResponse>(`/api/cafes/${cafe.cafeId}/registrations`, staff)
    expect(after.body.registrations.map((r) => r.name)).toEqual(imported.body.registrations.map((r) => r.name))
    expect(after.body.registrations.map((r) => r.code)).toEqual(imported.body.registrations.map((r) => r.code))
    expect(after.body.registrations.map((r) => r.hostOf)).toEqual([0, 1, undefined, undefined])
    expect(after.body.registrations.every((r) => r.personId === undefined)).toBe(true)
    const again = await api<JoinResponse>(`/api/cafes/${cafe.joinCode}/participants`, undefined, { method: 'POST', body: JSON.stringify({ registrationId: nino!.id }) })
    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({ participantId: early.body.participantId, table: 0, rejoinCode: nino!.code })
  })

  it('at phone width, the console’s rehearsal controls fit and the banner is axe-clean on the console and the board', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    try {
      const console = await context.newPage()
      await console.goto(appUrl(server.port, `/facilitate/${cafe.cafeId}#token=${cafe.facilitatorToken}`))
      await console.getByTestId('rehearsal-panel').waitFor()
      expect(await axeViolations(console)).toEqual([])
      await console.getByTestId('rehearsal-pace').fill('60')
      await console.locator('[data-control="rehearsal-start"]').click()
      await console.getByTestId('rehearsal-banner').waitFor()
      await console.locator('[data-control="rehearsal-reset"]').click()
      await console.locator('[data-control="rehearsal-reset-yes"]').waitFor()
      // Nothing wider than the phone: the banner and the confirmation wrap.
      expect(await console.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      expect(await axeViolations(console)).toEqual([])
      const board = await context.newPage()
      await board.setViewportSize({ width: 1280, height: 720 })
      await board.goto(appUrl(server.port, `/board/${cafe.cafeId}`))
      await board.getByTestId('rehearsal-banner').waitFor()
      expect(await axeViolations(board)).toEqual([])

      // Someone joins for real during the rehearsal: their phone says what this is.
      const joined = await joinCafe(server.url, cafe.joinCode, 'Colleague on a phone')
      const phone = await context.newPage()
      await seatOnDevice(phone, server.port, joined)
      await phone.getByTestId('rehearsal-banner').waitFor()
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      expect(await axeViolations(phone)).toEqual([])
      // The reset removes them with the rehearsal: the phone stops showing the café.
      await console.bringToFront()
      await console.locator('[data-control="rehearsal-reset-yes"]').click()
      await console.getByTestId('rehearsal-reset-done').waitFor()
      await expect.poll(() => phone.getByTestId('rehearsal-banner').count()).toBe(0)
      expect(await phone.getByTestId('table-name').count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})
