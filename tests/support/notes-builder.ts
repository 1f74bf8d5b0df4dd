/** Notes written into a cloth exactly as the editor writes them, for tests that read them back. */
import * as Y from 'yjs'
import { getSchema, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { notesContentExtensions } from '../../web/lib/cloth/notes-schema.js'

const schema = getSchema(notesContentExtensions())

/** Writes a ProseMirror document into a fresh cloth the way the editor does (y-prosemirror). */
export function clothWith(content: JSONContent[]): Y.XmlFragment {
  const fragment = new Y.Doc().getXmlFragment('notes-r1')
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, fragment)
  return fragment
}

export const text = (t: string, marks: JSONContent['marks'] = []): JSONContent => ({ type: 'text', text: t, marks })
export const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
export const item = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content })
export const bullets = (...items: JSONContent[]): JSONContent => ({ type: 'bulletList', content: items })
