/**
 * Binds a plain <textarea> to a Y.Text: local typing becomes the smallest insert/delete, remote
 * changes are applied without moving the caret of the person typing. (The rich-text cloth with
 * Tiptap replaces this later; the binding stays for the plainest devices.)
 */
import type * as Y from 'yjs'

const LOCAL = Symbol('textarea')

/** The single edit that turns `before` into `after`: common prefix and suffix kept. */
export function diffText(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0
  const max = Math.min(before.length, after.length)
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++
  // Never split a surrogate pair: an emoji half-deleted is a broken character for everyone.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--
  let end = 0
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) end++
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) }
}

function isHighSurrogate(code: number) {
  return code >= 0xd800 && code <= 0xdbff
}
function isLowSurrogate(code: number) {
  return code >= 0xdc00 && code <= 0xdfff
}

/**
 * Moves a caret position (in the text before a remote change) through that change, given as a
 * Yjs delta. Text inserted exactly at the caret goes after it, so the typist is not pushed along.
 */
export function mapPosition(position: number, delta: Array<{ retain?: number; insert?: unknown; delete?: number }>): number {
  let old = 0
  let mapped = position
  // Yjs may list a replacement as delete-then-insert: text that replaces what ended at the caret
  // belongs before it, like any edit before the caret.
  let replacing = false
  for (const op of delta) {
    if (old > position) break
    if (op.retain !== undefined) {
      old += op.retain
      replacing = false
    } else if (op.delete !== undefined) {
      mapped -= Math.max(0, Math.min(op.delete, position - old))
      old += op.delete
      replacing = true
    } else if (typeof op.insert === 'string') {
      if (old < position || (old === position && replacing)) mapped += op.insert.length
      replacing = false
    }
  }
  return mapped
}

export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text): () => void {
  textarea.value = text.toString()
  const onInput = () => {
    const { index, remove, insert } = diffText(text.toString(), textarea.value)
    if (remove === 0 && insert === '') return
    text.doc!.transact(() => {
      if (remove > 0) text.delete(index, remove)
      if (insert) text.insert(index, insert)
    }, LOCAL)
  }
  const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL) return
    const focused = document.activeElement === textarea
    const { selectionStart, selectionEnd } = textarea
    textarea.value = text.toString()
    if (focused) {
      const delta = event.delta as Array<{ retain?: number; insert?: unknown; delete?: number }>
      textarea.setSelectionRange(mapPosition(selectionStart, delta), mapPosition(selectionEnd, delta))
    }
  }
  textarea.addEventListener('input', onInput)
  text.observe(onRemote)
  return () => {
    textarea.removeEventListener('input', onInput)
    text.unobserve(onRemote)
  }
}
