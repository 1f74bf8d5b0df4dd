/**
 * One text field bound to a shared Y.Text (text-diff.ts does the arithmetic). Framework-free, so
 * it can be tested with two Y.Docs in Node; SharedText.svelte wires it to a textarea.
 *
 * A translation's Y.Text lives in a Y.Map and is created on first use. If two people type the
 * first words of the same translation at the same moment, each creates a Y.Text and the map
 * keeps only one of them; the other's words would vanish. So when the map's text is replaced
 * under us, what this field held goes into the text that won: merged, not overwritten.
 */
import * as Y from 'yjs'
import { mapPosition, textChange, type DeltaStep } from './text-diff.js'

/** Where a field's Y.Text is: a fixed root, or an entry of a map created on first use. */
export interface TextSlot {
  /** The text, if it exists yet. */
  current(): Y.Text | undefined
  /** The text, created now if needed (only when someone types). */
  ensure(): Y.Text
  /** Calls back when the slot's text appears or is replaced; returns the unsubscribe. */
  watch(changed: () => void): () => void
}

/** A root Y.Text of the document (the summary's title, its introduction). */
export function rootSlot(doc: Y.Doc, field: string): TextSlot {
  const text = doc.getText(field)
  return { current: () => text, ensure: () => text, watch: () => () => {} }
}

/** An entry of a Y.Map<Y.Text> (a translation), created by `create` on first use. */
export function mapSlot(map: Y.Map<unknown>, key: string, create: () => Y.Text): TextSlot {
  return {
    current: () => {
      const value = map.get(key)
      return value instanceof Y.Text ? value : undefined
    },
    ensure: create,
    watch(changed) {
      const observer = (event: Y.YMapEvent<unknown>) => {
        if (event.keysChanged.has(key)) changed()
      }
      map.observe(observer)
      return () => map.unobserve(observer)
    },
  }
}

/** What a field must do when someone else changed the text: show `value`, and map its caret. */
export type RemoteChange = (value: string, mapCaret: (position: number) => number) => void

export class TextBinding {
  /** What the field shows; always what the bound Y.Text holds. */
  value: string
  private text: Y.Text | undefined
  private stopText: (() => void) | undefined
  private readonly stopSlot: () => void
  private readonly origin = Symbol('this field')
  private creating = false

  constructor(
    private readonly slot: TextSlot,
    private readonly onRemote: RemoteChange,
  ) {
    this.value = ''
    this.attach(slot.current())
    this.value = this.text?.toString() ?? ''
    this.stopSlot = slot.watch(() => this.slotChanged())
  }

  /** The person edited the field: its new value, and the caret's position in it. */
  input(after: string, caret?: number): void {
    const change = textChange(this.value, after, caret)
    if (!change) return
    if (!this.text) {
      // Creating the map's entry announces it to our own watcher: that is not someone else's text.
      this.creating = true
      try {
        this.attach(this.slot.ensure())
      } finally {
        this.creating = false
      }
    }
    this.value = after
    const text = this.text!
    text.doc!.transact(() => {
      if (change.remove > 0) text.delete(change.index, change.remove)
      if (change.insert) text.insert(change.index, change.insert)
    }, this.origin)
  }

  destroy(): void {
    this.stopText?.()
    this.stopSlot()
  }

  private attach(text: Y.Text | undefined): void {
    this.stopText?.()
    this.stopText = undefined
    this.text = text
    if (!text) return
    const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === this.origin) return
      this.value = text.toString()
      const delta = event.delta as DeltaStep[]
      this.onRemote(this.value, (position) => mapPosition(position, delta))
    }
    text.observe(observer)
    this.stopText = () => text.unobserve(observer)
  }

  private slotChanged(): void {
    if (this.creating) return
    const next = this.slot.current()
    if (next === this.text) return
    const mine = this.value
    this.attach(next)
    const theirs = next?.toString() ?? ''
    // Our words were in a text the map did not keep: add them to the one it kept.
    if (next && mine.trim() !== '' && !theirs.includes(mine)) {
      const joined = theirs === '' ? mine : `${theirs}\n${mine}`
      next.doc!.transact(() => next.insert(next.length, joined.slice(theirs.length)), this.origin)
    }
    this.value = next?.toString() ?? ''
    this.onRemote(this.value, (position) => Math.min(position, this.value.length))
  }
}
