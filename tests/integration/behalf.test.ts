/**
 * People without a device, through the real server: the Tbilisi host adds Nino, who has no
 * laptop, writes a proposal and a note for her; the server credits her — and nobody else can
 * claim to speak for her, or add people at a table they do not host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { CREDITS_FIELD, notesField, PROPOSALS_FIELD, PROVENANCE_FIELD, type ProposalProvenance } from '../../shared/cloth/schema.js'
import type { Summary } from '../../shared/summary/summary.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

function addProposal(client: YjsClient, id: string, title: string, writtenFor?: string) {
  const map = new Y.Map<string>()
  map.set('id', id)
  map.set('title', title)
  if (writtenFor !== undefined) map.set('for', writtenFor)
  client.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).push([map])
}

/** A paragraph "Name: words" whose name carries the credit mark, as the editor's "Note for…" writes it. */
function noteFor(client: YjsClient, round: number, personId: string, name: string, words: string) {
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  client.doc.transact(() => {
    client.doc.getXmlFragment(notesField(round)).push([paragraph])
    text.insert(0, name, { bold: {}, credit: { person: personId } })
    text.insert(name.length, `: ${words}`, {})
  })
}

const provenanceOf = (client: YjsClient, id: string) => client.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).get(id)
const creditsOf = (client: YjsClient, round: number) => client.doc.getMap<string[]>(CREDITS_FIELD).get(notesField(round))

