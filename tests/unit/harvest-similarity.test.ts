import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CONCEPTS, conceptToken, readConcepts } from '../../shared/harvest/lexicon.js'
import { normaliseProposal } from '../../shared/harvest/normalise.js'
import {
  cafeWeights,
  joinMatches,
  matchKeys,
  proposalFeatures,
  proposalSimilarity,
  wordsMatch,
} from '../../shared/harvest/similarity.js'
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

  it('sees a translation through the thesaurus: the Georgian hotline and its Russian twin', () => {
    const georgian = 'უფასო ცხელი ხაზი უნდა დარჩეს პროექტის დასრულების შემდეგაც'
    const russian = 'Бесплатная горячая линия должна работать и после проекта'
    expect(proposalSimilarity(georgian, russian)).toBeGreaterThanOrEqual(SUGGEST_THRESHOLD)
    // Words the thesaurus does not know still cannot cross: a name in two alphabets.
    expect(proposalSimilarity('Мамука', 'მამუკა')).toBe(0)
  })
})

describe('two tables write one word in different ways', () => {
  it.each([
    ['a Ukrainian ending', 'лінія', 'лінію'],
    ['a Russian ending', 'регулярное', 'регулярные'],
    ['a Georgian case ending', 'ამხანაგობების', 'ამხანაგობის'],
    ['Georgian suffixes piled on', 'თავმჯდომარეების', 'თავმჯდომარეებისთვის'],
    ['Azerbaijani suffixes piled on', 'birlik', 'birliklərinin'],
    ['an English plural', 'training', 'trainings'],
    ['a wrong letter', 'председателей', 'председатилей'],
    ['a missing letter', 'ტრენინგები', 'ტრენინგბი'],
    ['two letters swapped', 'resource', 'resuorce'],
  ])('%s: %s / %s', (_, a, b) => {
    const [x, y] = [proposalFeatures(a).words[0]!, proposalFeatures(b).words[0]!]
    expect(wordsMatch(x, y)).toBe(true)
    expect(proposalSimilarity(a, b)).toBe(1)
  })

  it.each([
    ['a shared start, then another word', 'municipality', 'munitions'],
    ['paid is not free', 'платные', 'бесплатные'],
    ['a short word one letter off is another word', 'fee', 'fed'],
    ['one letter off in a four-letter word, which is another word', 'fund', 'find'],
  ])('but not %s: %s / %s', (_, a, b) => {
    expect(wordsMatch(a, b)).toBe(false)
    expect(proposalSimilarity(a, b)).toBe(0)
  })

  it.each([
    ['hot line / hotline', 'Keep the free hot-line', 'Keep the free hotline'],
    ['home owners / homeowners', 'for home owners', 'for homeowners'],
    ['a Georgian compound split', 'რესურს ცენტრი', 'რესურსცენტრი'],
  ])('as two words or one: %s', (_, a, b) => {
    expect(proposalSimilarity(a, b)).toBe(1)
  })

  it.each([
    ['English', 'Training for the chairs of associations', 'Training chairs associations'],
    ['Russian', 'Обучение для председателей ТСЖ', 'обучение председателей ТСЖ'],
    ['Romanian', 'Instruiri pentru președinții asociațiilor', 'instruiri președinții asociațiilor'],
    ['Georgian "must" and "after, too"', 'ხაზი უნდა დარჩეს პროექტის შემდეგაც', 'ხაზი დარჩეს პროექტის'],
    ['Azerbaijani "for"', 'Birlik sədrləri üçün təlim', 'Birlik sədrləri təlim'],
  ])('and whatever function words they put around it (%s)', (_, a, b) => {
    expect(proposalSimilarity(a, b)).toBe(1)
  })

  it('the index never loses a pair of matching words: they always share a key', () => {
    const edit = (word: string) =>
      fc.tuple(fc.nat(), fc.constantFrom(...Array.from(word)), fc.constantFrom('keep', 'swap', 'drop', 'add', 'change', 'end')).map(([at, letter, how]) => {
        const w = Array.from(word)
        const i = at % w.length
        if (how === 'swap' && i + 1 < w.length) [w[i], w[i + 1]] = [w[i + 1]!, w[i]!]
        if (how === 'drop') w.splice(i, 1)
        if (how === 'add') w.splice(i, 0, letter)
        if (how === 'change') w[i] = letter
        if (how === 'end') w.splice(i, w.length, ...Array.from(word).slice(i).reverse())
        return w.join('')
      })
    const pairOfWords = anyAlphabet.chain((letters) => wordIn(letters).chain((word) => fc.tuple(fc.constant(word), edit(word))))
    fc.assert(
      fc.property(pairOfWords, pairOfWords, ([a, b], [c, d]) => {
        for (const [x, y] of [[a, b], [c, d], [a, c], [a + c, b], [b, d + a]] as const) {
          if (!wordsMatch(x, y) && !joinMatches(x, y)) continue
          const keys = new Set(matchKeys(x))
          expect(matchKeys(y).some((key) => keys.has(key))).toBe(true)
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('what every table wrote about counts less than what sets a proposal apart', () => {
  const cafe = [
    'Regular training for chairs of homeowners associations',
    'Training for accountants of homeowners associations',
    'Homeowners associations pay a yearly membership fee',
    'A website for homeowners associations',
    'Homeowners associations take loans for repairs',
  ].map((text) => [proposalFeatures(text)])

  it('weighs a word the whole café wrote below a word one proposal wrote', () => {
    const weight = cafeWeights(cafe)
    // Through the thesaurus: each of these words is read as its concept's token.
    const token = (word: string) => proposalFeatures(word).words[0]!
    expect(token('associations')).not.toBe('associations')
    expect(weight(token('associations'))).toBeLessThan(weight(token('training')))
    expect(weight(token('training'))).toBeLessThan(weight(token('accountants')))
    expect(weight(token('accountants'))).toBe(weight(token('website')))
  })

  it('weighs a word the same whatever order the café is read in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(cafe, { minLength: cafe.length }), (shuffled) => {
        const [a, b] = [cafeWeights(cafe), cafeWeights(shuffled)]
        for (const [text] of cafe) for (const word of text!.words) expect(b(word)).toBe(a(word))
      }),
      { numRuns: 20 },
    )
  })
})

describe('the thesaurus reads synonyms and translations as one concept', () => {
  it('has the field\'s concepts, each in all seven languages of the café', () => {
    expect(CONCEPTS.length).toBeGreaterThanOrEqual(80)
    for (const c of CONCEPTS) {
      expect(c.id).toMatch(/^[a-z]+$/)
      expect(Object.keys(c.words).sort()).toEqual(['az', 'de', 'en', 'ka', 'ro', 'ru', 'uk'])
    }
    expect(new Set(CONCEPTS.map((c) => c.id)).size).toBe(CONCEPTS.length)
  })

  it('makes concept tokens that normalising leaves alone, and reading twice changes nothing', () => {
    for (const c of CONCEPTS) expect(normaliseProposal(conceptToken(c.id))).toBe(conceptToken(c.id))
    fc.assert(
      fc.property(fc.oneof(cafeWords.map((w) => w.join(' ')), anyText), (text) => {
        const once = proposalFeatures(text)
        expect(readConcepts(once.words)).toEqual(once.words)
        expect(proposalFeatures(normaliseProposal(text)).words).toEqual(once.words)
      }),
      { numRuns: 500 },
    )
  })

  it.each([
    ['synonyms', 'Regular trainings for association chairmen', 'Regular courses for chairs of associations'],
    ['Georgian / Russian', 'რესურსცენტრის ცხელი ხაზი', 'горячая линия ресурсного центра'],
    ['Romanian / Ukrainian', 'Linia telefonică gratuită', 'Безкоштовна телефонна лінія'],
    ['Azerbaijani / English', 'Pulsuz qaynar xətt', 'Free hotline'],
  ])('%s: %s / %s', (_, a, b) => {
    expect(proposalSimilarity(a, b)).toBe(1)
  })

  it('keeps apart what only looks alike: paid is not free, the chair is not the accountant', () => {
    expect(proposalSimilarity('платные консультации', 'бесплатные консультации')).toBeLessThan(1)
    const [chair, accountant] = ['chairs', 'accountants'].map((w) => proposalFeatures(w).words[0]!)
    expect(chair).not.toBe(accountant)
    expect(wordsMatch(chair!, accountant!)).toBe(false)
  })
})
