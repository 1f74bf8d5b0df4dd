import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { connectCafe } from '../support/cafe-socket.js'
import { PROPOSALS_FIELD, PROVENANCE_FIELD, type ProposalProvenance } from '../../shared/cloth/schema.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

const closeCode = (client: YjsClient) =>
  new Promise<number>((resolve) => client.provider.ws?.addEventListener('close', (e) => resolve((e as CloseEvent).code), { once: true }))

function addProposal(client: YjsClient, id: string, title: string, round?: number) {
  const map = new Y.Map<string | number>()
  map.set('id', id)
  map.set('title', title)
  if (round !== undefined) map.set('round', round)
  client.doc.getArray<Y.Map<string | number>>(PROPOSALS_FIELD).push([map])
}

const provenanceOf = (client: YjsClient, id: string) => client.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).get(id)

/** What the server holds now: a fresh facilitator client, fully synced. */
async function serverCopy(document: string, token: string) {
  const fresh = connectYjs(server.url, document, token)
  await fresh.synced
  return fresh
}

describe('the cloth: who writes, and who wrote what', () => {
  it("records a proposal's table, round and authors from the senders' tokens", async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const olena = await joinCafe(server.url, cafe.joinCode, 'Olena')
    const a = connectYjs(server.url, nino.document, nino.token)
    const b = connectYjs(server.url, olena.document, olena.token)
    await Promise.all([a.synced, b.synced])
    addProposal(a, 'p-hotline', 'A national hotline for homeowners')
    await expect.poll(() => provenanceOf(b, 'p-hotline')).toMatchObject({
      table: 0,
      round: 1,
      createdBy: nino.participantId,
      authors: [nino.participantId],
    })
    await expect.poll(() => b.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).length).toBe(1)
    b.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).get(0).set('who', 'Resource centres with the ministry')
    await expect.poll(() => provenanceOf(a, 'p-hotline')?.authors).toEqual([nino.participantId, olena.participantId])
    // A claimed round that is in the future is not believed.
    addProposal(b, 'p-future', 'Claims round 3', 3)
    await expect.poll(() => provenanceOf(a, 'p-future')).toMatchObject({ round: 1, createdBy: olena.participantId })
    a.destroy()
    b.destroy()
  })

  it('refuses a client that writes provenance itself, closing it with a named reason; nothing changes', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const forger = await joinCafe(server.url, cafe.joinCode, 'Forger')
    const a = connectYjs(server.url, nino.document, nino.token)
    await a.synced
    addProposal(a, 'p-1', 'Training for association chairs')
    await expect.poll(() => provenanceOf(a, 'p-1')?.createdBy).toBe(nino.participantId)
    const f = connectYjs(server.url, forger.document, forger.token)
    await f.synced
    const closed = closeCode(f)
    f.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).set('p-1', { table: 0, round: 1, createdBy: forger.participantId, authors: [forger.participantId], createdAt: 0 })
    expect(await closed).toBe(4403)
    const copy = await serverCopy(nino.document, cafe.facilitatorToken)
    expect(provenanceOf(copy, 'p-1')?.createdBy).toBe(nino.participantId)
    // The log line travels through a pipe: wait for it rather than racing the close frame.
    await expect.poll(() => server.output()).toContain('provenance of proposals is written by the server only')
    for (const c of [a, f, copy]) c.destroy()
  })

  it('lets a writer reconnect after the server replaced a provenance entry they had seen (their sync resends its deletion)', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const olena = await joinCafe(server.url, cafe.joinCode, 'Olena')
    const a = connectYjs(server.url, nino.document, nino.token)
    const b = connectYjs(server.url, olena.document, olena.token)
    await Promise.all([a.synced, b.synced])
    addProposal(a, 'p-1', 'A national hotline for homeowners')
    await expect.poll(() => b.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).length).toBe(1)
    // Olena's edit makes the server write a new provenance entry, deleting the one Nino holds.
    b.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).get(0).set('what', 'Free advice by phone')
    await expect.poll(() => provenanceOf(a, 'p-1')?.authors).toEqual([nino.participantId, olena.participantId])
    const refusals = () => server.output().split('provenance of proposals is written by the server only').length
    const refusedBefore = refusals()
    // Nino's wifi drops and comes back: the same document reconnects and syncs in full.
    a.provider.disconnect()
    a.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).get(0).set('who', 'The resource centre')
    a.provider.connect()
    await expect.poll(() => a.provider.synced).toBe(true)
    const copy = await serverCopy(nino.document, cafe.facilitatorToken)
    await expect.poll(() => copy.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).get(0)?.get('who')).toBe('The resource centre')
    expect(a.provider.wsconnected).toBe(true)
    expect(refusals()).toBe(refusedBefore)

    // Deleting a live provenance entry is still refused.
    const closed = closeCode(b)
    b.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).delete('p-1')
    expect(await closed).toBe(4403)
    const after = await serverCopy(nino.document, cafe.facilitatorToken)
    expect(provenanceOf(after, 'p-1')?.createdBy).toBe(nino.participantId)
    for (const c of [a, b, copy, after]) c.destroy()
  })

  it("a participant's token cannot write to another table's cloth, by Yjs or by socket.io", async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const giorgi = await joinCafe(server.url, cafe.joinCode, 'Giorgi')
    expect(nino.table).not.toBe(giorgi.table)
    const owner = connectYjs(server.url, giorgi.document, giorgi.token)
    await owner.synced
    owner.text.insert(0, 'Kutaisi table notes')
    const intruder = connectYjs(server.url, giorgi.document, nino.token)
    await intruder.synced
    await expect.poll(() => intruder.text.toString()).toBe('Kutaisi table notes')
    const closed = closeCode(intruder)
    intruder.text.insert(0, 'vandalism ')
    expect(await closed).toBe(4403)
    // socket.io has no way to write a cloth: anything that is not a café command is refused.
    const socket = await connectCafe(server.url, cafe.cafeId, nino.token)
    const reply = await socket.command({ type: 'proposal:add', table: giorgi.table, title: 'x' } as never)
    expect(reply).toMatchObject({ ok: false, code: 'bad_request' })
    socket.close()
    const copy = await serverCopy(giorgi.document, cafe.facilitatorToken)
    expect(copy.text.toString()).toBe('Kutaisi table notes')
    await expect.poll(() => server.output()).toMatch(/read-only: you do not sit at this table now/)
    for (const c of [owner, intruder, copy]) c.destroy()
  })

  it('edits made offline before a rotation still reach the old table; after that, the old table is read-only', async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const people = []
    for (const name of ['Ion', 'Aysel', 'Olena', 'Nino']) people.push(await joinCafe(server.url, cafe.joinCode, name))
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    for (const command of [{ type: 'start' }, { type: 'end-round' }] as const) expect((await facilitator.command(command)).ok).toBe(true)
    const laptops = people.map((p) => connectYjs(server.url, p.document, p.token))
    await Promise.all(laptops.map((l) => l.synced))
    // The wifi drops for everyone; they keep writing at their tables while the room rotates.
    for (const [i, laptop] of laptops.entries()) {
      laptop.provider.disconnect()
      laptop.text.insert(laptop.text.length, `[${people[i]!.participantId}] typed offline. `)
      addProposal(laptop, `p-${i}`, `Proposal ${i}`, 1)
    }
    expect((await facilitator.command({ type: 'plan-rotation', seed: 7 })).ok).toBe(true)
    expect((await facilitator.command({ type: 'apply-rotation' })).ok).toBe(true)
    await expect.poll(() => facilitator.state()?.phase.kind).toBe('running')
    const moved = people.filter((p) => facilitator.state()!.seating[p.participantId] !== p.table)
    expect(moved.length).toBeGreaterThanOrEqual(2)
    for (const laptop of laptops) laptop.provider.connect()
    for (const [i, p] of people.entries()) {
      const copy = await serverCopy(p.document, cafe.facilitatorToken)
      await expect.poll(() => copy.text.toString()).toContain(`[${p.participantId}] typed offline.`)
      await expect.poll(() => provenanceOf(copy, `p-${i}`)).toMatchObject({ table: p.table, round: 1, createdBy: p.participantId })
      copy.destroy()
    }
    // Once the offline edits are in, a new edit at the old table is refused.
    const mover = laptops[people.indexOf(moved[0]!)]!
    await expect.poll(() => mover.provider.wsconnected).toBe(true)
    const closed = closeCode(mover)
    mover.text.insert(0, 'Too late: ')
    expect(await closed).toBe(4403)
    for (const c of laptops) c.destroy()
    facilitator.close()
  })
})
