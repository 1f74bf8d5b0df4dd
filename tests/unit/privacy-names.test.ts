/**
 * Finding a person's name in what the tables wrote (shared/privacy/name-match.ts): the whole
 * name, in any case, in Latin, Georgian and Cyrillic script, never inside another word — and
 * text that does not name them is left exactly as it was.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { nameMatcher } from '../../shared/privacy/name-match.js'

const STAND_IN = 'Removed participant 3'
const scrubbing = (...names: string[]) => nameMatcher(names.map((name) => ({ name, replacement: STAND_IN })))

describe('a name in free text', () => {
  it.each([
    ['Anna Schmidt said the hotline matters', 'Anna Schmidt', `${STAND_IN} said the hotline matters`],
    ['ask ANNA   SCHMIDT (IWO) first', 'Anna Schmidt', `ask ${STAND_IN} (IWO) first`],
    ["Anna Schmidt's idea", 'Anna Schmidt', `${STAND_IN}'s idea`],
    ['ნინო ბერიძე ამბობს: ცხელი ხაზი', 'ნინო ბერიძე', `${STAND_IN} ამბობს: ცხელი ხაზი`],
    // Georgian capitals (Mtavruli) fold to the everyday letters.
    ['ᲜᲘᲜᲝ ᲑᲔᲠᲘᲫᲔ', 'ნინო ბერიძე', STAND_IN],
    ['как сказала олена коваль, нужен юрист', 'Олена Коваль', `как сказала ${STAND_IN}, нужен юрист`],
    ['Ion Popescu, Ion Popescu.', 'Ion Popescu', `${STAND_IN}, ${STAND_IN}.`],
    // Decomposed accents, as another keyboard may type them.
    ['Zoë Müller wrote this', 'Zoë Müller', `${STAND_IN} wrote this`],
    ['Zoe\u0308 Mu\u0308ller wrote this', 'Zoë Müller', `${STAND_IN} wrote this`],
  ])('%s → the stand-in', (text, name, expected) => {
    expect(scrubbing(name).scrub(text)).toBe(expected)
  })

  it.each([
    ['Annabel Schmidtova came', 'Anna Schmidt'],
    ['Ionela Popescu', 'Ion Popescu'],
    ['ნინოსი ბერიძე', 'ნინო ბერიძე'],
    ['Олена Ковальчук', 'Олена Коваль'],
    ['Anna alone', 'Anna Schmidt'],
  ])('%s is another word, and stays', (text, name) => {
    expect(scrubbing(name).scrub(text)).toBe(text)
  })

  it('prefers the longest name where two people share a first part', () => {
    const names = nameMatcher([
      { name: 'Anna Maria', replacement: 'first' },
      { name: 'Anna Maria Schmidt', replacement: 'second' },
    ])
    expect(names.scrub('Anna Maria Schmidt and Anna Maria')).toBe('second and first')
  })

  it('never reads a replacement again', () => {
    const names = nameMatcher([
      { name: 'Anna', replacement: 'Giorgi' },
      { name: 'Giorgi', replacement: 'Anna' },
    ])
    expect(names.scrub('Anna met Giorgi')).toBe('Giorgi met Anna')
  })

  it('treats characters regular expressions care about as plain text', () => {
    expect(scrubbing('J. (Jo) Smith+').scrub('by J. (Jo) Smith+ today, J. Jo Smith not')).toBe(`by ${STAND_IN} today, J. Jo Smith not`)
  })
})

// Names of one to three words in the scripts of the café's participants.
const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzäöüçşğəабвгдежзийклмнопрстуфхцчшщыэюяіїєაბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ')
const word = fc.array(letters, { minLength: 2, maxLength: 8 }).map((cs) => cs.join(''))
const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '))
/** Text of words, spaces, punctuation and line breaks, in which names are planted. */
const filler = fc.array(fc.oneof(word, fc.constantFrom(' ', ', ', '. ', '\n', '(', ')', '—', "'", '1', ' ')), { maxLength: 20 }).map((p) => p.join(''))
const capitalised = (s: string, how: number) => (how === 0 ? s : how === 1 ? s.toUpperCase() : s.toLowerCase())

describe('properties', () => {
  it('after scrubbing, the name never occurs, however it was written', () => {
    fc.assert(
      fc.property(name, fc.array(fc.tuple(filler, fc.integer({ min: 0, max: 2 })), { maxLength: 5 }), filler, (n, parts, tail) => {
        const names = scrubbing(n)
        fc.pre(names.matches(STAND_IN).length === 0)
        const text = parts.map(([before, how]) => `${before} ${capitalised(n, how)} `).join('') + tail
        const scrubbed = names.scrub(text)
        expect(names.matches(scrubbed)).toEqual([])
        // Whatever stood in a planted place is gone as a whole word too.
        if (parts.length > 0) expect(scrubbed).toContain(STAND_IN)
      }),
    )
  })

  it('text without the name is unchanged', () => {
    fc.assert(
      fc.property(name, fc.string({ unit: 'grapheme', maxLength: 60 }), filler, (n, anything, words) => {
        const names = scrubbing(n)
        for (const text of [anything, words]) {
          if (names.matches(text).length === 0) expect(names.scrub(text)).toBe(text)
        }
      }),
    )
  })

  it('scrubbing twice changes nothing more', () => {
    fc.assert(
      fc.property(name, filler, filler, (n, a, b) => {
        const names = scrubbing(n)
        fc.pre(names.matches(STAND_IN).length === 0)
        const once = names.scrub(`${a} ${n} ${b}`)
        expect(names.scrub(once)).toBe(once)
      }),
    )
  })
})
