/**
 * Erasing a person's name from what the café keeps (shared/privacy): the café's state, a
 * table's cloth and the summary document (Yjs), and the harvest. After it, the name is nowhere —
 * not even in the bytes of the encoded document — and everything else is as it was.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { nameMatcher } from '../../shared/privacy/name-match.js'
import { scrubCloth, scrubSummaryDocument } from '../../shared/privacy/scrub-document.js'
import { scrubHarvest } from '../../shared/privacy/scrub-harvest.js'
import { erasePerson, standInName } from '../../shared/privacy/erase-person.js'
import { deepScrub } from '../../shared/privacy/deep-scrub.js'
import { notesField, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import { notesText } from '../../shared/cloth/rich-text.js'
import { readProposals } from '../../shared/cloth/proposals.js'
import { declareSummaryRoots, summaryEdits, translationText } from '../../shared/summary/document.js'
import { fixtureCafe, fixtureHarvest } from './summary-fixture.js'

const GEORGIAN = 'ნინო ბერიძე'
const LATIN = 'Anna Schmidt'
const STAND_IN = standInName(1)
const erasing = (...names: string[]) => nameMatcher(names.map((name) => ({ name, replacement: STAND_IN })))
const bytesOf = (text: string) => Buffer.from(text, 'utf8')
const holds = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(bytesOf(text))

/** A cloth as Tiptap writes it: a heading, a paragraph with the name half in bold, a list; and a proposal. */
function writtenCloth(): Y.Doc {
  const doc = new Y.Doc()
  const notes = doc.getXmlFragment(notesField(1))
  const heading = new Y.XmlElement('heading')
  heading.setAttribute('level', '2')
  heading.insert(0, [new Y.XmlText(`What ${GEORGIAN} said`)])
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  paragraph.insert(0, [text])
  const list = new Y.XmlElement('bulletList')
  const item = new Y.XmlElement('listItem')
  const inItem = new Y.XmlElement('paragraph')
  inItem.insert(0, [new Y.XmlText(`ask ${LATIN.toUpperCase()} about funding; the hotline stays`)])
  item.insert(0, [inItem])
  list.insert(0, [item])
  notes.insert(0, [heading, paragraph, list])
  text.insert(0, 'As Anna ')
  text.insert(8, 'Schmidt', { bold: true })
  text.insert(15, ' put it: keep the office.', { bold: null })
  const proposal = new Y.Map<unknown>()
  proposal.set('id', 'p-1')
  proposal.set('title', `Hotline run by ${GEORGIAN}`)
  proposal.set('what', 'Legal advice after the project')
  proposal.set('who', LATIN)
  proposal.set('when', '2026')
  doc.getArray(PROPOSALS_FIELD).push([proposal])
  doc.getMap(PROVENANCE_FIELD).set('p-1', { table: 0, round: 1, createdBy: 'h0', authors: ['h0'], createdAt: 1 })
  return doc
}

describe('a cloth', () => {
  it('names nobody after scrubbing, in its text and in its encoded bytes, and keeps the rest', () => {
    const doc = writtenCloth()
    expect(holds(Y.encodeStateAsUpdate(doc), GEORGIAN)).toBe(true)
    scrubCloth(doc, erasing(GEORGIAN, LATIN))

    const notes = notesText(doc.getXmlFragment(notesField(1)))
    expect(notes).toBe(`What ${STAND_IN} said\nAs ${STAND_IN} put it: keep the office.\nask ${STAND_IN} about funding; the hotline stays`)
    expect(readProposals(doc)).toEqual([
      { id: 'p-1', title: `Hotline run by ${STAND_IN}`, what: 'Legal advice after the project', who: STAND_IN, when: '2026' },
    ])
    expect(doc.getMap(PROVENANCE_FIELD).get('p-1')).toEqual({ table: 0, round: 1, createdBy: 'h0', authors: ['h0'], createdAt: 1 })

    // Yjs with gc keeps no deleted content: the state names nobody, in any spelling.
    const state = Y.encodeStateAsUpdate(doc)
    for (const piece of [GEORGIAN, 'ნინო', 'ბერიძე', LATIN, 'Schmidt', LATIN.toUpperCase(), 'SCHMIDT']) expect(holds(state, piece)).toBe(false)
    // …and a fresh document loaded from it reads the same.
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, state)
    expect(notesText(reloaded.getXmlFragment(notesField(1)))).toBe(notes)
  })

  it("gives the stand-in the formatting of the name's first letter", () => {
    const doc = writtenCloth()
    const bold = new Y.XmlText()
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [bold])
    doc.getXmlFragment(notesField(2)).insert(0, [paragraph])
    bold.insert(0, 'Thanks to ')
    bold.insert(10, GEORGIAN, { bold: true })
    bold.insert(10 + GEORGIAN.length, '!', { bold: null })
    scrubCloth(doc, erasing(LATIN, GEORGIAN))
    expect(bold.toDelta()).toEqual([{ insert: 'Thanks to ' }, { insert: STAND_IN, attributes: { bold: true } }, { insert: '!' }])
    // "Anna **Schmidt**": the name begins unformatted, so does its stand-in.
    const mixed = (doc.getXmlFragment(notesField(1)).get(1) as Y.XmlElement).get(0) as Y.XmlText
    expect(mixed.toDelta()).toEqual([{ insert: `As ${STAND_IN} put it: keep the office.` }])
  })

  it('whose history (the updates as stored) still holds the name: only a re-encoded state does not', () => {
    const doc = writtenCloth()
    const history = [Y.encodeStateAsUpdate(doc)]
    doc.on('update', (u: Uint8Array) => history.push(u))
    scrubCloth(doc, erasing(GEORGIAN, LATIN))
    // Merging updates (what routine compaction does) keeps deleted text; this is why erasure
    // replaces a document's stored history with a fresh state.
    expect(holds(Y.mergeUpdates(history), GEORGIAN)).toBe(true)
    expect(holds(Y.encodeStateAsUpdate(doc), GEORGIAN)).toBe(false)
  })

  it('without the name is not changed at all', () => {
    const doc = writtenCloth()
    const before = Y.encodeStateVector(doc)
    scrubCloth(doc, erasing('Rashad Aliyev'))
    expect(Y.encodeStateVector(doc)).toEqual(before)
  })
})

