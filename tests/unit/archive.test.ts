import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { ARCHIVE_FORMAT, CafeArchive, MAX_DOCUMENT_BYTES } from '../../shared/archive/archive.js'
import { archiveProblems } from '../../shared/archive/references.js'
import { canonicalState, decodeState, toBase64 } from '../../server/archive/yjs-state.js'
import { sortedKeys } from '../../server/archive/export.js'
import { attachment } from '../../server/http/summary-routes.js'
import { summaryEdits, translationText, SUMMARY_TRANSLATIONS_FIELD } from '../../shared/summary/document.js'

const empty = toBase64(Y.encodeStateAsUpdate(new Y.Doc()))

/** A small café's archive that fits together: 2 tables, 3 people, 2 rounds played, a merge and dots. */
function archive(): CafeArchive {
  const source = (table: number, id: string) => ({
    key: `${table}:${id}`,
    table,
    round: 1,
    authors: ['ana'],
    proposal: { id, title: `Proposal ${id}`, what: '', who: '', when: '' },
  })
  return {
    format: ARCHIVE_FORMAT,
    version: 1,
    exportedAt: 1_750_000_000_000,
    cafe: {
      id: 'cafe-0001-abcd',
      joinCode: 'ACDEFG',
      createdAt: 1_749_990_000_000,
      settings: { topic: 'Resource centres', questions: ['One?', 'Two?'], roundMinutes: 20, ask: { country: true, organisation: false, language: false } },
      tables: [{ name: 'Tbilisi' }, { name: '' }],
      people: {
        ana: { id: 'ana', name: 'ანა', country: 'Georgia', hostOf: 0, joinedAt: 1 },
        boris: { id: 'boris', name: 'Борис', joinedAt: 2 },
        ion: { id: 'ion', name: 'Ion', removed: true, joinedAt: 3 },
      },
      seating: { ana: 0, boris: 0 },
      history: [{ ana: 0, boris: 1 }, { ana: 0, boris: 0 }],
      sittings: { ana: [0], boris: [1, 0], ion: [1] },
      phase: { kind: 'harvest' },
      version: 14,
    },
    cloths: [0, 1].map((table) => ({ table, state: empty, notes: [], proposals: [] })),
    harvest: {
      proposals: [source(0, 'a'), source(1, 'b'), source(1, 'c')],
      merged: [{ id: 'm-1', title: 'A and B', what: '', parts: [{ kind: 'proposal', key: '0:a' }, { kind: 'proposal', key: '1:b' }] }],
      decisions: [],
      votes: { status: 'open', dotsPerVoter: 3, voters: ['ana', 'boris'], dots: [{ voter: 'ana', placedOn: 'm-1' }, { voter: 'boris', placedOn: '1:b' }] },
    },
    summary: { state: empty, edits: { translations: {} } },
  }
}

describe('an archive that fits together', () => {
  it('parses and has no problems', () => {
    const parsed = CafeArchive.safeParse(archive())
    expect(parsed.success).toBe(true)
    expect(archiveProblems(parsed.data!)).toEqual([])
  })
})

