/**
 * Each person's colour for their cursor and their dot in "at this table now". Dark enough that
 * white names on it pass WCAG AA (≥ 4.5:1), distinct enough to tell five people apart at a table.
 */
import type { CafeState } from '$shared/cafe/types.js'

export const PERSON_COLOURS = [
  '#1a5fb4', // blue
  '#a51d2d', // red
  '#26703a', // green
  '#613583', // purple
  '#8a4a00', // brown
  '#0b6a78', // teal
  '#a0225f', // plum
  '#3d4f7c', // slate
  '#6b5900', // olive
  '#5e3b1f', // umber
] as const

/** Colours go round in the order people joined, so neighbours in a room rarely share one. */
export function personColour(cafe: CafeState, personId: string): string {
  const index = Object.keys(cafe.people).indexOf(personId)
  return PERSON_COLOURS[Math.max(0, index) % PERSON_COLOURS.length]!
}
