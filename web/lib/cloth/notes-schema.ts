/**
 * What the cloth's notes may contain, as Tiptap extensions: paragraphs, headings (levels 2–3),
 * bold, italic, links, bullet and ordered lists. Nothing else, so that every note reads the same
 * on a phone, on the projector and in the summary (shared/cloth/rich-text.ts reads exactly this).
 * Kept free of the editor's collaboration parts so tests can build the schema in Node.
 */
import { Mark, mergeAttributes } from '@tiptap/core'
import Document from '@tiptap/extension-document'
import Paragraph from '@tiptap/extension-paragraph'
import Text from '@tiptap/extension-text'
import Heading from '@tiptap/extension-heading'
import Bold from '@tiptap/extension-bold'
import Italic from '@tiptap/extension-italic'
import Link from '@tiptap/extension-link'
// The lists' own entry points: the package's index would also bring task lists and the list
// keymap, which a bundler cannot drop (their definitions run when the module loads).
import { BulletList } from '@tiptap/extension-list/bullet-list'
import { OrderedList } from '@tiptap/extension-list/ordered-list'
import { ListItem } from '@tiptap/extension-list/item'
// Relative, not $shared: tests build this schema in Node without the app's aliases.
import { CREDIT_MARK } from '../../../shared/cloth/behalf.js'

export const HEADING_LEVELS = [2, 3] as const

/**
 * The page's own headings (table, round) sit above the notes: a note's level-2 heading is shown
 * as <h4>, level 3 as <h5>, so a screen reader's outline stays in order. Either form pastes back.
 */
export const SHOWN_HEADING_OFFSET = 2

const NotesHeading = Heading.extend({
  parseHTML() {
    return HEADING_LEVELS.flatMap((level) => [
      { tag: `h${level}`, attrs: { level } },
      { tag: `h${level + SHOWN_HEADING_OFFSET}`, attrs: { level } },
    ])
  },
  renderHTML({ node, HTMLAttributes }) {
    const level = node.attrs.level === 3 ? 3 : 2
    return [`h${level + SHOWN_HEADING_OFFSET}`, mergeAttributes(this.options.HTMLAttributes, HTMLAttributes), 0]
  },
})

/**
 * Says whom a note was written for (shared/cloth/behalf.ts): the host's "Note for Nino" puts it
 * on Nino's name; the server credits her from it. Not inclusive: what is typed after the name
 * is the note, not the mark.
 */
const Credit = Mark.create({
  name: CREDIT_MARK,
  inclusive: false,
  addAttributes() {
    return {
      person: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute('data-credit'),
        renderHTML: (attributes: { person?: unknown }) => (typeof attributes.person === 'string' ? { 'data-credit': attributes.person } : {}),
      },
    }
  },
  parseHTML() {
    return [{ tag: 'span[data-credit]' }]
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes), 0]
  },
})

export function notesContentExtensions() {
  return [
    Document,
    Paragraph,
    Text,
    NotesHeading.configure({ levels: [...HEADING_LEVELS] }),
    Bold,
    Italic,
    Credit,
    // People paste addresses at a table; a click must place the caret, not leave the page.
    Link.configure({ autolink: true, openOnClick: false, linkOnPaste: true, defaultProtocol: 'https' }),
    BulletList,
    OrderedList,
    ListItem,
  ]
}
