import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import {
  addProposal,
  editProposal,
  moveProposal,
  proposalIdFrom,
  proposalsOf,
  provenanceOf,
  readProposals,
} from '../../shared/cloth/proposals.js'
import { PROVENANCE_FIELD, type Proposal } from '../../shared/cloth/schema.js'

const proposal = (id: string, title = `Proposal ${id}`): Proposal => ({ id, title, what: '', who: '', when: '' })
const ids = (doc: Y.Doc) => readProposals(doc).map((p) => p.id)

/** Two laptops at one table, each with its own copy of the cloth. */
function twoLaptops() {
  const a = new Y.Doc()
  const b = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
  }
  return { a, b, sync }
}

describe('proposal ids work on a plain-http venue laptop and never collide', () => {
  it('are url-safe and long enough', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        expect(proposalIdFrom(bytes)).toMatch(/^p-[A-Za-z0-9_-]{22}$/)
      }),
    )
  })

  it('differ whenever the random bytes differ', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (x, y) => {
        expect(proposalIdFrom(x) === proposalIdFrom(y)).toBe(x.every((v, i) => v === y[i]))
      }),
    )
  })

  it('refuse too few random bits', () => {
    expect(() => proposalIdFrom(new Uint8Array(4))).toThrow()
  })
})

describe('a table keeps its proposals in the order it arranged them', () => {
  it('adds, edits and reads what people typed', () => {
    const doc = new Y.Doc()
    addProposal(doc, proposal('p-1', 'A national hotline'))
    expect(editProposal(doc, 'p-1', 'who', 'Resource centres with the ministry')).toBe(true)
    expect(editProposal(doc, 'p-unknown', 'who', 'nobody')).toBe(false)
    expect(readProposals(doc)).toEqual([{ id: 'p-1', title: 'A national hotline', what: '', who: 'Resource centres with the ministry', when: '' }])
  })

  it('moving a proposal works like moving an item in a list', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.constantFrom(-1 as const, 1 as const)), { maxLength: 20 }),
        (count, moves) => {
          const doc = new Y.Doc()
          const model = Array.from({ length: count }, (_, i) => `p-${i}`)
          for (const id of model) addProposal(doc, proposal(id))
          for (const [pick, offset] of moves) {
            const id = model[pick % count]!
            const from = model.indexOf(id)
            const to = from + offset
            const moved = moveProposal(doc, id, offset)
            expect(moved).toBe(to >= 0 && to < count)
            if (moved) [model[from], model[to]] = [model[to]!, model[from]!]
          }
          expect(ids(doc)).toEqual(model)
          // A move keeps what people typed.
          expect(readProposals(doc).map((p) => p.title)).toEqual(model.map((id) => `Proposal ${id}`))
        },
      ),
    )
  })

  it('concurrent moves, adds and edits on two laptops never lose or duplicate a proposal', () => {
    const op = fc.tuple(
      fc.constantFrom('a' as const, 'b' as const),
      fc.oneof(
        fc.record({ kind: fc.constant('move' as const), pick: fc.nat(9), offset: fc.constantFrom(-1 as const, 1 as const) }),
        fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(9), value: fc.string({ maxLength: 5 }) }),
        fc.record({ kind: fc.constant('add' as const) }),
        fc.record({ kind: fc.constant('sync' as const) }),
      ),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const { a, b, sync } = twoLaptops()
        const all = ['p-0', 'p-1', 'p-2']
        for (const id of all) addProposal(a, proposal(id))
        sync()
        for (const [who, o] of ops) {
          const doc = who === 'a' ? a : b
          const visible = ids(doc)
          if (o.kind === 'sync') sync()
          else if (o.kind === 'add') {
            const id = `p-${all.length}`
            all.push(id)
            addProposal(doc, proposal(id))
          } else if (visible.length > 0) {
            const id = visible[o.pick % visible.length]!
            if (o.kind === 'move') moveProposal(doc, id, o.offset)
            else editProposal(doc, id, 'title', o.value)
          }
        }
        sync()
        expect(ids(a)).toEqual(ids(b))
        expect([...ids(a)].sort()).toEqual([...all].sort())
      }),
      { numRuns: 300 },
    )
  })

  it('a second copy left by two simultaneous moves is hidden, and the next move clears it', () => {
    const { a, b, sync } = twoLaptops()
    for (const id of ['p-0', 'p-1', 'p-2']) addProposal(a, proposal(id))
    sync()
    moveProposal(a, 'p-2', -1)
    moveProposal(b, 'p-2', -1)
    sync()
    expect(proposalsOf(a).length).toBe(4)
    expect(ids(a)).toEqual(['p-0', 'p-2', 'p-1'])
    moveProposal(a, 'p-2', -1)
    expect(proposalsOf(a).length).toBe(3)
    expect(ids(a)).toEqual(['p-2', 'p-0', 'p-1'])
  })

  it('reads provenance only when it is well-formed, and never writes it', () => {
    const doc = new Y.Doc()
    addProposal(doc, proposal('p-1'))
    moveProposal(doc, 'p-1', 1)
    editProposal(doc, 'p-1', 'what', 'x')
    expect(doc.share.has(PROVENANCE_FIELD)).toBe(false)
    const server = new Y.Doc()
    const provenance = server.getMap<unknown>(PROVENANCE_FIELD)
    provenance.set('p-1', { table: 0, round: 2, createdBy: 'nino', authors: ['nino', 'olena'], createdAt: 5 })
    provenance.set('p-2', { table: 0, round: 'two', createdBy: 'nino', authors: ['nino'] })
    provenance.set('p-3', 'nonsense')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
    expect(provenanceOf(doc, 'p-1')).toEqual({ table: 0, round: 2, createdBy: 'nino', authors: ['nino', 'olena'], createdAt: 5 })
    expect(provenanceOf(doc, 'p-2')).toBeUndefined()
    expect(provenanceOf(doc, 'p-3')).toBeUndefined()
    expect(provenanceOf(doc, 'p-4')).toBeUndefined()
  })
})
