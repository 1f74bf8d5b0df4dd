/**
 * Who may open which cloth over the Yjs endpoint: anyone of the café reads every cloth; what
 * they may write is the café's rule (`clothAccess`), decided at connect and again after every
 * change of the café (a rotation moves people). The café's summary document is for its staff
 * only (`summaryAccess`): participants are refused at the upgrade.
 */
import type { DocumentAccess } from '../documents/hub.js'
import type { Storage } from '../storage/storage.js'
import { authenticate } from '../auth/tokens.js'
import { parseDocumentName } from '../../shared/protocol/documents.js'
import { clothAccess } from '../../shared/cafe/cloth-access.js'
import { summaryAccess } from '../../shared/summary/document.js'
import type { Cafes } from '../cafes/cafes.js'

export function createClothAccess(storage: Storage, cafes: Cafes) {
  return async (token: string | undefined, documentName: string): Promise<DocumentAccess> => {
    const doc = parseDocumentName(documentName)
    if (!doc) return { ok: false, status: 404, code: 'not_found', message: 'no such document' }
    if (!token) return { ok: false, status: 401, code: 'unauthorized', message: 'a token is needed' }
    const holder = await authenticate(storage, token)
    if (!holder) return { ok: false, status: 401, code: 'unauthorized', message: 'this token is not valid' }
    if (holder.cafeId !== doc.cafeId) {
      return { ok: false, status: 403, code: 'forbidden', message: 'this token belongs to another café' }
    }
    const principal = { role: holder.role, ...(holder.participantId ? { participantId: holder.participantId } : {}) }
    if (doc.kind === 'summary') {
      if (summaryAccess(holder.role) === 'refused') {
        return { ok: false, status: 403, code: 'forbidden', message: "only the café's facilitator and organisers open its summary" }
      }
      return { ok: true, access: 'write', principal }
    }
    const state = await cafes.load(doc.cafeId)
    if (!state || doc.table >= state.tables.length) {
      return { ok: false, status: 404, code: 'not_found', message: 'no such table' }
    }
    return { ok: true, access: clothAccess(state, principal, doc.table), principal }
  }
}
