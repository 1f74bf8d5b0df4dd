/**
 * The table's proposals as the page shows them: what people typed, with the server's record of
 * who proposed each and in which round. Commands write only the proposals themselves; the
 * server adds the provenance from the sender's token.
 */
import type * as Y from 'yjs'
import {
  addProposal,
  editProposal,
  moveProposal,
  proposalIdFrom,
  proposalsOf,
  provenanceOf,
  readProposals,
} from '$shared/cloth/proposals.js'
import { PROVENANCE_FIELD, type Proposal, type ProposalProvenance, type ProposalTextField } from '$shared/cloth/schema.js'

export interface ShownProposal extends Proposal {
  provenance: ProposalProvenance | undefined
}

export class TableProposals {
  list = $state<ShownProposal[]>([])
  private readonly refresh = () => {
    this.list = readProposals(this.doc).map((p) => ({ ...p, provenance: provenanceOf(this.doc, p.id) }))
  }

  constructor(private readonly doc: Y.Doc) {
    proposalsOf(doc).observeDeep(this.refresh)
    // Only read here: the server is the one writer of provenance.
    doc.getMap(PROVENANCE_FIELD).observe(this.refresh)
    this.refresh()
  }

  /** Adds a proposal, written for `writtenFor` (a person id) if given; returns its id. */
  add(fields: Partial<Omit<Proposal, 'id'>>, writtenFor?: string): string {
    // crypto.getRandomValues works on plain http too (crypto.randomUUID needs a secure context).
    const id = proposalIdFrom(crypto.getRandomValues(new Uint8Array(16)))
    addProposal(this.doc, { id, title: '', what: '', who: '', when: '', ...fields }, undefined, writtenFor)
    return id
  }

  /** Changes one field, for `writtenFor` (a person id) if given: the server credits them. */
  edit(id: string, field: ProposalTextField, value: string, writtenFor?: string): void {
    editProposal(this.doc, id, field, value, undefined, writtenFor)
  }

  move(id: string, offset: -1 | 1): void {
    moveProposal(this.doc, id, offset)
  }

  dispose(): void {
    proposalsOf(this.doc).unobserveDeep(this.refresh)
    this.doc.getMap(PROVENANCE_FIELD).unobserve(this.refresh)
  }
}
