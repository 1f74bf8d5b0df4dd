/**
 * The rich-text editor of the current round's notes: Tiptap bound to the round's
 * `Y.XmlFragment` (Collaboration, whose undo only undoes one's own typing) with everyone's named
 * carets. Loaded with a dynamic import after the page has painted: it is most of the page's code.
 */
import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { TextSelection } from '@tiptap/pm/state'
import { safeHref } from '$shared/cloth/rich-text.js'
import { CREDIT_MARK } from '$shared/cloth/behalf.js'
import { notesContentExtensions } from './notes-schema.js'
import type { PresenceUser } from './cloth-session.svelte.js'

export type NotesFormat = 'bold' | 'italic' | 'heading2' | 'heading3' | 'bulletList' | 'orderedList'

export interface NotesEditorOptions {
  element: HTMLElement
  fragment: Y.XmlFragment
  awareness: Awareness
  user: PresenceUser
  /** Accessible name of the writing area. */
  label: string
}

const NONE: Record<NotesFormat, boolean> = {
  bold: false,
  italic: false,
  heading2: false,
  heading3: false,
  bulletList: false,
  orderedList: false,
}

/** Another person's caret: a thin bar in their colour, their name above it in white. */
function caret(user: Record<string, unknown>): HTMLElement {
  const bar = document.createElement('span')
  bar.className = 'collaboration-carets__caret'
  bar.style.borderColor = String(user.color)
  const label = document.createElement('span')
  label.className = 'collaboration-carets__label'
  label.style.backgroundColor = String(user.color)
  label.textContent = String(user.name ?? '')
  bar.append(label)
  return bar
}

export class NotesEditor {
  /** Formats at the caret, for the toolbar's pressed states. */
  active = $state<Record<NotesFormat, boolean>>({ ...NONE })
  /** The address of the link at the caret, if any. */
  link = $state<string | undefined>()
  /** Text of the paragraph or heading the caret is in. */
  line = $state('')
  private readonly editor: Editor

  constructor(options: NotesEditorOptions) {
    this.editor = new Editor({
      element: options.element,
      extensions: [
        ...notesContentExtensions(),
        Collaboration.configure({ fragment: options.fragment }),
        CollaborationCaret.configure({ provider: { awareness: options.awareness }, user: options.user, render: caret }),
      ],
      editorProps: {
        attributes: {
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': options.label,
          spellcheck: 'true',
          class: 'notes-text',
          'data-testid': 'notes-editor',
        },
      },
    })
    this.editor.on('transaction', this.read)
    this.read()
  }

  private readonly read = () => {
    const e = this.editor
    this.active = {
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading2: e.isActive('heading', { level: 2 }),
      heading3: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
    }
    const href: unknown = e.getAttributes('link').href
    this.link = typeof href === 'string' ? href : undefined
    this.line = e.state.selection.$from.parent.textContent
  }

  toggle(format: NotesFormat): void {
    const chain = this.editor.chain().focus()
    switch (format) {
      case 'bold':
        chain.toggleBold().run()
        break
      case 'italic':
        chain.toggleItalic().run()
        break
      case 'heading2':
        chain.toggleHeading({ level: 2 }).run()
        break
      case 'heading3':
        chain.toggleHeading({ level: 3 }).run()
        break
      case 'bulletList':
        chain.toggleBulletList().run()
        break
      case 'orderedList':
        chain.toggleOrderedList().run()
        break
    }
  }

  /** Links the selection (or the link at the caret); with nothing selected, inserts the address itself. False if the address is not one we allow. */
  setLink(address: string): boolean {
    const trimmed = address.trim()
    const href = safeHref(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`)
    if (!href) return false
    const { empty } = this.editor.state.selection
    if (empty && !this.link) {
      this.editor.chain().focus().insertContent({ type: 'text', text: trimmed, marks: [{ type: 'link', attrs: { href } }] }).run()
    } else {
      this.editor.chain().focus().extendMarkRange('link').setLink({ href }).run()
    }
    return true
  }

  unsetLink(): void {
    this.editor.chain().focus().extendMarkRange('link').unsetLink().run()
  }

  /**
   * Starts a note for someone without a device, at the end of the notes: their name in bold,
   * carrying the credit mark (shared/cloth/behalf.ts), then ": ", with the caret after it.
   */
  noteFor(personId: string, name: string): void {
    this.editor
      .chain()
      .focus()
      .command(({ tr, state }) => {
        const { schema, doc } = state
        const credit = schema.marks[CREDIT_MARK]
        const bold = schema.marks.bold
        const paragraphType = schema.nodes.paragraph
        if (!credit || !bold || !paragraphType) return false
        const paragraph = paragraphType.create(null, [schema.text(name, [bold.create(), credit.create({ person: personId })]), schema.text(': ')])
        // An empty last paragraph is taken over rather than left blank above the note.
        const last = doc.lastChild
        if (last?.type === paragraphType && last.content.size === 0) tr.replaceWith(doc.content.size - last.nodeSize, doc.content.size, paragraph)
        else tr.insert(doc.content.size, paragraph)
        tr.setSelection(TextSelection.create(tr.doc, tr.doc.content.size - 1))
        tr.setStoredMarks([])
        tr.scrollIntoView()
        return true
      })
      .run()
  }

  focus(): void {
    this.editor.commands.focus()
  }

  destroy(): void {
    this.editor.off('transaction', this.read)
    this.editor.destroy()
  }
}
