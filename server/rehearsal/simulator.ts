/**
 * The simulated guests at work. While a rehearsed café's round runs, each table gets a sentence
 * every `everyMs` from one of the guests seated there now (taking turns), and now and then a
 * proposal instead; once voting opens at the harvest, the guests place their dots one by one.
 * Everything goes the way a person's would: text through the document hub as that guest (stored,
 * then relayed; provenance names them), dots as harvest commands from that participant. The
 * facilitator runs the rounds and rotations as on the day; the guests only follow their seats.
 *
 * One timer per rehearsed café, ticking `everyMs / tables` so that tables take turns rather than
 * all writing in the same instant; a tick still working when the next is due lets it pass.
 */
import { createHash, randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import { clothAccess, type ClothAccess } from '../../shared/cafe/cloth-access.js'
import { notesField, PROPOSALS_FIELD } from '../../shared/cloth/schema.js'
import { proposalIdFrom } from '../../shared/cloth/proposals.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import { harvestItems } from '../../shared/harvest/items.js'
import { dotsLeft } from '../../shared/harvest/votes.js'
import type { RehearsalLanguage } from '../../shared/protocol/rehearsal.js'
import type { Cafes } from '../cafes/cafes.js'
import type { Harvests } from '../harvest/harvests.js'
import type { Principal } from '../documents/room.js'
import { REHEARSAL_LINES } from './lines.js'

export interface SimulatorOptions {
  logger: Logger
  cafes: Cafes
  harvests: Harvests
  /** The document hub's socket-less edit (hub.editAs). */
  editAs: (documentName: string, principal: Principal, access: ClothAccess, edit: (doc: Y.Doc) => void) => Promise<void>
}

export interface RehearsalPace {
  everyMs: number
  language: RehearsalLanguage
}

export interface RehearsalSimulator {
  /** Starts (or restarts with a new pace) the guests of a rehearsed café. */
  start(cafeId: string, pace: RehearsalPace): void
  /** Stops them; resolves once the edit or dot in progress has landed. */
  stop(cafeId: string): Promise<void>
  /** Whether the café's guests are at work in this process. */
  running(cafeId: string): boolean
  /** Stops every café's guests (the server is stopping). */
  close(): Promise<void>
}

interface Rehearsing {
  pace: RehearsalPace
  timer: NodeJS.Timeout
  /** The tick in progress, if any. */
  working?: Promise<void>
  /** Next table to write at. */
  cursor: number
  /** Things written per `<round>:<table>`: whose turn it is, and when a proposal is due. */
  written: Map<string, number>
  /** Dots placed per guest in this process, to spread them over the items. */
  dots: Map<string, number>
  /** Next guest to place a dot. */
  voter: number
}

/** Every fourth thing a table writes is a proposal (the second, then every four after). */
const isProposalTurn = (n: number) => n % 4 === 1

export function createRehearsalSimulator(options: SimulatorOptions): RehearsalSimulator {
  const { logger, cafes, harvests, editAs } = options
  const cafesAtWork = new Map<string, Rehearsing>()

  function start(cafeId: string, pace: RehearsalPace): void {
    const previous = cafesAtWork.get(cafeId)
    if (previous) clearInterval(previous.timer)
    const rehearsing: Rehearsing = {
      pace,
      timer: setInterval(() => tick(cafeId, rehearsing), pace.everyMs),
      cursor: 0,
      written: previous?.written ?? new Map(),
      dots: previous?.dots ?? new Map(),
      voter: 0,
    }
    rehearsing.timer.unref()
    cafesAtWork.set(cafeId, rehearsing)
    // The interval above is replaced by a per-table one once the café's size is known.
    void cafes.load(cafeId).then((state) => {
      if (!state || cafesAtWork.get(cafeId) !== rehearsing) return
      clearInterval(rehearsing.timer)
      rehearsing.timer = setInterval(() => tick(cafeId, rehearsing), Math.max(25, Math.floor(pace.everyMs / Math.max(1, state.tables.length))))
      rehearsing.timer.unref()
    })
    logger.info({ cafeId, everyMs: pace.everyMs, language: pace.language }, 'rehearsal guests at work')
  }

  async function stop(cafeId: string): Promise<void> {
    const rehearsing = cafesAtWork.get(cafeId)
    if (!rehearsing) return
    cafesAtWork.delete(cafeId)
    clearInterval(rehearsing.timer)
    await rehearsing.working?.catch(() => undefined)
    logger.info({ cafeId }, 'rehearsal guests stopped')
  }

  function tick(cafeId: string, rehearsing: Rehearsing): void {
    if (rehearsing.working) return
    rehearsing.working = step(cafeId, rehearsing)
      .catch((err: unknown) => logger.warn({ err, cafeId }, 'a rehearsal guest could not act'))
      .finally(() => (rehearsing.working = undefined))
  }

  async function step(cafeId: string, rehearsing: Rehearsing): Promise<void> {
    const state = await cafes.load(cafeId)
    if (!state?.rehearsal || cafesAtWork.get(cafeId) !== rehearsing) {
      // Reset, deleted, or never rehearsed: nothing more to do here.
      if (cafesAtWork.get(cafeId) === rehearsing) void stop(cafeId)
      return
    }
    if (state.phase.kind === 'running') return write(state, rehearsing)
    if (state.phase.kind === 'harvest') return vote(state, rehearsing)
  }

  async function write(state: CafeState, rehearsing: Rehearsing): Promise<void> {
    if (state.phase.kind !== 'running' || state.tables.length === 0) return
    const { round } = state.phase
    const table = rehearsing.cursor++ % state.tables.length
    const guests = guestsAt(state, table)
    if (guests.length === 0) return
    const key = `${round}:${table}`
    const n = rehearsing.written.get(key) ?? 0
    const guest = guests[n % guests.length]!
    const principal: Principal = { role: 'participant', participantId: guest }
    const lines = REHEARSAL_LINES[rehearsing.pace.language]
    const pick = <T>(list: readonly T[]) => list[(table * 5 + round * 3 + n) % list.length]!
    const edit = isProposalTurn(n) ? addProposal(round, pick(lines.proposals)) : addSentence(round, pick(lines.sentences))
    await editAs(clothDocumentName(state.id, table), principal, clothAccess(state, principal, table), edit)
    rehearsing.written.set(key, n + 1)
  }

  async function vote(state: CafeState, rehearsing: Rehearsing): Promise<void> {
    const stored = await harvests.load(state.id)
    if (!stored || stored.state.votes.status !== 'open') return
    const items = harvestItems(stored.state)
    const voters = Object.values(state.people)
      .filter((p) => p.simulated && !p.removed)
      .map((p) => p.id)
    if (items.length === 0 || voters.length === 0) return
    // The next guest who still has a dot places one: one dot per tick, as a room does.
    for (let tried = 0; tried < voters.length; tried++) {
      const voter = voters[rehearsing.voter++ % voters.length]!
      if (dotsLeft(stored.state, voter) <= 0) continue
      const placed = rehearsing.dots.get(voter) ?? 0
      const item = items[(spread(voter) + placed * 7) % items.length]!
      const result = await harvests.execute(state.id, { role: 'participant', participantId: voter }, { type: 'place-dot', itemKey: item.key })
      if (result.ok) rehearsing.dots.set(voter, placed + 1)
      return
    }
  }

  return {
    start,
    stop,
    running: (cafeId) => cafesAtWork.has(cafeId),
    async close() {
      await Promise.all([...cafesAtWork.keys()].map((cafeId) => stop(cafeId)))
    },
  }
}

/** Simulated guests seated at a table now, in a stable order. */
function guestsAt(state: CafeState, table: number): string[] {
  return Object.values(state.people)
    .filter((p) => p.simulated && !p.removed && state.seating[p.id] === table)
    .map((p) => p.id)
    .sort()
}

/** A number of its own for each guest, so that guests do not all put their first dot on one item. */
function spread(personId: string): number {
  return createHash('sha256').update(personId).digest().readUInt16BE(0)
}

/** One paragraph at the end of the round's notes, as the cloth's editor writes it. */
function addSentence(round: number, sentence: string): (doc: Y.Doc) => void {
  return (doc) => {
    doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      doc.getXmlFragment(notesField(round)).push([paragraph])
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      text.insert(0, sentence)
    })
  }
}

/** A proposal at the end of the table's list, with the round its writer is in. */
function addProposal(round: number, proposal: { title: string; what: string; who: string; when: string }): (doc: Y.Doc) => void {
  return (doc) => {
    doc.transact(() => {
      const map = new Y.Map<unknown>()
      doc.getArray<Y.Map<unknown>>(PROPOSALS_FIELD).push([map])
      map.set('id', proposalIdFrom(randomBytes(16)))
      map.set('title', proposal.title)
      map.set('what', proposal.what)
      map.set('who', proposal.who)
      map.set('when', proposal.when)
      map.set('round', round)
    })
  }
}