describe('the summary document', () => {
  it('names nobody in its title, introduction or translations', () => {
    const doc = new Y.Doc()
    declareSummaryRoots(doc)
    doc.getText('title').insert(0, `With thanks to ${LATIN}`)
    doc.getText('introduction').insert(0, `${GEORGIAN} hosted table 1.`)
    translationText(doc, 'note:0:1').insert(0, `As ${LATIN} put it`)
    scrubSummaryDocument(doc, erasing(GEORGIAN, LATIN))
    expect(summaryEdits(doc)).toEqual({
      title: `With thanks to ${STAND_IN}`,
      introduction: `${STAND_IN} hosted table 1.`,
      translations: { 'note:0:1': `As ${STAND_IN} put it` },
    })
    for (const piece of [GEORGIAN, LATIN]) expect(holds(Y.encodeStateAsUpdate(doc), piece)).toBe(false)
  })
})

describe('the café state', () => {
  it('keeps the erased person only as an id with a stand-in: removed, unseated, nothing personal', () => {
    const cafe = fixtureCafe()
    const result = erasePerson(cafe, 'h0')
    if (!result.ok) throw new Error(result.message)
    const erased = result.value
    expect(erased.version).toBe(cafe.version + 1)
    expect(erased.people.h0).toEqual({ id: 'h0', name: STAND_IN, joinedAt: cafe.people.h0!.joinedAt, removed: true, erased: true })
    expect(erased.seating.h0).toBeUndefined()
    // Where they sat stays: the rotation planner and provenance still add up.
    expect(erased.history).toEqual(cafe.history)
    expect(JSON.stringify(erased)).not.toContain('ნინო')
    expect(JSON.stringify(erased)).not.toContain('Tbilisi resource centre')
    // Nobody else changed.
    for (const id of Object.keys(cafe.people)) if (id !== 'h0') expect(erased.people[id]).toEqual(cafe.people[id])
  })

  it('gives each erased person a stand-in of their own, and refuses to erase twice', () => {
    const first = erasePerson(fixtureCafe(), 'h0')
    if (!first.ok) throw new Error(first.message)
    const second = erasePerson(first.value, 'p4')
    if (!second.ok) throw new Error(second.message)
    expect(second.value.people.p4!.name).toBe(standInName(2))
    expect(erasePerson(second.value, 'h0')).toMatchObject({ ok: false, code: 'unknown_person' })
    expect(erasePerson(second.value, 'nobody')).toMatchObject({ ok: false, code: 'unknown_person' })
  })

  it('holds no erased name anywhere, whoever is erased (property)', () => {
    const cafe = fixtureCafe()
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(cafe.people)), (id) => {
        const result = erasePerson(cafe, id)
        if (!result.ok) throw new Error(result.message)
        const name = cafe.people[id]!.name
        const strings: string[] = []
        deepScrub(result.value, (s) => (strings.push(s), s))
        expect(strings.filter((s) => s === name)).toEqual([])
      }),
    )
  })
})

describe('the harvest', () => {
  it('names nobody after scrubbing; keys, authors and dots are untouched (property over which names)', () => {
    const harvest = fixtureHarvest()
    const texts: string[] = []
    deepScrub(harvest, (s) => (texts.push(s), s))
    // Names planted in what the tables and the facilitator wrote.
    const planted = structuredClone(harvest)
    planted.proposals[0]!.proposal.who = `${GEORGIAN}, ${LATIN}`
    planted.proposals[3]!.proposal.what = `Paid by the municipality, ask ${LATIN.toLowerCase()}`
    planted.merged[0]!.title = `Keep the hotline (${GEORGIAN})`
    fc.assert(
      fc.property(fc.subarray([GEORGIAN, LATIN, 'Rashad Aliyev'], { minLength: 1 }), (names) => {
        const scrubbed = scrubHarvest(planted, erasing(...names).scrub)
        const strings: string[] = []
        deepScrub(scrubbed, (s) => (strings.push(s), s))
        for (const n of names) expect(strings.some((s) => erasing(n).matches(s).length > 0)).toBe(false)
        expect(scrubbed.votes).toEqual(planted.votes)
        expect(scrubbed.proposals.map((p) => [p.key, p.authors])).toEqual(planted.proposals.map((p) => [p.key, p.authors]))
        expect(scrubbed.decisions).toEqual(planted.decisions)
      }),
    )
    // Without the name, the very same state comes back.
    expect(scrubHarvest(harvest, erasing('Nobody Here').scrub)).toBe(harvest)
  })
})
