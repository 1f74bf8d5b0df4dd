/**
 * After a rehearsal's reset, this device must forget its offline copies of the café's cloths
 * (web/lib/cloth/cloth-session.svelte.ts keeps each in IndexedDB): opened again, a copy would
 * send the rehearsal's text back to the emptied cloth in its first sync. A device remembers that
 * it saw the café rehearsed, so that it forgets them even if it was closed during the reset.
 */
import { clothDocumentName } from '$shared/protocol/documents.js'

const seenKey = (cafeId: string) => `tablecloth:rehearsal-seen:${cafeId}`

/** Call with each café state this page receives. */
export function followRehearsal(cafeId: string, rehearsing: boolean, tables: number): void {
  try {
    if (rehearsing) localStorage.setItem(seenKey(cafeId), '1')
    else if (localStorage.getItem(seenKey(cafeId))) {
      localStorage.removeItem(seenKey(cafeId))
      void forgetLocalCloths(cafeId, tables)
    }
  } catch {
    // No storage (a locked-down browser): no offline copies either.
  }
}

/** Deletes this device's offline copies of the café's cloths, whoever on this browser kept them. */
export async function forgetLocalCloths(cafeId: string, tables: number): Promise<void> {
  if (typeof indexedDB === 'undefined') return
  let names: string[]
  try {
    names = (await indexedDB.databases()).map((d) => d.name ?? '')
  } catch {
    // Browsers that cannot list databases: the staff's own copies, by their known names.
    names = ['facilitator', 'organiser'].flatMap((keeper) =>
      Array.from({ length: tables }, (_, t) => `tablecloth:${keeper}:${clothDocumentName(cafeId, t)}`),
    )
  }
  for (const name of names) if (name.startsWith('tablecloth:') && name.includes(`:${cafeId}/`)) indexedDB.deleteDatabase(name)
}
