/**
 * The summary and every download of a large café (issue 6, criterion 5): 200 tables, 3 rounds,
 * about 300 words of notes per table and round in the café's languages (Georgian among them),
 * 5 proposals per table and round (3,000 in all), 1,000 participants, and a closed harvest with
 * merges (some of merges) and every participant's dots. Target: summary and all exports in
 * under 2 s on this machine.
 *
 * Timed, in the order the server does it: reading every round's notes out of the cloths
 * (`notesBlocks` on 600 Yjs fragments), `buildSummary`, Markdown, HTML, CSV, DOCX, and the JSON
 * archive when `server/archive/export.ts` exists (written by someone else; skipped otherwise).
 * Everything is built in memory from a seeded generator, so each run sees the same café; the
 * store is not involved (loading 200 cloths from SQLite is the route's cost, not the writers').
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import * as Y from 'yjs'
import { createRng, shuffleInPlace, type Rng } from '../shared/cafe/seeded-random.js'
import type { CafeState, Person, Seating } from '../shared/cafe/types.js'
import { addProposal } from '../shared/cloth/proposals.js'
import { notesField, PROVENANCE_FIELD, type ProposalProvenance } from '../shared/cloth/schema.js'
import { newHarvest, type HarvestSource, type HarvestState } from '../shared/harvest/harvest-state.js'
import { harvestItems } from '../shared/harvest/items.js'
import { mergeProposals } from '../shared/harvest/merges.js'
import { closeVoting, openVoting, placeDot } from '../shared/harvest/votes.js'
import type { HarvestResult } from '../shared/harvest/errors.js'
import { clothDocumentName, summaryDocumentName } from '../shared/protocol/documents.js'
import { buildSummary } from '../shared/summary/build.js'
import { proposalsCsv } from '../shared/summary/csv.js'
import { summaryHtml } from '../shared/summary/html.js'
import { summaryMarkdown } from '../shared/summary/markdown.js'
import { notesBlocks } from '../shared/summary/notes.js'
import { noteKey, proposalTitleKey, proposalWhatKey, type NoteBlock, type SummaryEdits } from '../shared/summary/summary.js'
import { summaryDocx } from '../server/summary/docx.js'
import type { BenchSection } from './bench-section.js'
import { fmt, median } from './stats.js'

const quick = process.env.BENCH_QUICK === '1'
const RUNS = Number(process.env.BENCH_SUMMARY_RUNS) || (quick ? 2 : 7)
const TABLES = 200
const PEOPLE = 1_000
const ROUNDS = 3
const WORDS_PER_ROUND = 300
const PROPOSALS_PER_ROUND = 5
const MERGES = 300
const NESTED_MERGES = 30
const DOTS_PER_VOTER = 3
const TARGET_MS = 2_000
const SEED = 6_006

/** Sentences as tables write them, in six of the café's languages. */
const SENTENCES: Record<string, string[]> = {
  ka: [
    'ცხელი ხაზი ბინათმესაკუთრეებს ეხმარება საერთო ქონების მოვლაში',
    'ამხანაგობების თავმჯდომარეებს რეგულარული ტრენინგი სჭირდებათ',
    'მუნიციპალიტეტმა უნდა დააფინანსოს რესურს ცენტრის ოფისი',
    'საბინაო კოდექსში ცვლილებები უნდა მომზადდეს ექსპერტებთან ერთად',
    'ფასიანი კონსულტაციები ნაწილობრივ დაფარავს ცენტრის ხარჯებს',
  ],
  ru: [
    'Горячая линия помогает жильцам разобраться с общим имуществом дома',
    'Председателям ТСЖ нужно регулярное обучение по управлению домом',
    'Муниципалитет мог бы оплачивать аренду офиса ресурсного центра',
    'Платные консультации юриста частично покроют расходы центра',
    'Поправки в жилищный кодекс стоит готовить вместе с ассоциациями',
  ],
  uk: [
    'Гаряча лінія має працювати безкоштовно й після завершення проєкту',
    'Голови ОСББ щороку проходять навчання в ресурсному центрі',
    'Місцевий бюджет може співфінансувати енергоаудит будинків',
    'Асоціація голів ОСББ захищатиме інтереси співвласників',
  ],
  en: [
    'The resource centre trains association chairs every spring and autumn',
    'Homeowners would miss the free advice on repairs and common property',
    'A small yearly membership fee could cover part of the running costs',
    'Partnerships with universities bring volunteers and research',
  ],
  az: [
    'Resurs mərkəzi mənzil mülkiyyətçilərinə pulsuz məsləhət verir',
    'Bələdiyyə ofis üçün yer ayırmalıdır',
    'Sədrlər üçün təlimlər hər il keçirilməlidir',
  ],
  ro: [
    'Centrul de resurse oferă consultanță gratuită asociațiilor de proprietari',
    'Primăria ar putea cofinanța activitatea centrului din bugetul local',
    'Președinții asociațiilor au nevoie de instruire periodică',
  ],
}
const LANGUAGES = Object.keys(SENTENCES)
const COUNTRIES = ['Georgia', 'georgia', 'Ukraine', 'Україна', 'Moldova', 'Azerbaijan', 'Belarus', 'GEORGIA ']
const NAMES = ['ნინო', 'გიორგი', 'Олена', 'Сергей', 'Rashad', 'Ion', 'Anna', 'Mariam', 'Тарас', 'Leyla']

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!
const words = (text: string) => text.split(/\s+/).filter(Boolean).length

