/**
 * A café played to the end over the real API and the stock clients, for tests of its results:
 * six people from five countries at two tables (one host), three rounds with rotations, notes in
 * Georgian, Ukrainian and English and a proposal per table and round written by whoever sat
 * there, then the harvest — two tables' proposals merged, voting open, dots placed — and the
 * organiser's title and a translation in the summary document.
 */
import * as Y from 'yjs'
import { createCafe, joinCafe } from './cafe.js'
import { connectCafe, type CafeClient } from './cafe-socket.js'
import { connectYjs } from './yjs-client.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { notesField, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import { SUMMARY_TITLE_FIELD, summaryEdits, translationText } from '../../shared/summary/document.js'
import { noteKey } from '../../shared/summary/summary.js'
import type { CreateCafeBody, CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { HarvestCommand, HarvestView } from '../../shared/protocol/harvest.js'
import { ok } from './wait.js'

export const GEORGIAN_NOTE = 'ცხელი ხაზი ყველაზე მეტად დააკლდებათ ბინათმესაკუთრეებს.'
export const GEORGIAN_PROPOSAL = 'რესურსცენტრმა იურიდიული კონსულტაციები უნდა გააგრძელოს'
export const SUMMARY_TITLE = 'Resource centres after the project: what the café proposes'
export const NOTE_TRANSLATION = 'Homeowners would miss the hotline most.'

/** Notes written at each table in each round; table 0, round 1 is the Georgian one. */
export const noteText = (table: number, round: number): string =>
  table === 0 && round === 1
    ? GEORGIAN_NOTE
    : table === 1 && round === 1
      ? 'Гаряча лінія та юридичні консультації — найважливіше.'
      : `Table ${table + 1}, round ${round}: partnerships with municipalities.`
export const proposalId = (table: number, round: number) => `p-${table}-${round}`
const proposalTitle = (table: number, round: number) =>
  table === 0 && round === 1 ? GEORGIAN_PROPOSAL : table === 1 && round === 1 ? 'Юридичні консультації після проєкту' : `Proposal ${table + 1}.${round}`

export interface HarvestedCafe {
  cafe: CreateCafeResponse
  people: JoinResponse[]
  staff: CafeClient
  /** The merge of table 1's and table 2's first-round proposals. */
  mergeId: string
  /** The facilitator's newest harvest view. */
  harvest(): HarvestView | undefined
  close(): void
}

const people = [
  { name: 'ნინო', country: 'Georgia', organisation: 'Tbilisi resource centre' },
  { name: 'Олена', country: 'Ukraine', organisation: 'MAMA-86-Odessa' },
  { name: 'Giorgi', country: 'Georgia', organisation: 'HOA Vake 12' },
  { name: 'Aysel', country: 'Azerbaijan', organisation: 'Baku housing NGO' },
  { name: 'Ion', country: 'Moldova', organisation: 'Chișinău HOA union' },
  { name: 'Hanna', country: 'Germany', organisation: 'IWO' },
]

async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function harvestedCafe(baseUrl: string, overrides: Partial<CreateCafeBody> = {}): Promise<HarvestedCafe> {
  const cafe = await createCafe(baseUrl, { tables: 2, ask: { country: true, organisation: true }, ...overrides })
  const joined: JoinResponse[] = []
  for (const p of people) joined.push(await joinCafe(baseUrl, cafe.joinCode, p.name, { country: p.country, organisation: p.organisation }))
  const staff = await connectCafe(baseUrl, cafe.cafeId, cafe.facilitatorToken)
  const view = () => staff.harvest()
  const command = (c: Parameters<CafeClient['command']>[0]) => ok(c.type, staff.command(c))
  const harvestCommand = (socket: CafeClient['socket'], c: HarvestCommand) =>
    ok(c.type, socket.timeout(10_000).emitWithAck('harvest:command', c))

  await command({ type: 'make-host', personId: joined[0]!.participantId, table: joined[0]!.table })
  await command({ type: 'start' })
  for (let round = 1; round <= 3; round++) {
    await until(() => {
      const phase = staff.state()?.phase
      return phase?.kind === 'running' && phase.round === round
    }, `round ${round}`)
    const seating = staff.state()!.seating
    for (let table = 0; table < 2; table++) {
      const writer = joined.find((p) => seating[p.participantId] === table)!
      const cloth = connectYjs(baseUrl, clothDocumentName(cafe.cafeId, table), writer.token)
      await cloth.synced
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(noteText(table, round))])
      cloth.doc.getXmlFragment(notesField(round)).push([paragraph])
      const proposal = new Y.Map<string | number>()
      for (const [k, v] of Object.entries({ id: proposalId(table, round), title: proposalTitle(table, round), what: '', who: '', when: '', round })) proposal.set(k, v)
      cloth.doc.getArray(PROPOSALS_FIELD).push([proposal])
      // The server's provenance coming back means it has stored and applied what came before it.
      await until(() => cloth.doc.getMap(PROVENANCE_FIELD).has(proposalId(table, round)), `provenance at table ${table + 1}`)
      cloth.destroy()
    }
    await command({ type: 'end-round' })
    if (round < 3) {
      await command({ type: 'plan-rotation', seed: round })
      await command({ type: 'apply-rotation' })
    }
  }
  await command({ type: 'open-harvest' })
  await until(() => view()?.items.length === 6, 'the harvest to begin')
  await harvestCommand(staff.socket, { type: 'merge', keys: [`0:${proposalId(0, 1)}`, `1:${proposalId(1, 1)}`] })
  await until(() => view()?.items.length === 5, 'the merge')
  const mergeId = view()!.items.find((i) => i.kind === 'merged')!.key
  await harvestCommand(staff.socket, { type: 'open-voting', dotsPerVoter: 3 })
  const voters = await Promise.all(joined.slice(0, 3).map((p) => connectCafe(baseUrl, cafe.cafeId, p.token)))
  for (const [i, voter] of voters.entries()) {
    await harvestCommand(voter.socket, { type: 'place-dot', itemKey: mergeId })
    if (i === 2) await harvestCommand(voter.socket, { type: 'place-dot', itemKey: `0:${proposalId(0, 2)}` })
    voter.close()
  }
  await until(() => view()?.ranking.find((r) => r.key === mergeId)?.dots === 3, 'the dots')

  const summary = connectYjs(baseUrl, summaryDocumentName(cafe.cafeId), cafe.organiserToken, SUMMARY_TITLE_FIELD)
  await summary.synced
  summary.text.insert(0, SUMMARY_TITLE)
  translationText(summary.doc, noteKey(0, 1)).insert(0, NOTE_TRANSLATION)
  // A second client seeing both edits means the server has stored them.
  const check = connectYjs(baseUrl, summaryDocumentName(cafe.cafeId), cafe.facilitatorToken, SUMMARY_TITLE_FIELD)
  await check.synced
  await until(() => {
    const edits = summaryEdits(check.doc)
    return edits.title === SUMMARY_TITLE && edits.translations[noteKey(0, 1)] === NOTE_TRANSLATION
  }, 'the summary edits')
  summary.destroy()
  check.destroy()

  return { cafe, people: joined, staff, mergeId, harvest: view, close: () => staff.close() }
}
