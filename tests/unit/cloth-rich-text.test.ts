import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { clothWith, item, paragraph, text } from '../support/notes-builder.js'
import { notesText, readRichText, safeHref, type RichBlock } from '../../shared/cloth/rich-text.js'


describe('earlier groups\' notes read the same without the editor', () => {
  it('keeps headings, lists, bold, italic and links as the table wrote them', () => {
    const fragment = clothWith([
      { type: 'heading', attrs: { level: 2 }, content: [text('Hotline')] },
      paragraph(text('Calls '), text('doubled', [{ type: 'bold' }]), text(' in '), text('Gori', [{ type: 'italic' }, { type: 'link', attrs: { href: 'https://example.org/gori' } }])),
      { type: 'heading', attrs: { level: 3 }, content: [text('Next')] },
      { type: 'orderedList', attrs: { start: 3 }, content: [item(paragraph(text('Train chairs')), { type: 'bulletList', content: [item(paragraph(text('in Kutaisi')))] })] },
    ])
    expect(readRichText(fragment)).toEqual<RichBlock[]>([
      { type: 'heading', level: 2, inlines: [{ text: 'Hotline' }] },
      {
        type: 'paragraph',
        inlines: [{ text: 'Calls ' }, { text: 'doubled', bold: true }, { text: ' in ' }, { text: 'Gori', italic: true, href: 'https://example.org/gori' }],
      },
      { type: 'heading', level: 3, inlines: [{ text: 'Next' }] },
      {
        type: 'list',
        ordered: true,
        start: 3,
        items: [[{ type: 'paragraph', inlines: [{ text: 'Train chairs' }] }, { type: 'list', ordered: false, start: 1, items: [[{ type: 'paragraph', inlines: [{ text: 'in Kutaisi' }] }]] }]],
      },
    ])
    expect(notesText(fragment)).toBe('Hotline\nCalls doubled in Gori\nNext\nTrain chairs\nin Kutaisi')
  })

  it('shows an empty round as empty', () => {
    expect(readRichText(new Y.Doc().getXmlFragment('notes-r2'))).toEqual([])
  })

  it('drops a link that could run script, keeping its text', () => {
    const fragment = new Y.Doc().getXmlFragment('notes-r1')
    const p = new Y.XmlElement('paragraph')
    const t = new Y.XmlText()
    p.insert(0, [t])
    fragment.insert(0, [p])
    t.insert(0, 'click me', { link: { href: ' javascript:alert(1)' } })
    expect(readRichText(fragment)).toEqual([{ type: 'paragraph', inlines: [{ text: 'click me' }] }])
  })

  it('keeps the text of elements the editor never writes', () => {
    const fragment = new Y.Doc().getXmlFragment('notes-r1')
    const quote = new Y.XmlElement('blockquote')
    const p = new Y.XmlElement('paragraph')
    p.insert(0, [new Y.XmlText('quoted')])
    quote.insert(0, [p])
    const odd = new Y.XmlElement('codeBlock')
    odd.insert(0, [new Y.XmlText('x = 1')])
    fragment.insert(0, [quote, odd])
    expect(notesText(fragment)).toBe('quoted\nx = 1')
  })

  it('reads back the text of any document the editor can write', () => {
    const inline = fc.record({
      text: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/[\r\n]/.test(s)),
      bold: fc.boolean(),
      italic: fc.boolean(),
    })
    const line = fc.array(inline, { minLength: 1, maxLength: 4 })
    const block = fc.oneof(
      line.map((l) => ({ kind: 'p' as const, l })),
      fc.tuple(fc.constantFrom(2, 3), line).map(([level, l]) => ({ kind: 'h' as const, level, l })),
      fc.tuple(fc.boolean(), fc.array(line, { minLength: 1, maxLength: 3 })).map(([ordered, items]) => ({ kind: 'list' as const, ordered, items })),
    )
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), (blocks) => {
        const toText = (l: { text: string; bold: boolean; italic: boolean }[]) =>
          l.map((i) => text(i.text, [...(i.bold ? [{ type: 'bold' }] : []), ...(i.italic ? [{ type: 'italic' }] : [])]))
        const json = blocks.map((b): JSONContent =>
          b.kind === 'p'
            ? paragraph(...toText(b.l))
            : b.kind === 'h'
              ? { type: 'heading', attrs: { level: b.level }, content: toText(b.l) }
              : { type: b.ordered ? 'orderedList' : 'bulletList', content: b.items.map((l) => item(paragraph(...toText(l)))) },
        )
        const expected = blocks.flatMap((b) => (b.kind === 'list' ? b.items : [b.l])).map((l) => l.map((i) => i.text).join(''))
        expect(notesText(clothWith(json))).toBe(expected.join('\n'))
      }),
      { numRuns: 150 },
    )
  })
})

describe('safeHref', () => {
  it.each([
    ['https://example.org', 'https://example.org'],
    ['HTTP://example.org', 'HTTP://example.org'],
    ['mailto:centre@example.org', 'mailto:centre@example.org'],
    ['  https://example.org ', 'https://example.org'],
    ['java\tscript:alert(1)', undefined],
    ['javascript:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['/relative', undefined],
    [42, undefined],
  ])('%j → %j', (href, expected) => {
    expect(safeHref(href)).toBe(expected)
  })

  it('never lets anything through but http(s) and mailto', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.tuple(fc.constantFrom('https://', 'javascript:', 'mailto:', ' \t', 'data:'), fc.string()).map(([a, b]) => a + b)),
        (s) => {
          const href = safeHref(s)
          expect(href === undefined || /^(https?:|mailto:)/i.test(href)).toBe(true)
        },
      ),
    )
  })
})
