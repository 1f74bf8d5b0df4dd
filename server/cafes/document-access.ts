/**
 * Who may open which cloth. For now: a participant opens the cloth of the table they sit at,
 * the facilitator every cloth of their café (and writes), an organiser every cloth (reads only).
 */
import type { DocumentAccess } from '../documents/hub.js'
import type { Storage } from '../storage/storage.js'
import { authenticate } from '../auth/tokens.js'
import { parseDocumentName } from '../../shared/protocol/documents.js'
import { tableOf } from '../../shared/cafe/commands.js'
import type { Cafes } from './cafes.js'

export function createDocumentAccess(storage: Storage, cafes: Cafes) {
  return async (token: string | undefined, documentName: string): Promise<DocumentAccess> => {
    const doc = parseDocumentName(documentName)
    if (!doc) return { ok: false, status: 404, code: 'not_found', message: 'no such document' }
    if (!token) return { ok: false, status: 401, code: 'unauthorized', message: 'a token is needed' }
    const holder = await authenticate(storage, token)
    if (!holder) return { ok: false, status: 401, code: 'unauthorized', message: 'this token is not valid' }
    if (holder.cafeId !== doc.cafeId) {
      return { ok: false, status: 403, code: 'forbidden', message: 'this token belongs to another café' }
    }
    const state = await cafes.load(doc.cafeId)
    if (!state || doc.table >= state.tables.length) {
      return { ok: false, status: 404, code: 'not_found', message: 'no such table' }
    }
    const who = holder.participantId ? `${holder.role}:${holder.participantId}` : holder.role
    switch (holder.role) {
      case 'facilitator':
        return { ok: true, canWrite: true, who }
      case 'organiser':
        return { ok: true, canWrite: false, who }
      case 'participant':
        if (holder.participantId && tableOf(state, holder.participantId) === doc.table) {
          return { ok: true, canWrite: true, who }
        }
        return { ok: false, status: 403, code: 'forbidden', message: 'you are not seated at this table' }
    }
  }
}
