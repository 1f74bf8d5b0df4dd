/**
 * Reads a round's notes (a `Y.XmlFragment` written by Tiptap through y-prosemirror) as plain
 * data, without ProseMirror: read-only screens render it directly, and the harvest and the
 * summary can use the same reading. Only what the cloth's editor can write is understood —
 * paragraphs, headings (levels 2–3), bullet and ordered lists, bold, italic and links — and
 * anything else degrades to its text, because a document may hold what any client sent.
 */
import * as Y from 'yjs'

export interface RichInline {
  text: string
  bold?: true
  italic?: true
  /** Only for addresses `safeHref` accepts. */
  href?: string
}

export type RichBlock =
  | { type: 'paragraph'; inlines: RichInline[] }
  | { type: 'heading'; level: 2 | 3; inlines: RichInline[] }
  | { type: 'list'; ordered: boolean; start: number; items: RichBlock[][] }

const SAFE_SCHEME = /^(https?:|mailto:)/i

/**
 * The address a link may point to, or undefined: only http(s) and mailto, so that a link that
 * some client wrote into the document cannot run script in a reader's page.
 */
export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined
  // Browsers ignore control characters and surrounding spaces when they parse a URL.
  const cleaned = href.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return SAFE_SCHEME.test(cleaned) && cleaned.length <= 2048 ? cleaned : undefined
}

type XmlChild = Y.XmlElement | Y.XmlText | Y.XmlHook

/** The notes of one round as blocks, in document order. */
export function readRichText(fragment: Y.XmlFragment): RichBlock[] {
  return blocksOf(fragment.toArray() as XmlChild[])
}

function blocksOf(children: XmlChild[]): RichBlock[] {
  const blocks: RichBlock[] = []
  for (const child of children) {
    if (child instanceof Y.XmlElement) blocks.push(...blockOf(child))
    else if (child instanceof Y.XmlText) blocks.push({ type: 'paragraph', inlines: inlinesOfText(child) })
  }
  return blocks
}

function blockOf(element: Y.XmlElement): RichBlock[] {
  switch (element.nodeName) {
    case 'paragraph':
      return [{ type: 'paragraph', inlines: inlinesOf(element) }]
    case 'heading': {
      // y-prosemirror keeps attributes as written (a number), but a client may send a string.
      const level = Number(element.getAttribute('level') as unknown)
      return [{ type: 'heading', level: level >= 3 ? 3 : 2, inlines: inlinesOf(element) }]
    }
    case 'bulletList':
    case 'orderedList': {
      const start = Number(element.getAttribute('start') as unknown)
      const items = (element.toArray() as XmlChild[]).map((item) =>
        item instanceof Y.XmlElement ? blocksOf(item.toArray() as XmlChild[]) : blocksOf([item]),
      )
      return [
        {
          type: 'list',
          ordered: element.nodeName === 'orderedList',
          start: Number.isInteger(start) && start >= 0 && start < 1_000_000 ? start : 1,
          items,
        },
      ]
    }
    default: {
      // An element the editor does not write: keep its text, as blocks or as one paragraph.
      const children = element.toArray() as XmlChild[]
      return children.some((c) => c instanceof Y.XmlElement && c.nodeName !== 'hardBreak')
        ? blocksOf(children)
        : [{ type: 'paragraph', inlines: inlinesOf(element) }]
    }
  }
}

function inlinesOf(element: Y.XmlElement): RichInline[] {
  const inlines: RichInline[] = []
  for (const child of element.toArray() as XmlChild[]) {
    if (child instanceof Y.XmlText) inlines.push(...inlinesOfText(child))
    else if (child instanceof Y.XmlElement) inlines.push(...(child.nodeName === 'hardBreak' ? [{ text: '\n' }] : inlinesOf(child)))
  }
  return inlines
}

function inlinesOfText(text: Y.XmlText): RichInline[] {
  const inlines: RichInline[] = []
  for (const op of text.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string' || op.insert === '') continue
    const inline: RichInline = { text: op.insert }
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      // y-prosemirror names a mark that may overlap itself `name--hash`.
      const mark = key.split('--')[0]
      if (mark === 'bold') inline.bold = true
      else if (mark === 'italic') inline.italic = true
      else if (mark === 'link') {
        const href = safeHref((value as { href?: unknown } | null)?.href)
        if (href) inline.href = href
      }
    }
    inlines.push(inline)
  }
  return inlines
}

/** The text of some blocks: one line per paragraph, heading or list item. */
export function richTextPlain(blocks: RichBlock[]): string {
  const lines: string[] = []
  const walk = (list: RichBlock[]) => {
    for (const block of list) {
      if (block.type === 'list') for (const item of block.items) walk(item)
      else lines.push(block.inlines.map((i) => i.text).join(''))
    }
  }
  walk(blocks)
  return lines.join('\n')
}

/** The plain text of a round's notes (for tests, search and the summary). */
export function notesText(fragment: Y.XmlFragment): string {
  return richTextPlain(readRichText(fragment))
}

/** Whether some blocks hold any visible text. */
export function hasText(blocks: RichBlock[]): boolean {
  return richTextPlain(blocks).trim() !== ''
}
