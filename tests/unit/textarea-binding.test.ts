import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { diffText, mapPosition } from '../../web/lib/cloth/textarea-binding.js'

const texts = fc.string({ unit: fc.constantFrom('a', 'b', 'ე', 'ж', ' ', '\n', '😀') , maxLength: 30 })

describe('a plain textarea bound to a shared Y.Text', () => {
  it('turns any edit into one splice that reproduces it', () => {
    fc.assert(
      fc.property(texts, texts, (before, after) => {
        const { index, remove, insert } = diffText(before, after)
        expect(before.slice(0, index) + insert + before.slice(index + remove)).toBe(after)
      }),
    )
  })

  it('never cuts an emoji in half', () => {
    // Replacing one emoji by another shares a high surrogate: the splice must take both halves.
    const { index, remove, insert } = diffText('a😀b', 'a😁b')
    expect({ index, remove, insert }).toEqual({ index: 1, remove: 2, insert: '😁' })
  })

  it("keeps the typist's caret on the same character when someone else edits", () => {
    fc.assert(
      fc.property(texts, fc.nat(), fc.nat(), fc.nat(), texts, (start, caretSeed, atSeed, delSeed, inserted) => {
        fc.pre(start.length > 0)
        const local = new Y.Doc()
        const remote = new Y.Doc()
        local.getText().insert(0, start)
        Y.applyUpdate(remote, Y.encodeStateAsUpdate(local))
        const caret = caretSeed % (start.length + 1)
        const at = atSeed % (start.length + 1)
        const remove = Math.min(delSeed % 4, start.length - at)
        remote.transact(() => {
          remote.getText().delete(at, remove)
          remote.getText().insert(at, inserted)
        })
        let delta: Array<{ retain?: number; insert?: unknown; delete?: number }> = []
        local.getText().observe((e) => (delta = e.delta as typeof delta))
        Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(local)))
        const mapped = mapPosition(caret, delta)
        // What followed the caret before still follows it; text inserted right at the caret goes
        // after it; a caret inside deleted text lands at either edge of the replacement.
        if (caret <= at) expect(mapped).toBe(caret)
        else if (caret >= at + remove) expect(mapped).toBe(caret - remove + inserted.length)
        else expect([at, at + inserted.length]).toContain(mapped)
      }),
    )
  })
})
