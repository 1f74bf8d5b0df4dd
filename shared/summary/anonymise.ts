/**
 * The summary without personal names: each participant is shown by country and organisation
 * only ("Georgia · Rural Women's Network"), or as "A participant" when neither is known. A
 * pseudonym is a name too, and so is a name on the registration list of someone who never came
 * (the tables may still have written it).
 *
 * Every string of the Summary is walked, whatever field holds it, so a field added later is
 * covered: a host's or author's name (the whole string) and every whole-word occurrence in free
 * text (notes, proposals, translations, the introduction). Matching: shared/privacy/name-match.ts.
 */
import type { Summary } from './summary.js'
import { nameMatcher, type NameMatcher } from '../privacy/name-match.js'
import { deepScrub } from '../privacy/deep-scrub.js'

/** Someone whose name must not appear, with what may be said about them instead. */
export interface NamedPerson {
  name: string
  country?: string
  organisation?: string
  /** Erased people carry a stand-in, not a name: nothing to hide. */
  erased?: boolean
}

/** Said of someone of whom neither country nor organisation is known. */
export const UNDESCRIBED_PERSON = 'A participant'

/** "Georgia · Rural Women's Network", "Georgia", "Rural Women's Network", or "A participant". */
export function describePerson(person: Pick<NamedPerson, 'country' | 'organisation'>): string {
  const parts = [person.country, person.organisation].map((part) => part?.trim().replace(/\s+/g, ' ') ?? '').filter((part) => part !== '')
  return parts.length > 0 ? parts.join(' · ') : UNDESCRIBED_PERSON
}

/** A matcher that replaces each person's name by their description. */
export function anonymisingMatcher(people: readonly NamedPerson[]): NameMatcher {
  return nameMatcher(people.filter((p) => !p.erased).map((p) => ({ name: p.name, replacement: describePerson(p) })))
}

/** Keys whose values are identifiers the app builds, never text anyone wrote. */
const IDENTIFIERS = new Set(['key', 'itemKey', 'proposalKey'])

/** The summary with no participant's name in any of its strings. Pure. */
export function anonymiseSummary(summary: Summary, people: readonly NamedPerson[]): Summary {
  return deepScrub(summary, anonymisingMatcher(people).scrub, (key) => IDENTIFIERS.has(key))
}
