/**
 * Finding one's name in the registration list as people type on a phone: case, accents and
 * extra spaces do not matter ("mammadova" finds "Məmmədova", "olena" finds "Олена" only by
 * Cyrillic, as typed). Each word typed must start a word of the name, or appear inside it.
 */
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    // Azerbaijani schwa and dotless i are letters of their own, typed as e and i on most keyboards.
    .replace(/ə/g, 'e')
    .replace(/ı/g, 'i')

/** True when every word of the query is found in the name, ignoring case and accents. */
export function matchesName(name: string, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean)
  const folded = fold(name)
  return words.every((w) => folded.includes(w))
}
