/**
 * Replacing names in every string of a plain JSON value — a summary, a harvest, an archive —
 * whatever its shape: a field someone adds later is covered without anyone remembering to.
 */

/** A copy of `value` with `scrub` applied to every string in it (keys stay); `skip` leaves a key's value as it is. */
export function deepScrub<T>(value: T, scrub: (text: string) => string, skip: (key: string) => boolean = () => false): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v)
    if (Array.isArray(v)) return v.map(walk)
    if (v === null || typeof v !== 'object') return v
    const copy: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(v)) copy[key] = skip(key) ? inner : walk(inner)
    return copy
  }
  return walk(value) as T
}
