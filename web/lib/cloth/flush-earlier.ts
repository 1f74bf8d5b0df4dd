/**
 * On opening the table page, hands over what this device still holds, unsent, for tables the
 * person sat at in earlier rounds (written offline before a rotation, then the lid was closed).
 * No screen: each session opens, sends what the server lacks in its first sync, and closes
 * itself once the server has it — or at once, when this device never wrote there.
 */
import { clothDocumentName } from '$shared/protocol/documents.js'
import { ClothSession, localCopyName } from './cloth-session.svelte.js'

export interface FlushEarlier {
  cafeId: string
  token: string
  keeper: string
  tables: number[]
}

/** Starts the hand-over; returns a function that stops whatever is still waiting for the network. */
export function flushEarlierCloths({ cafeId, token, keeper, tables }: FlushEarlier): () => void {
  const sessions: ClothSession[] = []
  let stopped = false
  void localCopies().then((known) => {
    for (const table of tables) {
      const document = clothDocumentName(cafeId, table)
      // Opening a local copy that does not exist would create an empty one: skip those.
      if (stopped || (known && !known.has(localCopyName(keeper, document)))) continue
      sessions.push(new ClothSession({ document, token, mode: 'flush', keeper }))
    }
  })
  return () => {
    stopped = true
    for (const session of sessions) session.destroy()
  }
}

/** Names of this origin's IndexedDB databases, where the browser can list them. */
async function localCopies(): Promise<Set<string> | undefined> {
  try {
    if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return undefined
    return new Set((await indexedDB.databases()).map((d) => d.name ?? ''))
  } catch {
    return undefined
  }
}
