/**
 * A note written for Nino, as the editor writes it: her name in bold carries the credit mark.
 * Readers see a bold name; the server finds the claim in the transaction that brought it.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getSchema } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { notesContentExtensions } from '../../web/lib/cloth/notes-schema.js'
import { readRichText } from '../../shared/cloth/rich-text.js'
import { notesCreditsOf, roundOfNotesField } from '../../shared/cloth/behalf.js'
import { notesField, CREDITS_FIELD } from '../../shared/cloth/schema.js'
import { notesCreditsClaimed } from '../../server/cloths/credits.js'
import { paragraph, text } from '../support/notes-builder.js'

const schema = getSchema(notesContentExtensions())
const noteFor = (person: string, name: string, words: string) =>
  paragraph(text(name, [{ type: 'bold' }, { type: 'credit', attrs: { person } }]), text(`: ${words}`))

/** Writes notes into round `round` of a writer's doc and returns the claims the server would find in it. */
function claimsOf(round: number, content: ReturnType<typeof paragraph>[], server = new Y.Doc()): Map<number, Set<string>> {
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
  const before = Y.encodeStateVector(writer)
  writer.transact(() => prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, writer.getXmlFragment(notesField(round))))
  let claims = new Map<number, Set<string>>()
  const capture = (tr: Y.Transaction) => (claims = notesCreditsClaimed(server, tr))
  server.on('afterTransaction', capture)
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, before))
  server.off('afterTransaction', capture)
  return claims
}

describe('a note written for someone', () => {
  it('reads as her name in bold, then the words', () => {
    const fragment = new Y.Doc().getXmlFragment('notes-r1')
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [noteFor('nino', 'Nino', 'the hotline matters')] }, fragment)
    expect(readRichText(fragment)).toEqual([
      { type: 'paragraph', inlines: [{ text: 'Nino', bold: true }, { text: ': the hotline matters' }] },
    ])
  })

  it('the server finds whom a transaction claims to write for, by round', () => {
    const claims = claimsOf(2, [paragraph(text('Our own words')), noteFor('nino', 'Nino', 'training'), noteFor('levan', 'Levan', 'law')])
    expect(claims).toEqual(new Map([[2, new Set(['nino', 'levan'])]]))
  })

  it('notes without the mark claim nothing, even when they start with a name; a later transaction does not claim an earlier credit again', () => {
    expect(claimsOf(1, [paragraph(text('Nino: typed by hand, no mark'))]).size).toBe(0)
    const server = new Y.Doc()
    prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [noteFor('nino', 'Nino', 'first')] }, server.getXmlFragment(notesField(1)))
    expect(claimsOf(3, [paragraph(text('later, round 3'))], server).size).toBe(0)
  })

  it("reads the server's record back by round, skipping what is not a round's notes", () => {
    const doc = new Y.Doc()
    const credits = doc.getMap<unknown>(CREDITS_FIELD)
    credits.set('notes-r1', ['nino', 7, 'levan'])
    credits.set('notes-r2', [])
    credits.set('proposals', ['x'])
    credits.set('notes-r3', 'nino')
    expect(notesCreditsOf(doc)).toEqual(new Map([[1, ['nino', 'levan']]]))
  })

  it.each([
    ['notes-r1', 1],
    ['notes-r12', 12],
    ['notes-r0', undefined],
    ['notes-r01', undefined],
    ['notes-r1x', undefined],
    ['proposals', undefined],
  ])('%s is the notes of round %s', (name, round) => {
    expect(roundOfNotesField(name)).toBe(round)
  })
})
