/**
 * What a cloth holds, in numbers the board can show from the back of the hall: how many words
 * the notes of every round have, how many proposals there are, and the newest one's title.
 *
 * It reads the document without declaring its notes roots. On the server a `notes-r<k>` root is
 * first met in an update and stays a generic type; asking for it as an XmlFragment would swap the
 * root object under the live room. Walking the items reads the same text either way.
 */
import * as Y from 'yjs'
import { readProposals, provenanceOf } from '../../shared/cloth/proposals.js'
import type { TableClothSummary } from '../../shared/protocol/socket.js'

const NOTES_ROOT = /^notes-r[1-9][0-9]{0,2}$/
/** A title on the board is one line; the harvest view shows more, but not a whole paragraph. */
const TITLE_MAX = 200
/** Deep enough for any list the editor makes; a hostile document cannot make us recurse forever. */
const MAX_DEPTH = 64

/** Whatever type a document's root (or a nested type) is. */
type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never

/** The numbers of one table's cloth. */
export function summariseCloth(doc: Y.Doc, table: number): TableClothSummary {
  let words = 0
  for (const [name, type] of doc.share) {
    if (NOTES_ROOT.test(name)) words += countWords(plainText(type))
  }
  const proposals = readProposals(doc)
  const titles = proposals.map((p) => p.title.trim().slice(0, TITLE_MAX))
  // Newest by the server's own clock (provenance); the table may have moved it anywhere in the list.
  let newest = proposals.length - 1
  let newestAt = -Infinity
  proposals.forEach((p, i) => {
    const at = provenanceOf(doc, p.id)?.createdAt
    if (at !== undefined && at >= newestAt) {
      newestAt = at
      newest = i
    }
  })
  return { table, words, proposals: proposals.length, newestProposal: titles[newest] ?? '', proposalTitles: titles }
}

/** The text of a type and everything inside it; blocks are separated by a space. */
export function plainText(type: SharedType): string {
  const parts: string[] = []
  const walk = (t: SharedType, depth: number) => {
    if (depth > MAX_DEPTH) return
    for (let item = t._start; item !== null; item = item.right) {
      if (item.deleted) continue
      const content = item.content
      if (content instanceof Y.ContentString) parts.push(content.str)
      else if (content instanceof Y.ContentType) {
        parts.push(' ')
        walk(content.type, depth + 1)
        parts.push(' ')
      }
    }
  }
  walk(type, 0)
  return parts.join('')
}

/** Words as a reader counts them: runs of letters or digits, in any script (Georgian too). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu)?.length ?? 0
}
