/**
 * A café whose every typed field holds a script payload, built over the real API and the stock
 * clients, for the tests that prove nothing anyone types is ever run as HTML (tests/e2e/xss.test.ts,
 * tests/integration/xss-exports.test.ts): the topic, questions and table names; people's names,
 * countries and organisations; a registration list; a template; a broadcast; each round's notes
 * (with links to `javascript:`); proposals (some shaped like spreadsheet formulas); the merged
 * proposal's title; the summary's title, introduction and a translation.
 *
 * `lobbyToRound()` leaves it in round 1 with notes and proposals written and a broadcast up;
 * `roundToHarvest()` plays round 2, opens the harvest, merges, edits the merge, opens voting and
 * fills in the summary document.
 */
import * as Y from 'yjs'
import { createCafe, joinCafe } from './cafe.js'
import { connectCafe, type CafeClient } from './cafe-socket.js'
import { connectYjs } from './yjs-client.js'
import { ok, until } from './wait.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import { notesField, PROPOSALS_FIELD, PROVENANCE_FIELD } from '../../shared/cloth/schema.js'
import { SUMMARY_INTRODUCTION_FIELD, SUMMARY_TITLE_FIELD, summaryEdits, translationText } from '../../shared/summary/document.js'
import { noteKey } from '../../shared/summary/summary.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { HarvestCommand } from '../../shared/protocol/harvest.js'

/** What would run if it were ever put into a page as HTML (or evaluated by a template engine). */
export const PAYLOAD = {
  script: '<script>window.__xss=1</script>',
  img: '<img src=x onerror="window.__xss=1">',
  svg: '"><svg onload=window.__xss=1>',
  js: 'javascript:window.__xss=1',
  template: "{{constructor.constructor('window.__xss=1')()}}",
} as const

/** Every typed field, by where it was typed; each starts with a word to find it by. */
export const TYPED = {
  topic: `Resource centres ${PAYLOAD.script} ${PAYLOAD.svg}`,
  questions: [`Why ${PAYLOAD.img}?`, `What next ${PAYLOAD.template}`],
  tableNames: [`Window ${PAYLOAD.script}`, `Door ${PAYLOAD.img}`],
  people: [
    { name: `Nino ${PAYLOAD.script}`, country: `Georgia ${PAYLOAD.img}`, organisation: `HOA ${PAYLOAD.svg} ${PAYLOAD.template}` },
    { name: `Olena ${PAYLOAD.img}`, country: `Ukraine ${PAYLOAD.svg}`, organisation: `MAMA-86 ${PAYLOAD.script}` },
    { name: `Giorgi ${PAYLOAD.svg}`, country: `Moldova ${PAYLOAD.template}`, organisation: `Vake ${PAYLOAD.img}` },
    { name: `Ion ${PAYLOAD.template}`, country: 'Azerbaijan', organisation: PAYLOAD.js },
  ],
  /** Registration-list names nobody claims: the join screen's name picker shows them. */
  registered: [`Aysel ${PAYLOAD.script}`, `Hanna ${PAYLOAD.img}`, `=HYPERLINK("http://evil.test","Hanna")`],
  template: `Template ${PAYLOAD.img}`,
  broadcast: `Break ${PAYLOAD.script} ${PAYLOAD.img}`,
  /** A note's text at a table in a round; its link points to `javascript:`. */
  note: (table: number, round: number) => `Note ${table + 1}.${round} ${PAYLOAD.script} ${PAYLOAD.img} ${PAYLOAD.template}`,
  linkText: 'Open the plan',
  proposal: (table: number, round: number) => ({
    id: `p-${table}-${round}`,
    title: table === 0 ? `Plan ${table + 1}.${round} ${PAYLOAD.svg}` : `=HYPERLINK("http://evil.test","Plan ${table + 1}.${round}")`,
    what: table === 0 ? `What ${PAYLOAD.script}` : `+cmd|' /C calc'!A0 ${PAYLOAD.img}`,
    who: table === 0 ? `Who ${PAYLOAD.template}` : `-2+3 ${PAYLOAD.svg}`,
    when: table === 0 ? `When ${PAYLOAD.img}` : `@SUM(1+1) ${PAYLOAD.script}`,
  }),
  mergedTitle: `Merged ${PAYLOAD.img} ${PAYLOAD.script}`,
  summaryTitle: `Summary ${PAYLOAD.script} ${PAYLOAD.svg}`,
  introduction: `Introduction ${PAYLOAD.img} ${PAYLOAD.template}`,
  translation: `Translation ${PAYLOAD.svg} ${PAYLOAD.script}`,
}

