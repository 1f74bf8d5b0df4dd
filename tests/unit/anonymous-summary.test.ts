/**
 * The summary without personal names (shared/summary/anonymise.ts), on the four-table fixture:
 * no string anywhere in it holds a participant's name — whichever names are in play — and
 * everything that names nobody is exactly as it was.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { anonymiseSummary, describePerson, UNDESCRIBED_PERSON, type NamedPerson } from '../../shared/summary/anonymise.js'
import { buildSummary } from '../../shared/summary/build.js'
import { nameMatcher } from '../../shared/privacy/name-match.js'
import { deepScrub } from '../../shared/privacy/deep-scrub.js'
import { fixtureCafe, fixtureInput } from './summary-fixture.js'

const people = (): NamedPerson[] => Object.values(fixtureCafe().people)
const stringsOf = (value: unknown): string[] => {
  const found: string[] = []
  deepScrub(value, (s) => (found.push(s), s))
  return found
}

describe('describing a person', () => {
  it.each([
    [{ country: 'Georgia', organisation: "Rural Women's Network" }, "Georgia · Rural Women's Network"],
    [{ country: ' Georgia ' }, 'Georgia'],
    [{ organisation: 'IWO' }, 'IWO'],
    [{}, UNDESCRIBED_PERSON],
    [{ country: '  ', organisation: '' }, UNDESCRIBED_PERSON],
  ])('%j → %s', (person, said) => expect(describePerson(person)).toBe(said))
})

describe('the anonymous summary', () => {
  it('names nobody: hosts and authors become descriptions', () => {
    const summary = anonymiseSummary(buildSummary(fixtureInput()), people())
    expect(summary.tables.map((t) => t.host)).toEqual(['Georgia · Tbilisi resource centre', 'Ukraine · MAMA-86-Odessa', 'Azerbaijan', 'germany · IWO'])
    const all = stringsOf(summary).join('\n')
    for (const p of people()) expect(nameMatcher([{ name: p.name, replacement: '' }]).matches(all), p.name).toEqual([])
  })

  it('names nobody whatever names are planted in the notes and the introduction (property)', () => {
    const cafe = fixtureCafe()
    const names = Object.values(cafe.people).map((p) => p.name)
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '(', ', '), (planted, around) => {
        const input = fixtureInput()
        input.edits.introduction = planted.map((n) => `${around}${n}${around}`).join(' and ')
        input.notes[2]![0]!.push({ kind: 'paragraph', text: `${planted.join(' said to ')}.` })
        const summary = anonymiseSummary(buildSummary(input), people())
        const all = stringsOf(summary).join('\n')
        for (const n of names) expect(nameMatcher([{ name: n, replacement: '' }]).matches(all)).toEqual([])
      }),
    )
  })

  it('changes nothing that names nobody', () => {
    const before = buildSummary(fixtureInput())
    const after = anonymiseSummary(before, [{ name: 'Nobody In This Café', country: 'Georgia' }])
    expect(after).toEqual(before)
  })
})
