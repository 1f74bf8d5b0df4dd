/**
 * The summary's text fields: what a textarea reports becomes one small change to the shared
 * Y.Text, so two organisers typing in the same translation merge instead of overwriting; and a
 * change someone else makes leaves the caret by the word it was at.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { applyChange, mapPosition, textChange, type DeltaStep } from '../../web/lib/summary/text-diff.js'
import { TextBinding, mapSlot, rootSlot } from '../../web/lib/summary/text-binding.js'
import { filenameFromDisposition } from '../../web/lib/summary/downloads.js'
import { declareSummaryRoots, translationText, SUMMARY_TRANSLATIONS_FIELD } from '../../shared/summary/document.js'

describe('a textarea edit becomes one small change', () => {
  it.each([
    ['typing at the end', 'Hotline', 'Hotline!', 8, { index: 7, remove: 0, insert: '!' }],
    ['typing in the middle', 'Free audits', 'Free energy audits', 12, { index: 5, remove: 0, insert: 'energy ' }],
    ['backspace', 'Gori', 'Gor', 3, { index: 3, remove: 1, insert: '' }],
    ['replacing a selection', 'paid by the state', 'paid by the city', 16, { index: 12, remove: 5, insert: 'city' }],
    ['typing "a" at the start of "aa"', 'aa', 'aaa', 1, { index: 0, remove: 0, insert: 'a' }],
    ['typing "a" in the middle of "aa"', 'aa', 'aaa', 2, { index: 1, remove: 0, insert: 'a' }],
    ['a Georgian word typed after another', 'რესურს', 'რესურსცენტრი', 12, { index: 6, remove: 0, insert: 'ცენტრი' }],
    ['an emoji replaced by another', 'ok 👍', 'ok 👎', 5, { index: 3, remove: 2, insert: '👎' }],
    ['pasting over everything', 'old', 'Гаряча лінія', 12, { index: 0, remove: 3, insert: 'Гаряча лінія' }],
  ])('%s', (_what, before, after, caret, expected) => {
    expect(textChange(before, after, caret)).toEqual(expected)
    expect(applyChange(before, textChange(before, after, caret)!)).toBe(after)
  })

  it('no change when nothing changed', () => {
    expect(textChange('same', 'same', 2)).toBeUndefined()
  })

  it('always turns the old text into the new one, and never splits an emoji', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', 'ა', 'б', '👍', '👎', '\n')
    const text = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''))
    fc.assert(
      fc.property(text, text, fc.nat(), (before, after, caretSeed) => {
        const caret = caretSeed % (after.length + 1)
        const change = textChange(before, after, caret)
        if (before === after) {
          expect(change).toBeUndefined()
          return
        }
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
        expect(applyChange(before, change!)).toBe(after)
        expect(change!.insert).not.toMatch(lone)
        expect(before.slice(change!.index, change!.index + change!.remove)).not.toMatch(lone)
      }),
      { numRuns: 2000, seed: 6 },
    )
  })
})

describe("someone else's change moves the caret with the text", () => {
  const cases: [string, number, DeltaStep[], number][] = [
    ['text inserted before the caret', 5, [{ retain: 2 }, { insert: 'abc' }], 8],
    ['text inserted after the caret', 5, [{ retain: 7 }, { insert: 'abc' }], 5],
    ['text inserted exactly at the caret stays after it', 5, [{ retain: 5 }, { insert: 'abc' }], 5],
    ['text deleted before the caret', 5, [{ retain: 1 }, { delete: 2 }], 3],
    ['the caret inside deleted text', 5, [{ retain: 3 }, { delete: 4 }], 3],
    ['a deletion after the caret', 5, [{ retain: 6 }, { delete: 4 }], 5],
    ['an insert at the very start', 0, [{ insert: 'x' }], 0],
  ]
  it.each(cases)('%s', (_what, position, delta, expected) => {
    expect(mapPosition(position, delta)).toBe(expected)
  })
})

/** Two devices' copies of the summary document, passing updates both ways when told to. */
function twoDevices() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  declareSummaryRoots(a)
  declareSummaryRoots(b)
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

const translationSlot = (doc: Y.Doc, key: string) =>
  mapSlot(doc.getMap<unknown>(SUMMARY_TRANSLATIONS_FIELD), key, () => translationText(doc, key))

describe('two organisers typing in the same field', () => {
  it('merge their words in the title, and each field shows both', () => {
    const { a, b, sync } = twoDevices()
    const shown: string[] = []
    const onA = new TextBinding(rootSlot(a, 'title'), (value) => shown.push(value))
    const onB = new TextBinding(rootSlot(b, 'title'), () => {})
    onA.input('Resource centres', 16)
    sync()
    expect(onB.value).toBe('Resource centres')
    // At the same moment: one adds a word at the start, the other at the end.
    onA.input('Sustainable resource centres'.replace('resource', 'Resource'), 12)
    onB.input('Resource centres in Georgia', 27)
    sync()
    expect(a.getText('title').toString()).toBe('Sustainable Resource centres in Georgia')
    expect(onA.value).toBe('Sustainable Resource centres in Georgia')
    expect(onB.value).toBe('Sustainable Resource centres in Georgia')
    expect(shown.at(-1)).toBe('Sustainable Resource centres in Georgia')
  })

  it("keep both people's first words when both start the same translation at once", () => {
    const { a, b, sync } = twoDevices()
    const onA = new TextBinding(translationSlot(a, 'note:0:1'), () => {})
    const onB = new TextBinding(translationSlot(b, 'note:0:1'), () => {})
    onA.input('The hotline', 11)
    onB.input('Energy audits', 13)
    sync()
    sync()
    const kept = (a.getMap(SUMMARY_TRANSLATIONS_FIELD).get('note:0:1') as Y.Text).toString()
    expect(kept).toContain('The hotline')
    expect(kept).toContain('Energy audits')
    expect((b.getMap(SUMMARY_TRANSLATIONS_FIELD).get('note:0:1') as Y.Text).toString()).toBe(kept)
    expect(onA.value).toBe(kept)
    expect(onB.value).toBe(kept)
  })

  it('see a translation someone else started, and continue it', () => {
    const { a, b, sync } = twoDevices()
    const onA = new TextBinding(translationSlot(a, 'item:m-1:title'), () => {})
    const onB = new TextBinding(translationSlot(b, 'item:m-1:title'), () => {})
    onA.input('Free energy', 11)
    sync()
    expect(onB.value).toBe('Free energy')
    onB.input('Free energy audits', 18)
    sync()
    expect(onA.value).toBe('Free energy audits')
    // Nobody typed in another field: it was never created.
    expect(a.getMap(SUMMARY_TRANSLATIONS_FIELD).has('note:0:1')).toBe(false)
    onA.destroy()
    onB.destroy()
  })
})

describe('the name a download is saved under', () => {
  it.each([
    ['attachment; filename="summary.docx"', 'summary.docx'],
    ["attachment; filename=\"resource-centres.md\"; filename*=UTF-8''%E1%83%A0%E1%83%94%E1%83%A1.md", 'რეს.md'],
    ['attachment; filename=proposals.csv', 'proposals.csv'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    ['inline', undefined],
    [null, undefined],
  ])('%s → %s', (header, expected) => {
    expect(filenameFromDisposition(header)).toBe(expected)
  })
})
