/**
 * Replacing names inside a café's Yjs documents: a table's cloth (each round's notes, a
 * Y.XmlFragment of rich text, and the proposals' typed fields) and the summary document (title,
 * introduction, translations). The edits are ordinary Yjs operations — delete the name, insert
 * the replacement with the formatting it had — so open screens follow live, and once a
 * garbage-collecting document (`gc: true`, Yjs' default) has applied them, the deleted text is
 * gone from what it encodes: `Y.encodeStateAsUpdate` keeps only that something was deleted, not
 * what. (The stored *history* still holds it until it is replaced: server/privacy does that.)
 *
 * Only the roots the app writes are read; a root some client invented is not ours to interpret
 * and is never shown anywhere.
 */
import * as Y from 'yjs'
import { CREDITS_FIELD, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../cloth/schema.js'
import { SUMMARY_INTRODUCTION_FIELD, SUMMARY_TITLE_FIELD, SUMMARY_TRANSLATIONS_FIELD } from '../summary/document.js'
import type { NameMatcher } from './name-match.js'
import { deepScrub } from './deep-scrub.js'

const NOTES_ROOT = /^notes-r[1-9][0-9]?$/

/** Replaces names in a cloth; call it inside a transaction if the edits must travel as one update. */
export function scrubCloth(doc: Y.Doc, names: NameMatcher): void {
  doc.transact(() => {
    for (const root of [...doc.share.keys()]) {
      if (NOTES_ROOT.test(root)) guarded(() => scrubType(doc.getXmlFragment(root), names))
    }
    guarded(() => scrubType(doc.getArray(PROPOSALS_FIELD), names))
    // The server's records hold person ids only, but they are read like the rest, to be sure.
    guarded(() => scrubType(doc.getMap(PROVENANCE_FIELD), names))
    guarded(() => scrubType(doc.getMap(CREDITS_FIELD), names))
  })
}

/** Replaces names in the café's summary document. */
export function scrubSummaryDocument(doc: Y.Doc, names: NameMatcher): void {
  doc.transact(() => {
    guarded(() => scrubType(doc.getText(SUMMARY_TITLE_FIELD), names))
    guarded(() => scrubType(doc.getText(SUMMARY_INTRODUCTION_FIELD), names))
    guarded(() => scrubType(doc.getMap(SUMMARY_TRANSLATIONS_FIELD), names))
  })
}

/** A root a client created with another type cannot be read as ours: leave it. */
function guarded(step: () => void): void {
  try {
    step()
  } catch (err) {
    if (!(err instanceof Error && /different constructor/.test(err.message))) throw err
  }
}

/** Replaces names in one shared type and everything inside it (anything else is left alone). */
export function scrubType(type: unknown, names: NameMatcher): void {
  if (type instanceof Y.Text) return scrubText(type, names) // Y.XmlText too
  if (type instanceof Y.XmlElement) {
    for (const [key, value] of Object.entries(type.getAttributes())) {
      if (typeof value === 'string') {
        const next = names.scrub(value)
        if (next !== value) type.setAttribute(key, next)
      }
    }
  }
  if (type instanceof Y.XmlFragment || type instanceof Y.XmlElement) {
    for (const child of type.toArray()) scrubType(child, names)
    return
  }
  if (type instanceof Y.Array) {
    const items = type.toArray() as unknown[]
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]
      if (item instanceof Y.AbstractType) scrubType(item, names)
      else {
        const next = deepScrub(item, names.scrub)
        if (JSON.stringify(next) !== JSON.stringify(item)) {
          type.delete(i, 1)
          type.insert(i, [next])
        }
      }
    }
    return
  }
  if (type instanceof Y.Map) {
    for (const [key, value] of [...type.entries()] as [string, unknown][]) {
      if (value instanceof Y.AbstractType) scrubType(value, names)
      else {
        const next = deepScrub(value, names.scrub)
        if (JSON.stringify(next) !== JSON.stringify(value)) type.set(key, next)
      }
    }
  }
}

/**
 * Replaces names in a text, wherever they stand — also across a change of formatting ("Anna
 * **Schmidt**"): the replacement takes the formatting of the name's first letter.
 */
function scrubText(text: Y.Text, names: NameMatcher): void {
  const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]
  // Embeds count one position each; U+FFFC stands in for them so no name spans one.
  const plain = delta.map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('')
  const found = names.matches(plain)
  for (let i = found.length - 1; i >= 0; i--) {
    const match = found[i]!
    text.delete(match.index, match.length)
    text.insert(match.index, match.replacement, { ...attributesAt(delta, match.index) })
  }
}

function attributesAt(delta: { insert: unknown; attributes?: Record<string, unknown> }[], index: number): Record<string, unknown> {
  let at = 0
  for (const op of delta) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1
    if (index < at + length) return op.attributes ?? {}
    at += length
  }
  return {}
}