/** A sentence, mostly in the table's own language. */
const sentence = (rng: Rng, language: string) => pick(rng, SENTENCES[rng.next() < 0.7 ? language : pick(rng, LANGUAGES)]!)

function paragraph(text: string, name = 'paragraph'): Y.XmlElement {
  const element = new Y.XmlElement(name)
  const xmlText = new Y.XmlText()
  xmlText.insert(0, text)
  element.insert(0, [xmlText])
  return element
}

function list(name: 'bulletList' | 'orderedList', items: string[]): Y.XmlElement {
  const element = new Y.XmlElement(name)
  element.insert(
    0,
    items.map((item) => {
      const li = new Y.XmlElement('listItem')
      li.insert(0, [paragraph(item)])
      return li
    }),
  )
  return element
}

/** One round's notes, shaped as the editor writes them: a heading, paragraphs and lists, ~300 words. */
function writeNotes(fragment: Y.XmlFragment, rng: Rng, language: string): number {
  const blocks: Y.XmlElement[] = []
  const heading = paragraph(sentence(rng, language).split(' ').slice(0, 3).join(' '), 'heading')
  heading.setAttribute('level', '2')
  blocks.push(heading)
  let count = 3
  while (count < WORDS_PER_ROUND) {
    const roll = rng.next()
    if (roll < 0.5) {
      const text = [sentence(rng, language), sentence(rng, language), sentence(rng, language)].join('. ')
      blocks.push(paragraph(`${text}.`))
      count += words(text)
    } else {
      const items = Array.from({ length: 2 + rng.int(4) }, () => sentence(rng, language))
      blocks.push(list(roll < 0.8 ? 'bulletList' : 'orderedList', items))
      count += items.reduce((sum, item) => sum + words(item), 0)
    }
  }
  fragment.insert(0, blocks)
  return count
}

