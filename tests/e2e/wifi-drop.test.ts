import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.js'
import { launchBrowser } from '../support/browser.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import type { JoinResponse } from '../../shared/protocol/http.js'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js'
import { connectCafe } from '../support/cafe-socket.js'
import { connectYjs } from '../support/yjs-client.js'
import { notesField } from '../../shared/cloth/schema.js'
import { notesText as fragmentText } from '../../shared/cloth/rich-text.js'
import { offlineCopySaved, addProposal, clothStatus, notesText, openSeat, proposalsShown, typeAtEnd, waitUntilSaved } from '../support/cloth.js'

let server: RunningServer
let proxy: TcpProxy
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  proxy = await startTcpProxy(server.port)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await proxy?.stop()
  await server?.stop()
})

const newPage = async (viewport = { width: 1280, height: 800 }): Promise<Page> => (await browser.newContext({ viewport })).newPage()

const SENTENCE = ' The Zugdidi office needs a second hotline number.'
const PROPOSAL = 'A second hotline number for Zugdidi'

describe("a participant whose wifi drops mid-sentence keeps the sentence", () => {
  let nino: Page
  let olena: Page
  let aysel: Page
  let olenaSeat: JoinResponse

  it('three people sit at one table; Nino reaches the server through the venue wifi (a proxy we can cut)', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const [n, o, a] = await Promise.all(['Nino', 'Olena', 'Aysel'].map((name) => joinCafe(server.url, cafe.joinCode, name)))
    nino = await newPage({ width: 390, height: 844 })
    await openSeat(nino, proxy.port, n!, 'Nino')
    olenaSeat = o!
    olena = await newPage()
    await openSeat(olena, server.port, olenaSeat, 'Olena')
    aysel = await newPage()
    await openSeat(aysel, server.port, a!, 'Aysel')
    await typeAtEnd(olena, 'Before the drop.')
    await expect.poll(() => notesText(nino)).toBe('Before the drop.')
  })

  it('when the wifi drops, the page says so at once', async () => {
    await proxy.stop()
    await expect.poll(() => clothStatus(nino)).toBe('offline')
    expect(await nino.locator('#cloth-status').textContent()).toContain('Offline — your writing is kept')
    expect(await nino.locator('#cloth-status').getAttribute('role')).toBe('status')
  })

  it('offline, Nino finishes the sentence and adds a proposal', async () => {
    await typeAtEnd(nino, SENTENCE)
    await addProposal(nino, PROPOSAL)
    expect(await notesText(nino)).toBe(`Before the drop.${SENTENCE}`)
    expect((await proposalsShown(nino)).map((p) => p.title)).toEqual([PROPOSAL])
    // Still offline, and nothing reached the others.
    expect(await clothStatus(nino)).toBe('offline')
    expect(await notesText(olena)).toBe('Before the drop.')
  })

  it('when the wifi is back, the others see both, with Nino named as the author', async () => {
    await proxy.start()
    for (const page of [olena, aysel]) {
      await expect.poll(() => notesText(page), { timeout: 15_000 }).toBe(`Before the drop.${SENTENCE}`)
      await expect.poll(() => proposalsShown(page)).toEqual([{ title: PROPOSAL, who: '', origin: 'Proposed by Nino · round 1' }])
    }
    await waitUntilSaved(nino, 15_000)
  })

  it('after a server crash and restart, both are still there', async () => {
    await server.stop('SIGKILL')
    await server.restart()
    // Olena on a second laptop, with nothing stored yet: all of it comes from the server's disk.
    const fresh = await newPage()
    await openSeat(fresh, server.port, olenaSeat, 'Olena')
    await expect.poll(() => notesText(fresh)).toBe(`Before the drop.${SENTENCE}`)
    await expect.poll(() => proposalsShown(fresh)).toEqual([{ title: PROPOSAL, who: '', origin: 'Proposed by Nino · round 1' }])
    // Nino, still behind the proxy, reconnects by itself.
    await waitUntilSaved(nino, 15_000)
    expect(await notesText(nino)).toBe(`Before the drop.${SENTENCE}`)
  })
})

