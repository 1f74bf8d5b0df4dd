import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'
import { connectCafe } from '../support/cafe-socket.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import { notesField, PROPOSALS_FIELD, PROVENANCE_FIELD, type ProposalProvenance } from '../../shared/cloth/schema.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

/** Writes a paragraph into a round's rich-text notes, as Tiptap would store it. */
function writeParagraph(doc: Y.Doc, round: number, text: string) {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment(notesField(round)).push([paragraph])
}

describe('a table keeps its cloth across rotations', () => {
  it("newcomers read the earlier rounds' notes and proposals, and the host's link opens the same cloth", async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const people = []
    for (const name of ['Tamar', 'Oksana', 'Vusal', 'Ion']) people.push(await joinCafe(server.url, cafe.joinCode, name))
    const host = people.find((p) => p.table === 0)!
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    expect((await facilitator.command({ type: 'make-host', personId: host.participantId, table: 0 })).ok).toBe(true)
    expect((await facilitator.command({ type: 'start' })).ok).toBe(true)

    // Round 1 at table 1 (index 0): the group writes notes and a proposal.
    const round1 = people.filter((p) => p.table === 0 && p !== host)
    const writer = connectYjs(server.url, clothDocumentName(cafe.cafeId, 0), round1[0]!.token)
    await writer.synced
    writeParagraph(writer.doc, 1, 'Hotline calls doubled after the winter heating crisis.')
    const proposal = new Y.Map<string | number>()
    proposal.set('id', 'p-hotline')
    proposal.set('title', 'Keep the hotline open after the project ends')
    proposal.set('round', 1)
    writer.doc.getArray(PROPOSALS_FIELD).push([proposal])
    await expect.poll(() => writer.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).get('p-hotline')?.round).toBe(1)
    writer.destroy()

    for (const command of [{ type: 'end-round' }, { type: 'plan-rotation', seed: 3 }, { type: 'apply-rotation' }] as const) {
      expect((await facilitator.command(command)).ok).toBe(true)
    }
    await expect.poll(() => facilitator.state()?.phase).toMatchObject({ kind: 'running', round: 2 })
    const seating = facilitator.state()!.seating
    expect(seating[host.participantId]).toBe(0)
    const newcomers = people.filter((p) => seating[p.participantId] === 0 && p.table !== 0)
    expect(newcomers.length).toBeGreaterThan(0)

    for (const reader of [...newcomers, host]) {
      // The same link as before for the host: the table's document name never changes.
      const cloth = connectYjs(server.url, reader === host ? host.document : clothDocumentName(cafe.cafeId, 0), reader.token)
      await cloth.synced
      expect(cloth.doc.getXmlFragment(notesField(1)).toString()).toContain('Hotline calls doubled')
      const titles = cloth.doc.getArray<Y.Map<string>>(PROPOSALS_FIELD).toArray().map((m) => m.get('title'))
      expect(titles).toEqual(['Keep the hotline open after the project ends'])
      expect(cloth.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).get('p-hotline')).toMatchObject({
        table: 0,
        round: 1,
        createdBy: round1[0]!.participantId,
      })
      // Newcomers write round 2's notes beside round 1's.
      writeParagraph(cloth.doc, 2, `Round 2 note by ${reader.participantId}.`)
      await expect.poll(async () => {
        const check = connectYjs(server.url, clothDocumentName(cafe.cafeId, 0), cafe.facilitatorToken)
        await check.synced
        const text = check.doc.getXmlFragment(notesField(2)).toString()
        check.destroy()
        return text
      }).toContain(`Round 2 note by ${reader.participantId}.`)
      cloth.destroy()
    }
    facilitator.close()
  })
})
