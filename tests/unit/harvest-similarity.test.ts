import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { normaliseProposal } from '../../shared/harvest/normalise.js'
import { proposalSimilarity } from '../../shared/harvest/similarity.js'
import { SUGGEST_THRESHOLD } from '../../shared/harvest/suggest.js'

/** Letters people at the café type, by alphabet (lower case; the tests raise them as needed). */
const ALPHABETS = {
  latin: 'abcdefghijklmnopqrstuvwxyz',
  azerbaijani: 'abcçdeəfgğhxıijkqlmnoöprsştuüvyz',
  romanian: 'aăâbcdefghiîjklmnopqrsștțuvwxyz',
  russian: 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя',
  ukrainian: 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя',
  georgian: 'აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ',
} as const

const wordIn = (letters: string) =>
  fc.array(fc.constantFrom(...Array.from(letters)), { minLength: 1, maxLength: 10 }).map((l) => l.join(''))
const textIn = (letters: string) => fc.array(wordIn(letters), { minLength: 1, maxLength: 8 })
const anyAlphabet = fc.constantFrom(...Object.values(ALPHABETS))
/** Words of one of the café's alphabets, as a list (join them however the test needs). */
const cafeWords = anyAlphabet.chain(textIn)
/** Anything at all: any code point, or whole graphemes (emoji, letters with several marks). */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme-composite', maxLength: 30 }))

describe('the same proposal typed on different laptops reads the same', () => {
  it.each([
    ['a Romanian laptop with cedillas and one with commas', 'Preşedinţii asociaţiilor', 'Președinții asociațiilor'],
    ['a Romanian typing without diacritics', 'Păstrarea liniei după încheierea proiectului', 'Pastrarea liniei dupa incheierea proiectului'],
    ['an Azerbaijani on an English keyboard', 'Layihə bitdikdən sonra üçün xətti', 'Layihe bitdikden sonra ucun xetti'],
    ['capital dotted and dotless i, whatever the locale', 'İŞ PLANI Iş', 'iş planı is'],
    ['a Ukrainian with a Latin i on a Russian layout', 'гарячу лiнiю для мешканцiв', 'гарячу лінію для мешканців'],
    ['a Ukrainian apostrophe, typed three ways or not at all', "об'єднання об’єднання обʼєднання", 'обєднання обєднання обєднання'],
    ['ґ typed as г, ё as е', 'Ґанок, ёлка', 'ганок елка'],
    ['Georgian capitals (Mtavruli) and ordinary letters', 'ᲪᲮᲔᲚᲘ ᲮᲐᲖᲘ', 'ცხელი ხაზი'],
    ['hyphens, dashes, quotes and extra spaces', '  «Hot-line» —  for   homeowners!! ', 'hot line for homeowners'],
    ['full-width letters from a phone keyboard', 'Ｈｏｔｌｉｎｅ', 'hotline'],
  ])('%s', (_, typed, other) => {
    expect(normaliseProposal(typed)).toBe(normaliseProposal(other))
    expect(proposalSimilarity(typed, other)).toBe(1)
  })

  it('keeps letters that are different letters (Georgian, Cyrillic є and і)', () => {
    expect(normaliseProposal('რესურსცენტრი')).toBe('რესურსცენტრი')
    expect(normaliseProposal('Європа, Київ')).toBe('європа киів')
  })
})

describe('similarity behaves like a measure the facilitator can trust', () => {
  it('is symmetric and between 0 and 1 for any text at all', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const s = proposalSimilarity(a, b)
        expect(s).toBe(proposalSimilarity(b, a))
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s).toBeLessThanOrEqual(1)
      }),
      { numRuns: 500 },
    )
  })

  it('gives 1 to a proposal compared with itself', () => {
    fc.assert(fc.property(anyText, (a) => {
        expect(proposalSimilarity(a, a)).toBe(1)
      }), { numRuns: 300 })
  })

  it('normalises once and for all: normalising again changes nothing', () => {
    // NFKC turns "ŉ" into an apostrophe and n: the apostrophe used to survive the first pass only.
    expect(normaliseProposal(normaliseProposal('ŉ'))).toBe(normaliseProposal('ŉ'))
    fc.assert(
      fc.property(anyText, (a) => {
        expect(normaliseProposal(normaliseProposal(a))).toBe(normaliseProposal(a))
      }),
      { numRuns: 2000 },
    )
  })

  it('ignores capitals in every alphabet of the café', () => {
    fc.assert(
      fc.property(cafeWords, (words) => {
        const text = words.join(' ')
        expect(proposalSimilarity(text.toUpperCase(), text)).toBe(1)
      }),
    )
  })

  it('ignores Romanian cedillas versus commas', () => {
    fc.assert(
      fc.property(textIn(ALPHABETS.romanian), (words) => {
        const commas = words.join(' ')
        const cedillas = commas.replaceAll('ș', 'ş').replaceAll('ț', 'ţ')
        expect(proposalSimilarity(commas, cedillas)).toBe(1)
      }),
    )
  })

  it('ignores extra spaces and punctuation between words', () => {
    const gap = fc.array(fc.constantFrom(' ', '  ', '\t', '\n', ', ', '. ', ' – ', '! ', '; ', ' (', ') ', ' "', '… '), {
      minLength: 1,
      maxLength: 3,
    })
    fc.assert(
      fc.property(cafeWords, fc.array(gap.map((g) => g.join('')), { minLength: 10, maxLength: 10 }), (words, gaps) => {
        const messy = words.map((w, i) => `${gaps[i]}${w}`).join(' ') + gaps[9]
        expect(proposalSimilarity(messy, words.join(' '))).toBe(1)
      }),
    )
  })

  it('leaves Georgian text as it is, apart from spacing', () => {
    fc.assert(
      fc.property(textIn(ALPHABETS.georgian), fc.constantFrom(' ', '  ', ' \n '), (words, space) => {
        expect(normaliseProposal(` ${words.join(space)} `)).toBe(words.join(' '))
      }),
    )
  })

  it('scores a one-letter typo high and an unrelated proposal low', () => {
    expect(proposalSimilarity('Регулярное обучение председателей ТСЖ', 'Регулярное обучение председатилей ТСЖ')).toBeGreaterThan(0.85)
    expect(proposalSimilarity('Keep the free hotline for homeowners', 'Amend the housing code for loans')).toBeLessThan(0.35)
  })

  it('cannot see a translation: the Georgian hotline and its Russian twin score near 0', () => {
    // Expected, and why the facilitator can merge by hand: words and letters share nothing here.
    const georgian = 'უფასო ცხელი ხაზი უნდა დარჩეს პროექტის დასრულების შემდეგაც'
    const russian = 'Бесплатная горячая линия должна работать и после проекта'
    expect(proposalSimilarity(georgian, russian)).toBeLessThan(SUGGEST_THRESHOLD / 5)
  })
})