describe("what zod cannot see: each broken reference is named by its path", () => {
  const cases: [string, (a: CafeArchive) => void, string][] = [
    ['a seat at a table the café does not have', (a) => (a.cafe.seating.ana = 2), 'cafe.seating.ana'],
    ['a seat for somebody who is not in the café', (a) => (a.cafe.seating.zaza = 1), 'cafe.seating.zaza'],
    ['a round of the history at a missing table', (a) => (a.cafe.history[1]!.boris = 5), 'cafe.history.1.boris'],
    ['more rounds of history than questions', (a) => a.cafe.history.push({}), 'cafe.history'],
    ['a sitting at a missing table', (a) => a.cafe.sittings.boris!.push(9), 'cafe.sittings.boris.2'],
    ['a host of a missing table', (a) => (a.cafe.people.ana!.hostOf = 4), 'cafe.people.ana.hostOf'],
    ['a person filed under another id', (a) => (a.cafe.people.ana!.id = 'anna'), 'cafe.people.ana.id'],
    ['a running round beyond the questions', (a) => (a.cafe.phase = { kind: 'running', round: 3, endsAt: 5 }), 'cafe.phase.round'],
    ['a rotation plan to a missing table', (a) => (a.cafe.phase = { kind: 'rotating', round: 1, plan: { ana: 7 } }), 'cafe.phase.plan.ana'],
    ['one cloth too few', (a) => a.cloths.pop(), 'cloths'],
    ['cloths out of order', (a) => (a.cloths[1]!.table = 0), 'cloths.1.table'],
    ['a harvest proposal from a missing table', (a) => (a.harvest!.proposals[2] = { ...a.harvest!.proposals[2]!, table: 3, key: '3:c' }), 'harvest.proposals.2.table'],
    ['a proposal key that does not match its table and id', (a) => (a.harvest!.proposals[2]!.key = '0:c'), 'harvest.proposals.2.key'],
    ['the same proposal twice', (a) => a.harvest!.proposals.push(a.harvest!.proposals[0]!), 'harvest.proposals.3.key'],
    ['a merge of a proposal the harvest does not have', (a) => (a.harvest!.merged[0]!.parts[1] = { kind: 'proposal', key: '1:zz' }), 'harvest.merged.0.parts.1.key'],
    [
      'one proposal in two merges',
      (a) => a.harvest!.merged.push({ id: 'm-2', title: 'again', what: '', parts: [{ kind: 'proposal', key: '0:a' }, { kind: 'proposal', key: '1:c' }] }),
      'harvest.merged.1.parts.0.key',
    ],
    ['a dot on an item that does not exist', (a) => (a.harvest!.votes.dots[1]!.placedOn = 'm-gone'), 'harvest.votes.dots.1.placedOn'],
    ['a dot by somebody who is not in the café', (a) => (a.harvest!.votes.dots[0]!.voter = 'zaza'), 'harvest.votes.dots.0.voter'],
    ['a voter who is not in the café', (a) => a.harvest!.votes.voters.push('zaza'), 'harvest.votes.voters.2'],
  ]
  it.each(cases)('%s', (_, edit, path) => {
    const a = archive()
    edit(a)
    const parsed = CafeArchive.safeParse(a)
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    expect(archiveProblems(parsed.data!).map((p) => p.path)).toContain(path)
  })

  it('a dot on a proposal inside a merge still counts: it is not a problem', () => {
    const a = archive()
    a.harvest!.votes.dots.push({ voter: 'ana', placedOn: '0:a' })
    expect(archiveProblems(a)).toEqual([])
  })
})

describe('the archive schema is strict', () => {
  const cases: [string, (a: Record<string, any>) => void, string][] = [
    ['a field the format does not have', (a) => (a.cafe.tokens = []), 'cafe'],
    ['a Yjs state that is not base64', (a) => (a.cloths[0].state = 'ab!d'), 'cloths.0.state'],
    ['a base64 state of the wrong length', (a) => (a.cloths[0].state = 'abcde'), 'cloths.0.state'],
    ['a table index that is not a whole number', (a) => (a.cafe.seating.ana = 0.5), 'cafe.seating.ana'],
    ['too many tables', (a) => (a.cafe.tables = Array.from({ length: 201 }, () => ({ name: '' }))), 'cafe.tables'],
    ['a person id with a slash', (a) => (a.cafe.people['a/b'] = { id: 'a/b', name: 'x', joinedAt: 1 }), 'cafe.people.a/b'],
    ['an unknown phase', (a) => (a.cafe.phase = { kind: 'dancing' }), 'cafe.phase.kind'],
    ['a merge of one item', (a) => (a.harvest.merged[0].parts = [{ kind: 'proposal', key: '0:a' }]), 'harvest.merged.0.parts'],
  ]
  it.each(cases)('%s', (_, edit, path) => {
    const a = archive() as unknown as Record<string, any>
    edit(a)
    const parsed = CafeArchive.safeParse(a)
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain(path)
  })
})

