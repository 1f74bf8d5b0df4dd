/**
 * The registration list: who the organisers expect, imported before the day (CSV) so people
 * pick their own name on the join screen instead of typing it. Private to the café's staff: it
 * is never part of the café's state, which every participant receives.
 */

export interface Registration {
  /** Stable within the café (r-1, r-2, … in list order for an import). */
  id: string
  name: string
  country?: string
  organisation?: string
  language?: string
  email?: string
  /**
   * Personal code (XXXX-XXXX) printed on the person's slip: it claims this entry before they
   * join, and continues as them on another device afterwards.
   */
  code: string
  /** Pre-assigned by the facilitator: hosts this table (0-based) for the whole café. */
  hostOf?: number
  /** Pre-assigned by the facilitator: sits at this table (0-based) in round 1. */
  table?: number
  /** The café's person who claimed this entry; absent until they arrive. */
  personId?: string
}
