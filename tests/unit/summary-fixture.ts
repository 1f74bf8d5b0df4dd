/**
 * A small café at the harvest, as the summary tests and the Word check read it: four tables of
 * the Tbilisi seminar writing in Georgian, Russian, Ukrainian and English, one merge of the
 * hotline proposals across three tables, votes closed, an organiser's translations — and a
 * participant who typed things meant to break the downloads (markup, a spreadsheet formula,
 * quotes and line breaks).
 */
import type { CafeState, Person } from '../../shared/cafe/types.js'
import type { HarvestResult } from '../../shared/harvest/errors.js'
import { newHarvest, type HarvestSource, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { editMerged, mergeProposals } from '../../shared/harvest/merges.js'
import { closeVoting, openVoting, placeDot } from '../../shared/harvest/votes.js'
import { buildSummary } from '../../shared/summary/build.js'
import { noteKey, proposalTitleKey, proposalWhatKey, type NoteBlock, type Summary, type SummaryInput } from '../../shared/summary/summary.js'
import { QUESTIONS } from './factories.js'

export function value<T>(result: HarvestResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.code} (${result.message})`)
  return result.value
}

export const TEXT = {
  topic: 'Sustainable functioning of resource centres',
  georgianNote: 'უფასო ცხელი ხაზი ბინათმესაკუთრეებისთვის უნდა დარჩეს',
  georgianHeading: 'ცხელი ხაზი',
  russianNote: 'Горячая линия нужна жильцам и после проекта',
  ukrainianNote: 'Навчання голів ОСББ щороку',
  englishNote: 'The municipality could pay for the office',
  hostile: '<script>alert("cloth")</script> & <b>bold</b>',
  markdownish: '# not a heading | not a cell',
  georgianProposal: 'შევინარჩუნოთ უფასო ცხელი ხაზი',
  russianProposal: 'Сохранить бесплатную горячую линию',
  englishProposal: 'Keep the free hotline for homeowners',
  mergedTitle: 'Keep the free hotline',
  formula: `=cmd|' /C calc'!A0`,
  formulaWhat: '+1 -1 @SUM(A1)',
  quoted: 'Train the "chairs", yearly',
  twoLines: 'line one\nline two, with a comma',
  noteTranslation: 'The free hotline for homeowners must stay.',
  titleTranslation: 'Keep the free hotline (as voted)',
  whatTranslation: 'After the project ends, paid by the municipality',
  sourceTranslation: 'Let us keep the free hotline',
} as const

const at = Date.UTC(2025, 5, 15, 7, 0)

const person = (id: string, name: string, extra: Partial<Person> = {}): Person => ({ id, name, joinedAt: at, ...extra })

export function fixtureCafe(): CafeState {
  const people: Person[] = [
    person('h0', 'ნინო ბერიძე', { country: 'Georgia', organisation: 'Tbilisi resource centre', hostOf: 0 }),
    person('h1', 'Олена Коваль', { country: 'Ukraine', organisation: 'MAMA-86-Odessa', hostOf: 1 }),
    person('h2', 'Rashad Aliyev', { country: 'Azerbaijan', hostOf: 2 }),
    person('h3', 'Anna Schmidt', { country: 'germany ', organisation: 'IWO', hostOf: 3 }),
    person('p0', 'Giorgi', { country: ' georgia', organisation: 'tbilisi  resource centre' }),
    person('p1', 'Ion Popescu', { country: 'Moldova' }),
    person('p2', 'Сергей', { country: 'Belarus' }),
    person('p3', 'Mariam', { country: 'GEORGIA' }),
    person('p4', 'Left Early', { country: 'Ukraine', removed: true }),
    person('p5', TEXT.formula),
  ]
  const seating = { h0: 0, h1: 1, h2: 2, h3: 3, p0: 0, p1: 1, p2: 2, p3: 3, p5: 0 }
  return {
    id: 'cafe-summary',
    joinCode: 'KTS7QH',
    // Half past eleven at night in Tbilisi is still the 15th in UTC, the date the summary shows.
    createdAt: Date.UTC(2025, 5, 15, 19, 30),
    settings: { topic: TEXT.topic, questions: [...QUESTIONS], roundMinutes: 20, ask: { country: true, organisation: true, language: false } },
    tables: ['Tbilisi', 'Kutaisi', 'Gori', 'Zugdidi'].map((name) => ({ name })),
    people: Object.fromEntries(people.map((p) => [p.id, p])),
    seating,
    history: [seating, seating, seating],
    sittings: Object.fromEntries(Object.entries(seating).map(([id, table]) => [id, [table]])),
    phase: { kind: 'harvest' },
    version: 42,
  }
}

/** `notes[table][round - 1]`. */
export function fixtureNotes(): NoteBlock[][][] {
  return [
    [
      [
        { kind: 'heading', text: TEXT.georgianHeading },
        { kind: 'paragraph', text: TEXT.georgianNote },
        { kind: 'bullet', text: TEXT.russianNote, depth: 0 },
        { kind: 'bullet', text: TEXT.hostile, depth: 1 },
        { kind: 'paragraph', text: TEXT.markdownish },
      ],
      [{ kind: 'ordered', text: TEXT.englishNote, depth: 0, number: 3 }],
    ],
    [[{ kind: 'paragraph', text: TEXT.russianNote }], [], [{ kind: 'paragraph', text: TEXT.twoLines }]],
    [[{ kind: 'paragraph', text: TEXT.ukrainianNote }]],
    [],
  ]
}

const source = (key: string, round: number, authors: string[], title: string, what = '', who = '', when = ''): HarvestSource => {
  const [table, id] = key.split(':') as [string, string]
  return { key, table: Number(table), round, authors, proposal: { id, title, what, who, when } }
}

/** Five proposals from four tables; the three hotlines merged; voting closed. */
export function fixtureHarvest(): HarvestState {
  const sources = [
    source('0:a', 1, ['h0', 'p0'], TEXT.georgianProposal, 'პროექტის დასრულების შემდეგ', 'რესურს ცენტრი', '2026'),
    source('0:e', 2, ['p4'], TEXT.quoted, TEXT.twoLines),
    source('1:b', 2, ['h1', 'ghost'], TEXT.russianProposal),
    source('2:c', 1, ['h2'], TEXT.englishProposal, 'Paid by the municipality, "at least" 2 years'),
    source('3:d', 3, ['p5'], TEXT.formula, TEXT.formulaWhat),
  ]
  let state = value(newHarvest(sources, 3))
  state = value(mergeProposals(state, ['0:a', '1:b', '2:c'], 'hotline'))
  state = value(editMerged(state, 'hotline', { title: TEXT.mergedTitle, what: TEXT.hostile }))
  state = value(openVoting(state, ['h0', 'h1', 'h2', 'p0', 'p1']))
  const dots: Array<[string, string]> = [
    ['h0', 'hotline'],
    ['h0', 'hotline'],
    // Placed on a source before the merge the voter's screen had not shown yet: counts for the merge.
    ['h1', '1:b'],
    ['h2', '3:d'],
    ['p0', '3:d'],
    ['p1', 'hotline'],
  ]
  for (const [voter, item] of dots) state = value(placeDot(state, voter, item))
  return value(closeVoting(state))
}

export function fixtureInput(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    cafe: fixtureCafe(),
    notes: fixtureNotes(),
    harvest: fixtureHarvest(),
    edits: {
      introduction: 'Notes from the café.\n\nTranslations by the organisers.',
      translations: {
        [noteKey(0, 1)]: TEXT.noteTranslation,
        [proposalTitleKey('hotline')]: TEXT.titleTranslation,
        [proposalWhatKey('hotline')]: TEXT.whatTranslation,
        [proposalTitleKey('0:a')]: TEXT.sourceTranslation,
        [proposalTitleKey('3:d')]: '   ',
      },
    },
    generatedAt: Date.UTC(2025, 5, 15, 18, 5),
    ...overrides,
  }
}

export const fixtureSummary = (): Summary => buildSummary(fixtureInput())