describe('Yjs states in an archive', () => {
  /** A random edit history on a cloth-like document, from three laptops that sync now and then. */
  const history = fc.array(fc.tuple(fc.nat(2), fc.nat(6), fc.nat(1000), fc.string({ maxLength: 6 })), { maxLength: 120 })
  function play(steps: [number, number, number, string][]): Y.Doc {
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
    for (const [who, op, at, text] of steps) {
      const doc = docs[who]!
      const notes = doc.getText('notes')
      const list = doc.getArray<Y.Map<string>>('proposals')
      if (op === 0) notes.insert(at % (notes.length + 1), text || 'ა', at % 3 === 0 ? { bold: true } : undefined)
      else if (op === 1 && notes.length > 0) notes.delete(at % notes.length, Math.min(notes.length - (at % notes.length), 1 + (at % 4)))
      else if (op === 2) list.push([new Y.Map([['id', `p${at}`], ['title', text]])])
      else if (op === 3 && list.length > 0) list.get(at % list.length).set('title', text)
      else if (op === 4 && list.length > 0) list.delete(at % list.length, 1)
      else if (op === 5 && notes.length > 1) notes.format(0, at % notes.length, { italic: at % 2 === 0 ? true : null })
      else Y.applyUpdate(docs[at % 3]!, Y.encodeStateAsUpdate(doc))
    }
    for (const a of docs) for (const b of docs) Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    return docs[0]!
  }

  it('are encoded the same way however the document got there, and encoding again changes nothing', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const live = play(steps)
        const once = canonicalState(live)
        const reloaded = new Y.Doc()
        Y.applyUpdate(reloaded, once)
        expect(Buffer.from(canonicalState(reloaded)).equals(Buffer.from(once))).toBe(true)
        expect(reloaded.getText('notes').toString()).toBe(live.getText('notes').toString())
      }),
      { numRuns: 200 },
    )
  })

  it('decode only when they are a Yjs update within the size limit', () => {
    const doc = new Y.Doc()
    doc.getText('title').insert(0, 'ცხელი ხაზი')
    const state = toBase64(Y.encodeStateAsUpdate(doc))
    expect(decodeState(state, MAX_DOCUMENT_BYTES)).toMatchObject({ ok: true, empty: false })
    expect(decodeState(empty, MAX_DOCUMENT_BYTES)).toMatchObject({ ok: true, empty: true })
    expect(decodeState(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).toString('base64'), MAX_DOCUMENT_BYTES)).toMatchObject({ ok: false })
    expect(decodeState(Buffer.from([0x05, 0x01, 0x02]).toString('base64'), MAX_DOCUMENT_BYTES)).toMatchObject({ ok: false })
    expect(decodeState(state, 4)).toMatchObject({ ok: false, message: 'larger than 4 bytes' })
  })
})

describe('the export is deterministic', () => {
  it('sorts every object key, keeps array order, and drops undefined', () => {
    const a = { b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } }
    expect(JSON.stringify(sortedKeys(a))).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}')
    const shuffled = { a: { d: [{ y: 2, z: 1 }] }, b: 1 }
    expect(JSON.stringify(sortedKeys(shuffled))).toBe(JSON.stringify(sortedKeys(a)))
  })
})

describe('the summary document as the summary reads it', () => {
  it('leaves out a blank title and blank translations, and ignores entries of another type', () => {
    const doc = new Y.Doc()
    doc.getText('title').insert(0, '   ')
    doc.getText('introduction').insert(0, 'Tbilisi, day two.')
    translationText(doc, 'note:1:1').insert(0, 'The hotline.')
    translationText(doc, 'note:0:1').insert(0, ' ')
    doc.getMap(SUMMARY_TRANSLATIONS_FIELD).set('note:0:2', 'a plain string, not a Y.Text')
    expect(summaryEdits(doc)).toEqual({ introduction: 'Tbilisi, day two.', translations: { 'note:1:1': 'The hotline.' } })
  })
  it('gives the same Y.Text for the same key', () => {
    const doc = new Y.Doc()
    expect(translationText(doc, 'item:m-1:title')).toBe(translationText(doc, 'item:m-1:title'))
  })
})

describe('download names', () => {
  it.each([
    ['Sustainable functioning of resource centres', 'Sustainable-functioning-of-resource-centres', 'Sustainable-functioning-of-resource-centres'],
    ['Centres de ressources: après 2026?', 'Centres-de-ressources-apres-2026', 'Centres-de-ressources-apr%C3%A8s-2026'],
    ['რესურსცენტრების მომავალი', 'cafe', '%E1%83%A0%E1%83%94%E1%83%A1%E1%83%A3%E1%83%A0%E1%83%A1%E1%83%AA%E1%83%94%E1%83%9C%E1%83%A2%E1%83%A0%E1%83%94%E1%83%91%E1%83%98%E1%83%A1-%E1%83%9B%E1%83%9D%E1%83%9B%E1%83%90%E1%83%95%E1%83%90%E1%83%9A%E1%83%98'],
    ['"; filename=evil.exe', 'filename-evil-exe', 'filename-evil-exe'],
    ['***', 'cafe', 'cafe'],
  ])('%s', (topic, ascii, utf8) => {
    expect(attachment(topic, '2025-06-15', 'summary', 'md')).toBe(
      `attachment; filename="${ascii}-2025-06-15-summary.md"; filename*=UTF-8''${utf8}-2025-06-15-summary.md`,
    )
  })
})
