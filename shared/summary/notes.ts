/**
 * A table's notes for the summary: the rich text of one round flattened into blocks of plain
 * text. It reads through `readRichText` (shared/cloth/rich-text.ts), so the summary understands
 * exactly what the board and the read-only screens understand, and anything a client sent that
 * the editor cannot write degrades to its text there, not here.
 *
 * Bold, italic and links are dropped: the downloads are the donor's report, set in one style.
 */
import type * as Y from 'yjs'
import { readRichText, type RichBlock, type RichInline } from '../cloth/rich-text.js'
import type { NoteBlock } from './summary.js'

const textOf = (inlines: RichInline[]): string => inlines.map((inline) => inline.text).join('')
const hasText = (block: NoteBlock): boolean => block.text.trim() !== ''

/** The notes of one round (`notes-r<k>`) as blocks, in document order; empty blocks are left out. */
export function notesBlocks(fragment: Y.XmlFragment): NoteBlock[] {
  return flatten(readRichText(fragment))
}

/** Flattens blocks already read from a cloth. */
function flatten(blocks: RichBlock[]): NoteBlock[] {
  const out: NoteBlock[] = []
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push({ kind: 'heading', text: textOf(block.inlines) })
        break
      case 'paragraph':
        out.push({ kind: 'paragraph', text: textOf(block.inlines) })
        break
      case 'list':
        listItems(block, 0, out)
        break
    }
  }
  return out.filter(hasText)
}

/**
 * One block per list item: the item's own text (several paragraphs joined by line breaks), then
 * its nested lists one level deeper. An item with no text of its own but a nested list is left
 * out rather than shown as an empty bullet; its children keep their depth.
 */
function listItems(list: Extract<RichBlock, { type: 'list' }>, depth: number, out: NoteBlock[]): void {
  list.items.forEach((item, i) => {
    const lines: string[] = []
    const nested: Extract<RichBlock, { type: 'list' }>[] = []
    for (const block of item) {
      if (block.type === 'list') nested.push(block)
      else lines.push(textOf(block.inlines))
    }
    const text = lines.filter((line) => line.trim() !== '').join('\n')
    if (list.ordered) out.push({ kind: 'ordered', text, depth, number: list.start + i })
    else out.push({ kind: 'bullet', text, depth })
    for (const inner of nested) listItems(inner, depth + 1, out)
  })
}