function value<T>(result: HarvestResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.code} (${result.message})`)
  return result.value
}

interface BigCafe {
  cafe: CafeState
  cloths: Y.Doc[]
  harvest: HarvestState
  edits: SummaryEdits
  words: number
  dots: number
  merges: number
}

function bigCafe(): BigCafe {
  const rng = createRng(SEED)
  const createdAt = Date.UTC(2025, 5, 15, 8, 0)
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `p${i}`,
    name: `${pick(rng, NAMES)} ${i}`,
    country: pick(rng, COUNTRIES),
    ...(rng.next() < 0.8 ? { organisation: `Resource centre ${1 + rng.int(11)}` } : {}),
    ...(i < TABLES ? { hostOf: i } : {}),
    joinedAt: createdAt,
  }))
  const guests = people.slice(TABLES).map((p) => p.id)
  const history: Seating[] = Array.from({ length: ROUNDS }, () => {
    const seating: Seating = Object.fromEntries(people.slice(0, TABLES).map((p, t) => [p.id, t]))
    shuffleInPlace(guests, rng).forEach((id, i) => (seating[id] = i % TABLES))
    return seating
  })
  const atTable = history.map((seating) => {
    const byTable: string[][] = Array.from({ length: TABLES }, () => [])
    for (const [id, table] of Object.entries(seating)) byTable[table]!.push(id)
    return byTable
  })

  const cloths: Y.Doc[] = []
  const sources: HarvestSource[] = []
  let wordCount = 0
  for (let table = 0; table < TABLES; table++) {
    const doc = new Y.Doc()
    const language = pick(rng, LANGUAGES)
    for (let round = 1; round <= ROUNDS; round++) {
      wordCount += writeNotes(doc.getXmlFragment(notesField(round)), rng, language)
      for (let n = 0; n < PROPOSALS_PER_ROUND; n++) {
        const id = `r${round}n${n}`
        const seated = atTable[round - 1]![table]!
        const authors = [pick(rng, seated), ...(rng.next() < 0.4 ? [pick(rng, seated)] : [])]
        const proposal = {
          id,
          title: sentence(rng, language).split(' ').slice(0, 8).join(' '),
          what: sentence(rng, language),
          who: rng.next() < 0.5 ? pick(rng, ['Resource centre', 'Municipality', 'მუნიციპალიტეტი', 'Ассоциация ТСЖ']) : '',
          when: rng.next() < 0.5 ? pick(rng, ['2026', 'next spring', 'до конца года']) : '',
        }
        addProposal(doc, proposal)
        const provenance: ProposalProvenance = { table, round, createdBy: authors[0]!, authors: [...new Set(authors)], createdAt }
        doc.getMap(PROVENANCE_FIELD).set(id, provenance)
        sources.push({ key: `${table}:${id}`, table, round, authors: provenance.authors, proposal })
      }
    }
    cloths.push(doc)
  }

  // Merges across tables, then some merges of merges; then every participant places their dots,
  // most of them on the first few hundred items, as a room converges on favourites.
  let harvest = value(newHarvest(sources, DOTS_PER_VOTER))
  let merges = 0
  for (let i = 0; i < MERGES + NESTED_MERGES; i++) {
    const items = harvestItems(harvest)
    const pool = i < MERGES ? items.filter((item) => item.kind === 'proposal') : items.filter((item) => item.kind === 'merged')
    const chosen = new Set(Array.from({ length: 2 + rng.int(3) }, () => pick(rng, pool).key))
    if (chosen.size < 2) continue
    harvest = value(mergeProposals(harvest, [...chosen], `m${i}`))
    merges++
  }
  harvest = value(openVoting(harvest, people.map((p) => p.id)))
  const items = harvestItems(harvest).map((item) => item.key)
  for (const person of people) {
    for (let d = 0; d < DOTS_PER_VOTER; d++) {
      const item = rng.next() < 0.8 ? items[rng.int(Math.min(300, items.length))]! : pick(rng, items)
      harvest = value(placeDot(harvest, person.id, item))
    }
  }
  harvest = value(closeVoting(harvest))

  const translations: SummaryEdits['translations'] = {}
  for (let table = 0; table < TABLES; table++) {
    for (let round = 1; round <= ROUNDS; round++) if (rng.next() < 0.1) translations[noteKey(table, round)] = pick(rng, SENTENCES.en!)
  }
  for (const item of harvestItems(harvest).slice(0, 60)) {
    translations[proposalTitleKey(item.key)] = pick(rng, SENTENCES.en!)
    translations[proposalWhatKey(item.key)] = pick(rng, SENTENCES.en!)
  }

  const cafe: CafeState = {
    id: 'bench-cafe',
    joinCode: 'BENCH1',
    createdAt,
    settings: {
      topic: 'Sustainable functioning of resource centres',
      questions: [
        'What has the resource centre achieved that homeowners would miss if it closed?',
        'Which services could pay for themselves, and who else could fund the rest?',
        'What must change in law or in partnerships for the centres to last?',
      ],
      roundMinutes: 20,
      ask: { country: true, organisation: true, language: false },
    },
    tables: Array.from({ length: TABLES }, (_, t) => ({ name: `Table ${t + 1}` })),
    people: Object.fromEntries(people.map((p) => [p.id, p])),
    seating: history[ROUNDS - 1]!,
    history,
    sittings: {},
    phase: { kind: 'harvest' },
    version: 1,
  }
  return { cafe, cloths, harvest, edits: { introduction: 'Results of the café.', translations }, words: wordCount, dots: harvest.votes.dots.length, merges }
}

/** The archive writer, if `server/archive/export.ts` exists and exports what this bench calls. */
type ExportArchive = (
  sources: {
    cafe: (id: string) => Promise<CafeState | undefined>
    harvest: (id: string) => Promise<HarvestState | undefined>
    documents: { read<T>(name: string, prepare: (doc: Y.Doc) => void, read: (doc: Y.Doc) => T): Promise<T> }
    now?: () => number
  },
  cafeId: string,
) => Promise<string | undefined>

async function archiveWriter(): Promise<{ exportArchive?: ExportArchive; note: string }> {
  const file = join(import.meta.dirname, '..', 'server', 'archive', 'export.ts')
  if (!existsSync(file)) return { note: 'JSON archive: skipped, server/archive/export.ts does not exist yet' }
  try {
    // A computed specifier: the file is someone else's and may be absent when this one is type-checked.
    const mod = (await import(pathToFileURL(file).href)) as { exportArchive?: unknown }
    if (typeof mod.exportArchive !== 'function') return { note: 'JSON archive: skipped, server/archive/export.ts has no exportArchive()' }
    return { exportArchive: mod.exportArchive as ExportArchive, note: 'JSON archive: exportArchive() with the cloths read from memory (no store)' }
  } catch (err) {
    return { note: `JSON archive: skipped, server/archive/export.ts did not load (${err instanceof Error ? err.message : String(err)})` }
  }
}

const STEPS = ['notes', 'build', 'markdown', 'html', 'csv', 'docx', 'archive'] as const
type Step = (typeof STEPS)[number]

export async function run(): Promise<BenchSection> {
  const setupStarted = performance.now()
  const big = bigCafe()
  const setupMs = performance.now() - setupStarted
  const { exportArchive, note: archiveNote } = await archiveWriter()
  const docs = new Map<string, Y.Doc>(big.cloths.map((doc, table) => [clothDocumentName(big.cafe.id, table), doc]))
  const summaryDoc = new Y.Doc()
  docs.set(summaryDocumentName(big.cafe.id), summaryDoc)

  const times: Record<Step, number[]> = { notes: [], build: [], markdown: [], html: [], csv: [], docx: [], archive: [] }
  const totals: number[] = []
  const sizes: Partial<Record<Step, number>> = {}
  let proposals = 0
  for (let i = 0; i < RUNS; i++) {
    const step = async <T>(name: Step, work: () => T | Promise<T>): Promise<T> => {
      const started = performance.now()
      const result = await work()
      times[name].push(performance.now() - started)
      return result
    }
    const notes = await step('notes', () => big.cloths.map((doc) => Array.from({ length: ROUNDS }, (_, r): NoteBlock[] => notesBlocks(doc.getXmlFragment(notesField(r + 1))))))
    const summary = await step('build', () => buildSummary({ cafe: big.cafe, notes, harvest: big.harvest, edits: big.edits, generatedAt: Date.UTC(2025, 5, 15, 18, 0) }))
    proposals = summary.proposals.length
    sizes.markdown = Buffer.byteLength(await step('markdown', () => summaryMarkdown(summary)))
    sizes.html = Buffer.byteLength(await step('html', () => summaryHtml(summary)))
    sizes.csv = Buffer.byteLength(await step('csv', () => proposalsCsv(summary)))
    sizes.docx = (await step('docx', () => summaryDocx(summary))).length
    if (exportArchive) {
      const archive = await step('archive', () =>
        exportArchive(
          {
            cafe: async (id) => (id === big.cafe.id ? big.cafe : undefined),
            harvest: async () => big.harvest,
            documents: {
              async read(name, prepare, read) {
                const doc = docs.get(name)
                if (doc) return read(doc)
                const fresh = new Y.Doc()
                prepare(fresh)
                return read(fresh)
              },
            },
            now: () => Date.UTC(2025, 5, 15, 18, 0),
          },
          big.cafe.id,
        ),
      )
      sizes.archive = Buffer.byteLength(archive ?? '')
    }
    totals.push(STEPS.reduce((sum, name) => sum + (times[name][i] ?? 0), 0))
  }

  const rows: BenchSection['rows'] = STEPS.filter((name) => times[name].length > 0).map((name) => ({
    step: name,
    'median ms': fmt(median(times[name])),
    'max ms': fmt(Math.max(...times[name])),
    output: sizes[name] === undefined ? '' : `${fmt(sizes[name]! / 1024)} KiB`,
  }))
  const totalMedian = median(totals)
  const totalMax = Math.max(...totals)
  rows.push({ step: 'total', 'median ms': fmt(totalMedian), 'max ms': fmt(totalMax), output: '' })
  const verdict = totalMax < TARGET_MS ? 'met' : totalMedian < TARGET_MS ? 'met at the median, not at the max' : 'NOT met'
  return {
    title: `Summary and downloads of a ${TABLES}-table café`,
    rows,
    notes: [
      `café: ${TABLES} tables, ${PEOPLE} participants, ${ROUNDS} rounds, ${fmt(big.words / (TABLES * ROUNDS))} words of notes per table and round (${big.words} in all; Georgian, Russian, Ukrainian, English, Azerbaijani, Romanian), ${TABLES * ROUNDS * PROPOSALS_PER_ROUND} proposals, ${big.merges} merges (${NESTED_MERGES} of merges), ${proposals} ranked items, ${big.dots} dots, ${Object.keys(big.edits.translations).length} translations`,
      `target: summary and every download under ${TARGET_MS} ms — ${verdict} (total median ${fmt(totalMedian)} ms, max ${fmt(totalMax)} ms over ${RUNS} runs, the first one cold)`,
      archiveNote,
      `building the synthetic café (not timed above): ${fmt(setupMs)} ms; seed ${SEED}`,
    ],
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { renderSection } = await import('./bench-section.js')
  process.stdout.write(`${renderSection(await run())}\n`)
}