export interface XssCafe {
  cafe: CreateCafeResponse
  people: JoinResponse[]
  staff: CafeClient
  templateId: string
  /** Set by roundToHarvest: the merge of both tables' round-1 proposals. */
  mergeId?: string
  roundToHarvest(): Promise<void>
  close(): void
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' })

async function post(url: string, token: string, body: unknown): Promise<Response> {
  const res = await fetch(url, { method: 'POST', headers: bearer(token), body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`)
  return res
}

/** Writes a paragraph of payloads and a link to `javascript:`, and a proposal, as whoever sits at the table. */
async function writeAtTable(baseUrl: string, cafeId: string, table: number, round: number, token: string): Promise<void> {
  const cloth = connectYjs(baseUrl, clothDocumentName(cafeId, table), token)
  await cloth.synced
  cloth.doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    cloth.doc.getXmlFragment(notesField(round)).push([paragraph])
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    text.insert(0, `${TYPED.note(table, round)} `)
    text.insert(text.length, TYPED.linkText, { link: { href: PAYLOAD.js, target: '_blank', rel: 'noopener', class: null } })
    text.insert(text.length, ' and ')
    text.insert(text.length, 'another', { link: { href: ` ${PAYLOAD.svg}`, target: null, rel: null, class: null } })
    const proposal = new Y.Map<string | number>()
    for (const [k, v] of Object.entries({ ...TYPED.proposal(table, round), round })) proposal.set(k, v)
    cloth.doc.getArray(PROPOSALS_FIELD).push([proposal])
  })
  // The server's provenance coming back means it has stored and applied the update.
  await until(() => cloth.doc.getMap(PROVENANCE_FIELD).has(TYPED.proposal(table, round).id))
  cloth.destroy()
}

export async function xssCafe(baseUrl: string): Promise<XssCafe> {
  const cafe = await createCafe(baseUrl, {
    topic: TYPED.topic,
    questions: TYPED.questions,
    tables: 2,
    tableNames: TYPED.tableNames,
    ask: { country: true, organisation: true },
  })
  const csv = `name\n${TYPED.registered.map((n) => `"${n.replace(/"/g, '""')}"`).join('\n')}\n`
  const imported = await fetch(`${baseUrl}/api/cafes/${cafe.cafeId}/registrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cafe.facilitatorToken}`, 'content-type': 'text/csv' },
    body: csv,
  })
  if (imported.status !== 201) throw new Error(`importing the registrations: ${imported.status} ${await imported.text()}`)
  const template = (await (await post(`${baseUrl}/api/cafes/${cafe.cafeId}/template`, cafe.facilitatorToken, { name: TYPED.template })).json()) as { id: string }
  const people: JoinResponse[] = []
  for (const p of TYPED.people) people.push(await joinCafe(baseUrl, cafe.joinCode, p.name, { country: p.country, organisation: p.organisation }))
  const staff = await connectCafe(baseUrl, cafe.cafeId, cafe.facilitatorToken)
  const command = (c: Parameters<CafeClient['command']>[0]) => ok(c.type, staff.command(c))
  const harvestCommand = (socket: CafeClient['socket'], c: HarvestCommand) => ok(c.type, socket.timeout(10_000).emitWithAck('harvest:command', c))

  await command({ type: 'make-host', personId: people[0]!.participantId, table: people[0]!.table })
  await command({ type: 'start' })
  await until(() => staff.state()?.phase.kind === 'running')
  await ok('broadcast', staff.socket.timeout(10_000).emitWithAck('cafe:broadcast', { text: TYPED.broadcast }))

  const writeRound = async (round: number) => {
    const seating = staff.state()!.seating
    for (let table = 0; table < 2; table++) {
      const writer = people.find((p) => seating[p.participantId] === table)!
      await writeAtTable(baseUrl, cafe.cafeId, table, round, writer.token)
    }
  }
  await writeRound(1)

  const handle: XssCafe = {
    cafe,
    people,
    staff,
    templateId: template.id,
    async roundToHarvest() {
      await command({ type: 'end-round' })
      await command({ type: 'plan-rotation', seed: 1 })
      await command({ type: 'apply-rotation' })
      await until(() => {
        const phase = staff.state()?.phase
        return phase?.kind === 'running' && phase.round === 2
      })
      await writeRound(2)
      await command({ type: 'end-round' })
      await command({ type: 'open-harvest' })
      await until(() => staff.harvest()?.items.length === 4)
      await harvestCommand(staff.socket, { type: 'merge', keys: ['0:p-0-1', '1:p-1-1'] })
      await until(() => staff.harvest()?.items.some((i) => i.kind === 'merged') === true)
      const mergeId = staff.harvest()!.items.find((i) => i.kind === 'merged')!.key
      handle.mergeId = mergeId
      await harvestCommand(staff.socket, { type: 'edit', mergeId, title: TYPED.mergedTitle, what: `Merged what ${PAYLOAD.svg}` })
      await harvestCommand(staff.socket, { type: 'open-voting', dotsPerVoter: 2 })
      const voter = await connectCafe(baseUrl, cafe.cafeId, people[1]!.token)
      await harvestCommand(voter.socket, { type: 'place-dot', itemKey: mergeId })
      voter.close()

      const summary = connectYjs(baseUrl, summaryDocumentName(cafe.cafeId), cafe.organiserToken, SUMMARY_TITLE_FIELD)
      await summary.synced
      summary.doc.transact(() => {
        summary.text.insert(0, TYPED.summaryTitle)
        summary.doc.getText(SUMMARY_INTRODUCTION_FIELD).insert(0, TYPED.introduction)
        translationText(summary.doc, noteKey(0, 1)).insert(0, TYPED.translation)
      })
      // A second client seeing the edits means the server has stored them.
      const check = connectYjs(baseUrl, summaryDocumentName(cafe.cafeId), cafe.facilitatorToken, SUMMARY_TITLE_FIELD)
      await check.synced
      await until(() => summaryEdits(check.doc).translations[noteKey(0, 1)] === TYPED.translation && summaryEdits(check.doc).introduction === TYPED.introduction)
      summary.destroy()
      check.destroy()
    },
    close: () => staff.close(),
  }
  return handle
}
