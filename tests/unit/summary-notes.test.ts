import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { bullets, clothWith, item, paragraph, text } from '../support/notes-builder.js'
import { notesBlocks } from '../../shared/summary/notes.js'
import type { NoteBlock } from '../../shared/summary/summary.js'


describe('a table\'s notes, as the summary reads them', () => {
  it('keeps headings, paragraphs and list items in order, as plain text', () => {
    const fragment = clothWith([
      { type: 'heading', attrs: { level: 2 }, content: [text('ცხელი ხაზი')] },
      paragraph(text('Звонков '), text('вдвое', [{ type: 'bold' }]), text(' больше в '), text('Gori', [{ type: 'link', attrs: { href: 'https://example.org' } }])),
      bullets(item(paragraph(text('Train chairs'))), item(paragraph(text('Hotline')))),
    ])
    expect(notesBlocks(fragment)).toEqual<NoteBlock[]>([
      { kind: 'heading', text: 'ცხელი ხაზი' },
      { kind: 'paragraph', text: 'Звонков вдвое больше в Gori' },
      { kind: 'bullet', text: 'Train chairs', depth: 0 },
      { kind: 'bullet', text: 'Hotline', depth: 0 },
    ])
  })

  it('numbers an ordered list from where the table started it, and nests lists one level deeper', () => {
    const fragment = clothWith([
      {
        type: 'orderedList',
        attrs: { start: 3 },
        content: [item(paragraph(text('Fees')), bullets(item(paragraph(text('yearly'))))), item(paragraph(text('Municipality')))],
      },
    ])
    expect(notesBlocks(fragment)).toEqual<NoteBlock[]>([
      { kind: 'ordered', text: 'Fees', depth: 0, number: 3 },
      { kind: 'bullet', text: 'yearly', depth: 1 },
      { kind: 'ordered', text: 'Municipality', depth: 0, number: 4 },
    ])
  })

  it('joins an item\'s paragraphs with line breaks and leaves empty paragraphs out', () => {
    const fragment = clothWith([
      paragraph(),
      bullets(item(paragraph(text('first')), paragraph(text('second')))),
      paragraph(text('   ')),
      paragraph(text('end')),
    ])
    expect(notesBlocks(fragment)).toEqual<NoteBlock[]>([
      { kind: 'bullet', text: 'first\nsecond', depth: 0 },
      { kind: 'paragraph', text: 'end' },
    ])
  })

  it('an empty round has no blocks', () => {
    expect(notesBlocks(new Y.Doc().getXmlFragment('notes-r3'))).toEqual([])
  })

  it('keeps the text of an element the editor never writes', () => {
    const fragment = new Y.Doc().getXmlFragment('notes-r1')
    const odd = new Y.XmlElement('blockquote')
    const t = new Y.XmlText()
    odd.insert(0, [t])
    fragment.insert(0, [odd])
    t.insert(0, 'quoted from a client of its own')
    expect(notesBlocks(fragment)).toEqual([{ kind: 'paragraph', text: 'quoted from a client of its own' }])
  })
})
