import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countWords, summariseCloth } from '../../server/cloths/cloth-summary.js'
import { addProposal, moveProposal } from '../../shared/cloth/proposals.js'
import { notesField, PROVENANCE_FIELD, type ProposalProvenance } from '../../shared/cloth/schema.js'

/** A paragraph as y-prosemirror writes it: an element holding one text with formatting runs. */
function paragraph(...runs: Array<[string, Record<string, unknown>?]>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  element.insert(0, [text])
  let at = 0
  for (const [run, format] of runs) {
    text.insert(at, run, format ?? {})
    at += run.length
  }
  return element
}

function list(...items: Y.XmlElement[]): Y.XmlElement {
  const element = new Y.XmlElement('bulletList')
  element.insert(
    0,
    items.map((content) => {
      const item = new Y.XmlElement('listItem')
      item.insert(0, [content])
      return item
    }),
  )
  return element
}

/** What the server holds: the same document rebuilt from its updates, with generic roots. */
function asServerSees(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  copy.getArray('proposals')
  copy.getMap(PROVENANCE_FIELD)
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

const proposal = (id: string, title: string) => ({ id, title, what: '', who: '', when: '' })

describe('the board counts the words a table wrote', () => {
  it.each([
    ['', 0],
    ['   ', 0],
    ['Hotline', 1],
    ['Calls doubled in Gori, Kutaisi and Telavi.', 7],
    ['well-known homeowners’ association', 3],
    ['2019 – 2024: 11 centres', 4],
    ['რესურსცენტრი ეხმარება ამხანაგობებს', 3],
    ['Ресурсный центр помогает', 3],
  ])('%j has %i words', (text, words) => {
    expect(countWords(text)).toBe(words)
  })

  it('adds up every round, keeps paragraphs and list items apart, and ignores formatting runs', () => {
    const doc = new Y.Doc()
    doc.getXmlFragment(notesField(1)).insert(0, [paragraph(['Calls ']), paragraph(['dou', { bold: true }], ['bled', {}], [' in Gori'])])
    doc.getXmlFragment(notesField(2)).insert(0, [list(paragraph(['Train chairs']), paragraph(['in Kutaisi']))])
    expect(summariseCloth(asServerSees(doc), 0).words).toBe(8)
  })

  it('does not count what was deleted', () => {
    const doc = new Y.Doc()
    const p = paragraph(['one two three'])
    doc.getXmlFragment(notesField(1)).insert(0, [p])
    ;(p.get(0) as Y.XmlText).delete(0, 4)
    expect(summariseCloth(asServerSees(doc), 0).words).toBe(2)
  })

  it('ignores roots that are not notes (an old plain text, the proposals)', () => {
    const doc = new Y.Doc()
    doc.getText('notes').insert(0, 'these four words here')
    addProposal(doc, proposal('p-1', 'A title of five words'))
    expect(summariseCloth(asServerSees(doc), 0).words).toBe(0)
  })
})

describe("the board shows each table's proposals and its newest one", () => {
  it('has none on an empty cloth', () => {
    expect(summariseCloth(new Y.Doc(), 3)).toEqual({ table: 3, words: 0, proposals: 0, newestProposal: '', proposalTitles: [] })
  })

  it('names the last one in the list when the server has not recorded any yet', () => {
    const doc = new Y.Doc()
    addProposal(doc, proposal('p-1', 'Paid consultations'))
    addProposal(doc, proposal('p-2', 'Hotline funded by the municipality'))
    const summary = summariseCloth(asServerSees(doc), 0)
    expect(summary).toMatchObject({ proposals: 2, newestProposal: 'Hotline funded by the municipality' })
    expect(summary.proposalTitles).toEqual(['Paid consultations', 'Hotline funded by the municipality'])
  })

  it('names the one the server saw created last, wherever the table moved it', () => {
    const doc = new Y.Doc()
    addProposal(doc, proposal('p-1', 'Paid consultations'))
    addProposal(doc, proposal('p-2', 'Energy audits'))
    const provenance = doc.getMap<ProposalProvenance>(PROVENANCE_FIELD)
    provenance.set('p-1', { table: 0, round: 1, createdBy: 'a', authors: ['a'], createdAt: 1000 })
    provenance.set('p-2', { table: 0, round: 1, createdBy: 'b', authors: ['b'], createdAt: 2000 })
    moveProposal(doc, 'p-2', -1)
    const summary = summariseCloth(asServerSees(doc), 0)
    expect(summary.proposalTitles).toEqual(['Energy audits', 'Paid consultations'])
    expect(summary.newestProposal).toBe('Energy audits')
  })

  it('cuts a title pasted as a whole paragraph', () => {
    const doc = new Y.Doc()
    addProposal(doc, proposal('p-1', 'x'.repeat(1500)))
    expect(summariseCloth(asServerSees(doc), 0).newestProposal).toHaveLength(200)
  })
})
