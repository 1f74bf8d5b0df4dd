/**
 * Who may read a café's results over HTTP (summary, downloads, archive): its facilitator and its
 * organisers, by their café tokens, and whoever holds the server-wide organiser key. Participants
 * may not: the summary names everyone and counts everyone's dots. Tokens come as
 * `Authorization: Bearer …`, never in a URL, so they stay out of logs and browser history.
 */
import type { Request } from 'express'
import type { Storage } from '../storage/storage.js'
import { authenticate, bearerToken } from '../auth/tokens.js'

export type CafeStaff =
  | { kind: 'cafe-token'; role: 'facilitator' | 'organiser'; cafeId: string }
  | { kind: 'server-organiser' }

export interface StaffAuth {
  /** True when the request carries the server-wide organiser key. */
  isServerOrganiser(req: Request): boolean
  /** The café's facilitator or organiser (or the server organiser); undefined for anyone else. */
  cafeStaff(req: Request, cafeId: string): Promise<CafeStaff | undefined>
}

export function createStaffAuth(storage: Storage, isOrganiserKey: (presented: string | undefined) => boolean): StaffAuth {
  const isServerOrganiser = (req: Request) => isOrganiserKey(bearerToken(req.get('authorization')))
  return {
    isServerOrganiser,
    async cafeStaff(req, cafeId) {
      const presented = bearerToken(req.get('authorization'))
      const holder = await authenticate(storage, presented)
      if (holder) {
        if (holder.cafeId !== cafeId || holder.role === 'participant') return undefined
        return { kind: 'cafe-token', role: holder.role, cafeId }
      }
      return isOrganiserKey(presented) ? { kind: 'server-organiser' } : undefined
    },
  }
}