describe('what was written offline at a table reaches that table, even after the writer was moved on', () => {
  it('from a page left open across the rotation, and from one closed before it and opened again after', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const joined = await Promise.all(['Giorgi', 'Taras', 'Maria', 'Ion'].map((name) => joinCafe(server.url, cafe.joinCode, name)))
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    const [host0, guest0] = joined.filter((j) => j.table === 0)
    const [host1, guest1] = joined.filter((j) => j.table === 1)
    for (const [host, table] of [[host0!, 0], [host1!, 1]] as const) {
      expect((await facilitator.command({ type: 'make-host', personId: host.participantId, table })).ok).toBe(true)
    }
    expect((await facilitator.command({ type: 'start' })).ok).toBe(true)
    // Both guests are on the venue wifi; Maria's laptop stays open, Ion will close his lid.
    const maria = await newPage()
    await openSeat(maria, proxy.port, guest0!, 'Maria')
    const ionContext = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const ion = await ionContext.newPage()
    await openSeat(ion, proxy.port, guest1!, 'Ion')

    await proxy.stop()
    await expect.poll(() => clothStatus(maria)).toBe('offline')
    await expect.poll(() => clothStatus(ion)).toBe('offline')
    await typeAtEnd(maria, 'Written at table 1 on the train wifi.')
    await typeAtEnd(ion, 'Written at table 2 just before the lid closed.')
    await offlineCopySaved(ion, guest1!.participantId, `${cafe.cafeId}/table/2`)
    await ion.close()

    for (const command of [{ type: 'end-round' }, { type: 'plan-rotation', seed: 7 }] as const) {
      expect((await facilitator.command(command)).ok).toBe(true)
    }
    const phase = facilitator.state()!.phase
    expect(phase.kind).toBe('rotating')
    if (phase.kind === 'rotating' && phase.plan[guest0!.participantId] === 0) {
      expect((await facilitator.command({ type: 'swap-in-plan', a: guest0!.participantId, b: guest1!.participantId })).ok).toBe(true)
    }
    expect((await facilitator.command({ type: 'apply-rotation' })).ok).toBe(true)
    expect(facilitator.state()!.seating[guest0!.participantId]).toBe(1)
    expect(facilitator.state()!.seating[guest1!.participantId]).toBe(0)

    await proxy.start()
    const table0 = connectYjs(server.url, `${cafe.cafeId}/table/1`, cafe.facilitatorToken)
    const table1 = connectYjs(server.url, `${cafe.cafeId}/table/2`, cafe.facilitatorToken)
    // Maria's open page: her old table's session stayed until it had handed her sentence over.
    await expect.poll(() => fragmentText(table0.doc.getXmlFragment(notesField(1))), { timeout: 15_000 }).toBe('Written at table 1 on the train wifi.')
    await expect.poll(() => maria.getByTestId('move').count()).toBe(1)
    // Ion opens his laptop again: the page hands his old table what it still held, then seats him anew.
    const ionAgain = await ionContext.newPage()
    await ionAgain.goto(ion.url())
    await expect.poll(() => fragmentText(table1.doc.getXmlFragment(notesField(1))), { timeout: 15_000 }).toBe('Written at table 2 just before the lid closed.')
    // Maria, now at table 2, reads what Ion's group wrote there in round 1.
    await maria.getByRole('button', { name: "I'm at my table" }).click()
    await waitUntilSaved(maria)
    await expect.poll(() => maria.locator('.earlier [data-testid="notes-view"]').textContent()).toContain('Written at table 2 just before the lid closed.')
    // Nothing of theirs landed in round 2, and the server refused nothing it should have kept.
    expect(fragmentText(table0.doc.getXmlFragment(notesField(2)))).toBe('')
    expect(fragmentText(table1.doc.getXmlFragment(notesField(2)))).toBe('')
    for (const c of [table0, table1]) c.destroy()
    facilitator.close()
  })
})