async function summaryOf(cafeId: string, token: string): Promise<Summary> {
  const res = await fetch(`${server.url}/api/cafes/${cafeId}/summary`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as Summary
}

describe('a host writes for the people at their table without a device', () => {
  it('adds Nino, writes a proposal and a note for her; the provenance, the credits and the summary name her', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const giorgi = await joinCafe(server.url, cafe.joinCode, 'Giorgi')
    const olena = await joinCafe(server.url, cafe.joinCode, 'Olena')
    const rashad = await joinCafe(server.url, cafe.joinCode, 'Rashad')
    const clients: CafeClient[] = []
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    clients.push(facilitator)
    // Giorgi hosts table 1, Olena sits with him, Rashad hosts table 2.
    expect(await facilitator.command({ type: 'make-host', personId: giorgi.participantId, table: 0 })).toMatchObject({ ok: true })
    expect(await facilitator.command({ type: 'move', personId: olena.participantId, table: 0 })).toMatchObject({ ok: true })
    expect(await facilitator.command({ type: 'make-host', personId: rashad.participantId, table: 1 })).toMatchObject({ ok: true })

    const host = await connectCafe(server.url, cafe.cafeId, giorgi.token)
    const otherHost = await connectCafe(server.url, cafe.cafeId, rashad.token)
    const guest = await connectCafe(server.url, cafe.cafeId, olena.token)
    clients.push(host, otherHost, guest)
    await expect.poll(() => host.state()?.people[rashad.participantId]?.hostOf).toBe(1)

    // Neither the host of another table nor a plain participant adds anyone here; nothing changes.
    const version = host.state()!.version
    expect(await otherHost.command({ type: 'add-person', name: 'Intruder', table: 0 })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await guest.command({ type: 'add-person', name: 'Intruder', table: 0 })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await host.command({ type: 'add-person', name: 'Nino', table: 1 })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await host.command({ type: 'add-person', name: '   ', table: 0 })).toMatchObject({ ok: false, code: 'bad_request' })

    expect(await host.command({ type: 'add-person', name: 'Nino', table: 0, country: 'Georgia', organisation: 'HOA Saburtalo' })).toMatchObject({
      ok: true,
      value: { version: version + 1 },
    })
    await expect.poll(() => Object.values(host.state()?.people ?? {}).find((p) => p.name === 'Nino')).toBeDefined()
    const state = host.state()!
    const nino = Object.values(state.people).find((p) => p.name === 'Nino')!
    expect(nino).toMatchObject({ country: 'Georgia', organisation: 'HOA Saburtalo', withoutDevice: true })
    expect(nino.id).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(state.seating[nino.id]).toBe(0)
    expect(Object.values(state.people).some((p) => p.name === 'Intruder')).toBe(false)

    const giorgiCloth = connectYjs(server.url, giorgi.document, giorgi.token)
    const olenaCloth = connectYjs(server.url, giorgi.document, olena.token)
    const watcher = connectYjs(server.url, giorgi.document, cafe.facilitatorToken)
    await Promise.all([giorgiCloth.synced, olenaCloth.synced, watcher.synced])

    // The host's proposal for Nino is credited to her; Olena's claim to write for Nino is not.
    addProposal(giorgiCloth, 'p-hotline', 'Keep the free hotline', nino.id)
    addProposal(olenaCloth, 'p-claim', 'Olena says this is Nino’s', nino.id)
    await expect.poll(() => provenanceOf(watcher, 'p-hotline')).toMatchObject({ authors: [giorgi.participantId], onBehalfOf: [nino.id] })
    await expect.poll(() => provenanceOf(watcher, 'p-claim')?.createdBy).toBe(olena.participantId)
    expect(provenanceOf(watcher, 'p-claim')).not.toHaveProperty('onBehalfOf')

    // An edit by Olena keeps Nino's credit; Giorgi's edit made for Olena credits her too.
    const proposals = giorgiCloth.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD)
    await expect.poll(() => olenaCloth.doc.getArray(PROPOSALS_FIELD).length).toBe(2)
    // By id: two proposals added at once from two clients are ordered by Yjs, not by time.
    const hotline = olenaCloth.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).toArray().find((m) => m.get('id') === 'p-hotline')!
    hotline.set('who', 'The resource centre')
    await expect.poll(() => provenanceOf(watcher, 'p-hotline')?.authors).toEqual([giorgi.participantId, olena.participantId])
    expect(provenanceOf(watcher, 'p-hotline')?.onBehalfOf).toEqual([nino.id])
    await expect.poll(() => proposals.length).toBe(2)

    // Notes: Olena's claim first (ignored), then the host's (credited). The room handles one
    // message at a time, so once the host's credit shows, Olena's claim was long decided.
    noteFor(olenaCloth, 2, nino.id, 'Nino', 'claimed by someone who may not')
    await expect.poll(() => watcher.doc.getXmlFragment(notesField(2)).length).toBe(1)
    noteFor(giorgiCloth, 1, nino.id, 'Nino', 'the hotline is what people would miss most')
    await expect.poll(() => creditsOf(watcher, 1)).toEqual([nino.id])
    expect(creditsOf(watcher, 2)).toBeUndefined()

    // No client writes the credits itself: the server closes it (4403) and keeps its record.
    const closed = new Promise<number>((resolve) =>
      olenaCloth.provider.ws?.addEventListener('close', (e) => resolve((e as CloseEvent).code), { once: true }),
    )
    olenaCloth.doc.getMap<string[]>(CREDITS_FIELD).set(notesField(1), [olena.participantId])
    expect(await closed).toBe(4403)
    const fresh = connectYjs(server.url, giorgi.document, cafe.facilitatorToken)
    await fresh.synced
    expect(creditsOf(fresh, 1)).toEqual([nino.id])

    // The summary, before the harvest, already credits her notes.
    const before = await summaryOf(cafe.cafeId, cafe.facilitatorToken)
    expect(before.tables[0]!.rounds[0]!.contributors).toEqual([{ name: 'Nino', withoutDevice: true }])

    // Through the rounds to the harvest: the ranked list's source says it was written for her.
    for (const command of [{ type: 'start' }, { type: 'end-round' }, { type: 'open-harvest' }] as const) {
      expect(await facilitator.command(command)).toMatchObject({ ok: true })
    }
    await expect.poll(async () => {
      const summary = await summaryOf(cafe.cafeId, cafe.facilitatorToken)
      return summary.proposals.flatMap((p) => p.sources).find((s) => s.proposalKey === '0:p-hotline')
    }).toMatchObject({ authors: ['Giorgi', 'Olena'], writtenFor: [{ name: 'Nino', withoutDevice: true }] })
    const summary = await summaryOf(cafe.cafeId, cafe.facilitatorToken)
    expect(summary.proposals.flatMap((p) => p.sources).find((s) => s.proposalKey === '0:p-claim')).not.toHaveProperty('writtenFor')
    const markdown = await (
      await fetch(`${server.url}/api/cafes/${cafe.cafeId}/summary.md`, { headers: { authorization: `Bearer ${cafe.facilitatorToken}` } })
    ).text()
    expect(markdown).toContain('written by Giorgi, Olena for Nino (without a device)')
    expect(markdown).toContain('With contributions from Nino (without a device)')

    for (const c of [giorgiCloth, olenaCloth, watcher, fresh]) c.destroy()
    for (const c of clients) c.close()
  })
})
