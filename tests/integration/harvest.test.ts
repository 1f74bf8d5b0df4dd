import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { io, type Socket } from 'socket.io-client'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import { PROPOSALS_FIELD, PROVENANCE_FIELD, type ProposalProvenance } from '../../shared/cloth/schema.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.js'
import type { HarvestCommand, HarvestView } from '../../shared/protocol/harvest.js'

type Reply = { ok: true; value: { version: number } } | { ok: false; code: string; message: string }

interface HarvestClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>
  /** The newest harvest view this connection received. */
  view(): HarvestView | undefined
  send(command: HarvestCommand): Promise<Reply>
  close(): void
}

async function connectHarvest(baseUrl: string, cafeId: string, token: string): Promise<HarvestClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    auth: { token, cafeId },
    transports: ['websocket'],
    reconnection: false,
  })
  let view: HarvestView | undefined
  socket.on('harvest:state', (v) => {
    if (!view || v.version >= view.version) view = v
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  return {
    socket,
    view: () => view,
    send: (command) => socket.timeout(10_000).emitWithAck('harvest:command', command),
    close: () => socket.disconnect(),
  }
}

function addProposal(client: YjsClient, id: string, title: string, what = '') {
  const map = new Y.Map<string | number>()
  map.set('id', id)
  map.set('title', title)
  map.set('what', what)
  client.doc.getArray<Y.Map<string | number>>(PROPOSALS_FIELD).push([map])
}
const provenanceOf = (client: YjsClient, id: string) => client.doc.getMap<ProposalProvenance>(PROVENANCE_FIELD).get(id)

/** Waits until `check` holds (expect.poll works only inside a test, not in hooks). */
async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

let server: RunningServer
let cafe: CreateCafeResponse
let people: JoinResponse[]
let staff: CafeClient
let facilitator: HarvestClient
let voters: HarvestClient[]
/** Harvest keys: `${table}:${proposalId}`; `hotline` is the merge made from the two hotlines. */
const keys = { hotlineA: '0:p-hotline', trainingA: '0:p-training', hotlineB: '1:p-hotline2', cofundB: '1:p-cofund', hotline: '' }

const item = (key: string) => facilitator.view()?.items.find((i) => i.key === key)
const dotsOn = (key: string) => facilitator.view()?.ranking.find((r) => r.key === key)?.dots
const version = () => facilitator.view()!.version

async function accepted(client: HarvestClient, command: HarvestCommand): Promise<number> {
  const reply = await client.send(command)
  if (!reply.ok) throw new Error(`${command.type} refused: ${reply.code} ${reply.message}`)
  await expect.poll(() => facilitator.view()?.version).toBe(reply.value.version)
  return reply.value.version
}

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 2 })
  people = []
  for (const name of ['Nino', 'Olena', 'Giorgi', 'Aysel']) people.push(await joinCafe(server.url, cafe.joinCode, name))
  staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  expect((await staff.command({ type: 'start' })).ok).toBe(true)

  const atA = people.filter((p) => p.table === 0)
  const atB = people.filter((p) => p.table === 1)
  expect(atA.length).toBeGreaterThan(0)
  expect(atB.length).toBeGreaterThan(0)
  const a = connectYjs(server.url, atA[0]!.document, atA[0]!.token)
  const b = connectYjs(server.url, atB[0]!.document, atB[0]!.token)
  await Promise.all([a.synced, b.synced])
  addProposal(a, 'p-hotline', 'A national hotline for homeowners', 'Free advice by phone')
  addProposal(a, 'p-training', 'Training for association chairs')
  addProposal(b, 'p-hotline2', 'National hotline for home owners')
  addProposal(b, 'p-cofund', 'The municipality co-funds the resource centre')
  for (const id of ['p-hotline', 'p-training']) await until(() => provenanceOf(a, id)?.round === 1, `provenance of ${id}`)
  for (const id of ['p-hotline2', 'p-cofund']) await until(() => provenanceOf(b, id)?.round === 1, `provenance of ${id}`)
  // Table 2's cloth is closed (read from the store), table 1's stays open (read from the room).
  b.destroy()

  facilitator = await connectHarvest(server.url, cafe.cafeId, cafe.facilitatorToken)
  voters = await Promise.all(people.map((p) => connectHarvest(server.url, cafe.cafeId, p.token)))
  expect((await staff.command({ type: 'end-round' })).ok).toBe(true)
  expect((await staff.command({ type: 'open-harvest' })).ok).toBe(true)
  await until(() => facilitator.view()?.items.length === 4, 'the harvest to begin')
  a.destroy()
}, 60_000)

afterAll(async () => {
  for (const c of [facilitator, ...(voters ?? [])]) c?.close()
  staff?.close()
  await server?.stop()
})

describe('the harvest over socket.io', () => {
  it('lists every proposal of every table with its table, round and authors', () => {
    const view = facilitator.view()!
    expect(view.items.map((i) => i.key)).toEqual([keys.hotlineA, keys.trainingA, keys.hotlineB, keys.cofundB])
    const writerA = people.find((p) => p.table === 0)!.participantId
    const writerB = people.find((p) => p.table === 1)!.participantId
    expect(item(keys.hotlineA)!.sources[0]).toMatchObject({ table: 0, round: 1, authors: [writerA] })
    expect(item(keys.hotlineA)!.what).toBe('Free advice by phone')
    expect(item(keys.cofundB)!.sources[0]).toMatchObject({ table: 1, round: 1, authors: [writerB] })
    expect(view).toMatchObject({ votingOpen: false, votingStatus: 'not-open' })
    // Every screen of the café has it; a participant's view counts only their own dots.
    for (const v of voters) expect(v.view()?.version).toBe(view.version)
    expect(voters[0]!.view()).toMatchObject({ dotsLeft: 0, myDots: [] })
    expect(view.dotsLeft).toBeUndefined()
  })

  it('suggests the two near-identical proposals of different tables as one group', () => {
    const suggestion = facilitator.view()!.suggestions.find((s) => s.keys.includes(keys.hotlineA))
    expect(suggestion?.keys).toEqual([keys.hotlineA, keys.hotlineB])
    expect(suggestion?.tables).toEqual([0, 1])
  })

  it('refuses malformed commands as bad_request and changes nothing', async () => {
    const before = version()
    const bad: unknown[] = [
      null,
      'merge',
      { type: 'nope' },
      { type: 'merge', keys: [keys.hotlineA] },
      { type: 'merge', keys: 'all' },
      { type: 'open-voting', dotsPerVoter: 0 },
      { type: 'open-voting', dotsPerVoter: 2.5 },
      { type: 'undo' },
      { type: 'edit', mergeId: 'm-x', title: 7 },
      { type: 'place-dot', itemKey: '' },
    ]
    for (const command of bad) expect(await facilitator.send(command as HarvestCommand)).toMatchObject({ ok: false, code: 'bad_request' })
    expect(await voters[0]!.send({ type: 'place-dot', itemKey: keys.hotlineA, voter: people[1]!.participantId } as never)).toMatchObject({
      ok: false,
      code: 'bad_request',
    })
    expect(await facilitator.send({ type: 'edit', mergeId: 'm-x' })).toMatchObject({ ok: false, code: 'bad_request' })
    expect(await facilitator.send({ type: 'merge', keys: [keys.hotlineA, '9:p-nothing'] })).toMatchObject({ ok: false, code: 'unknown_item' })
    expect(version()).toBe(before)
  })

  it('accepting the suggestion merges the two proposals, keeping both sources', async () => {
    const suggestion = facilitator.view()!.suggestions.find((s) => s.keys.includes(keys.hotlineA))!
    await accepted(facilitator, { type: 'accept', suggestionId: suggestion.id, keys: suggestion.keys })
    const merged = facilitator.view()!.items.find((i) => i.kind === 'merged')!
    expect(merged.key).toMatch(/^m-[A-Za-z0-9_-]+$/)
    expect(merged.title).toBe('A national hotline for homeowners')
    expect(merged.sources.map((s) => [s.key, s.table, s.round])).toEqual([
      [keys.hotlineA, 0, 1],
      [keys.hotlineB, 1, 1],
    ])
    expect(facilitator.view()!.items).toHaveLength(3)
    keys.hotline = merged.key
    await accepted(facilitator, { type: 'edit', mergeId: merged.key, title: 'A national hotline for homeowners (free)' })
    expect(item(merged.key)!.title).toBe('A national hotline for homeowners (free)')
  })

  it('a participant cannot merge or run the voting; the facilitator and organisers cannot vote', async () => {
    const before = version()
    expect(await voters[0]!.send({ type: 'merge', keys: [keys.trainingA, keys.cofundB] })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await voters[0]!.send({ type: 'open-voting', dotsPerVoter: 20 })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await voters[0]!.send({ type: 'undo', mergeId: keys.hotline })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await facilitator.send({ type: 'place-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'forbidden' })
    const organiser = await connectHarvest(server.url, cafe.cafeId, cafe.organiserToken)
    expect(await organiser.send({ type: 'place-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'forbidden' })
    expect(await organiser.send({ type: 'merge', keys: [keys.trainingA, keys.cofundB] })).toMatchObject({ ok: false, code: 'forbidden' })
    organiser.close()
    // Before voting opens, nobody's dot counts.
    expect(await voters[0]!.send({ type: 'place-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'voting_not_open' })
    expect(version()).toBe(before)
  })

  it('each participant places up to N dots; the next one is refused', async () => {
    await accepted(facilitator, { type: 'open-voting', dotsPerVoter: 2 })
    expect(facilitator.view()).toMatchObject({ votingOpen: true, dotsPerVoter: 2 })
    await expect.poll(() => voters[0]!.view()?.dotsLeft).toBe(2)
    await accepted(voters[0]!, { type: 'place-dot', itemKey: keys.trainingA })
    await accepted(voters[0]!, { type: 'place-dot', itemKey: keys.cofundB })
    const before = version()
    expect(await voters[0]!.send({ type: 'place-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'no_dots_left' })
    expect(version()).toBe(before)
    await expect.poll(() => voters[0]!.view()).toMatchObject({ dotsLeft: 0, myDots: [keys.trainingA, keys.cofundB] })
    await accepted(voters[1]!, { type: 'place-dot', itemKey: keys.hotline })
    await accepted(voters[1]!, { type: 'place-dot', itemKey: keys.hotline })
    await accepted(voters[2]!, { type: 'place-dot', itemKey: keys.hotline })
    await accepted(voters[2]!, { type: 'remove-dot', itemKey: keys.hotline })
    expect(await voters[2]!.send({ type: 'remove-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'no_dot_there' })
    expect(dotsOn(keys.hotline)).toBe(2)
    expect(facilitator.view()!.ranking[0]).toMatchObject({ key: keys.hotline, dots: 2, voters: 1, place: 1 })
    // Nobody's view lists who placed which dot.
    expect(JSON.stringify(facilitator.view())).not.toContain('"voter"')
  })

  it('merging after votes keeps the votes, and undo gives each source its dots back', async () => {
    expect(dotsOn(keys.trainingA)).toBe(1)
    expect(dotsOn(keys.cofundB)).toBe(1)
    await accepted(facilitator, { type: 'merge', keys: [keys.trainingA, keys.cofundB] })
    const merged = facilitator.view()!.items.find((i) => i.kind === 'merged' && i.key !== keys.hotline)!
    expect(merged.sources.map((s) => s.key)).toEqual([keys.trainingA, keys.cofundB])
    expect(dotsOn(merged.key)).toBe(2)
    expect(facilitator.view()!.items).toHaveLength(2)
    await expect.poll(() => voters[0]!.view()?.myDots).toEqual([merged.key, merged.key])
    await accepted(facilitator, { type: 'undo', mergeId: merged.key })
    expect(facilitator.view()!.items.map((i) => i.key)).toEqual([keys.hotline, keys.trainingA, keys.cofundB])
    expect(dotsOn(keys.trainingA)).toBe(1)
    expect(dotsOn(keys.cofundB)).toBe(1)
    expect(await facilitator.send({ type: 'undo', mergeId: merged.key })).toMatchObject({ ok: false, code: 'not_merged' })
  })

  it('closing the voting refuses further dots', async () => {
    await accepted(facilitator, { type: 'close-voting' })
    expect(facilitator.view()).toMatchObject({ votingOpen: false, votingStatus: 'closed' })
    const before = version()
    expect(await voters[3]!.send({ type: 'place-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'voting_closed' })
    expect(await voters[0]!.send({ type: 'remove-dot', itemKey: keys.trainingA })).toMatchObject({ ok: false, code: 'voting_closed' })
    expect(version()).toBe(before)
  })

  it('the harvest survives a crash: after SIGKILL and a restart, the same state comes back on connect', async () => {
    const before = facilitator.view()!
    const mine = voters[0]!.view()!
    for (const c of [facilitator, ...voters]) c.close()
    staff.close()
    await server.stop('SIGKILL')
    await server.restart()
    facilitator = await connectHarvest(server.url, cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => facilitator.view()?.version).toBe(before.version)
    expect(facilitator.view()).toEqual(before)
    const again = await connectHarvest(server.url, cafe.cafeId, people[0]!.token)
    voters = [again]
    await expect.poll(() => again.view()).toEqual(mine)
    expect(await again.send({ type: 'place-dot', itemKey: keys.hotline })).toMatchObject({ ok: false, code: 'voting_closed' })
  }, 60_000)
})

describe('tables that go on writing during the harvest', () => {
  let late: CreateCafeResponse
  let seated: JoinResponse[]
  let lateStaff: CafeClient
  let watcher: HarvestClient
  let voter: HarvestClient
  let atA: YjsClient
  const lateItem = (key: string) => watcher.view()?.items.find((i) => i.sources.some((s) => s.key === key))
  const lateDots = (key: string) => watcher.view()?.ranking.find((r) => r.key === key)?.dots

  async function lateCommand(client: HarvestClient, command: HarvestCommand): Promise<void> {
    const reply = await client.send(command)
    if (!reply.ok) throw new Error(`${command.type} refused: ${reply.code} ${reply.message}`)
    await until(() => (watcher.view()?.version ?? 0) >= reply.value.version, `${command.type} to be announced`)
  }

  const proposalMap = (client: YjsClient, id: string) =>
    client.doc.getArray<Y.Map<string | number>>(PROPOSALS_FIELD).toArray().find((m) => m.get('id') === id)!

  beforeAll(async () => {
    // A fresh server: the café above ended with a crash test.
    await server.stop()
    server = await startServer()
    late = await createCafe(server.url, { tables: 2 })
    seated = []
    for (const name of ['Nino', 'Olena', 'Giorgi', 'Aysel']) seated.push(await joinCafe(server.url, late.joinCode, name))
    lateStaff = await connectCafe(server.url, late.cafeId, late.facilitatorToken)
    expect((await lateStaff.command({ type: 'start' })).ok).toBe(true)
    const writerA = seated.find((p) => p.table === 0)!
    const writerB = seated.find((p) => p.table === 1)!
    atA = connectYjs(server.url, writerA.document, writerA.token)
    const b = connectYjs(server.url, writerB.document, writerB.token)
    await Promise.all([atA.synced, b.synced])
    addProposal(atA, 'p-hotline', 'A national hotline for homeowners')
    addProposal(atA, 'p-training', 'Training for association chairs')
    addProposal(b, 'p-cofund', 'The municipality co-funds the resource centre')
    for (const id of ['p-hotline', 'p-training']) await until(() => provenanceOf(atA, id)?.round === 1, `provenance of ${id}`)
    await until(() => provenanceOf(b, 'p-cofund')?.round === 1, 'provenance of p-cofund')
    b.destroy()
    watcher = await connectHarvest(server.url, late.cafeId, late.facilitatorToken)
    voter = await connectHarvest(server.url, late.cafeId, seated[0]!.token)
    expect((await lateStaff.command({ type: 'end-round' })).ok).toBe(true)
    expect((await lateStaff.command({ type: 'open-harvest' })).ok).toBe(true)
    await until(() => watcher.view()?.items.length === 3, 'the harvest to begin')
    await lateCommand(watcher, { type: 'open-voting', dotsPerVoter: 3 })
    await lateCommand(voter, { type: 'place-dot', itemKey: '0:p-training' })
    await lateCommand(voter, { type: 'place-dot', itemKey: '1:p-cofund' })
  }, 60_000)

  afterAll(() => {
    atA?.destroy()
    watcher?.close()
    voter?.close()
    lateStaff?.close()
  })

  it('a proposal added and one retyped at a table after the harvest began reach the list, the ballot and their dots', async () => {
    const before = watcher.view()!.version
    const [writerA, otherA] = seated.filter((p) => p.table === 0)
    // Somebody else at table 1 retypes the title; the first writer adds a new proposal.
    const retyper = otherA ? connectYjs(server.url, otherA.document, otherA.token) : atA
    await retyper.synced
    proposalMap(retyper, 'p-training').set('title', 'Yearly training for association chairs')
    addProposal(atA, 'p-new', 'A resource centre in every district', 'Opened by the city')
    // The one at table 2 deletes its proposal from the cloth.
    const writerB = seated.find((p) => p.table === 1)!
    const b = connectYjs(server.url, writerB.document, writerB.token)
    await b.synced
    const cofund = b.doc.getArray<Y.Map<string | number>>(PROPOSALS_FIELD)
    cofund.delete(cofund.toArray().findIndex((m) => m.get('id') === 'p-cofund'), 1)

    await until(
      () => lateItem('0:p-new') !== undefined && lateItem('0:p-training')?.title === 'Yearly training for association chairs',
      'the late edits to reach the harvest',
    )
    const created = provenanceOf(atA, 'p-new')!
    expect(lateItem('0:p-new')!.sources[0]).toMatchObject({
      table: 0,
      round: created.round,
      authors: [writerA!.participantId],
      proposal: { title: 'A resource centre in every district', what: 'Opened by the city' },
    })
    const authors = otherA ? [writerA!.participantId, otherA.participantId] : [writerA!.participantId]
    await until(() => JSON.stringify(lateItem('0:p-training')?.sources[0]?.authors) === JSON.stringify(authors), 'the retyper among the authors')
    expect(watcher.view()!.version).toBeGreaterThan(before)
    // Board order: the new one after the proposals it follows on its cloth, before table 2's.
    expect(watcher.view()!.items.map((i) => i.key)).toEqual(['0:p-hotline', '0:p-training', '0:p-new', '1:p-cofund'])
    expect(watcher.view()!.ranking.map((r) => r.key)).toContain('0:p-new')
    expect(lateDots('0:p-training')).toBe(1)
    // Deleted from the cloth after the harvest began: still on the list, still with its dot.
    await until(() => b.doc.getArray(PROPOSALS_FIELD).length === 0 && b.provider.wsconnected, 'the deletion to be sent')
    await new Promise((r) => setTimeout(r, 2_500))
    expect(lateItem('1:p-cofund')?.title).toBe('The municipality co-funds the resource centre')
    expect(lateDots('1:p-cofund')).toBe(1)
    // The voter's own view counts the new one on the ballot too.
    await until(() => voter.view()?.items.some((i) => i.key === '0:p-new') === true, 'the ballot to list the new proposal')
    expect(voter.view()).toMatchObject({ dotsLeft: 1, myDots: ['0:p-training', '1:p-cofund'] })
    b.destroy()
    if (retyper !== atA) retyper.destroy()
  }, 30_000)

  it('after SIGKILL and a restart the harvest brought up to date is still there', async () => {
    const before = watcher.view()!
    for (const c of [watcher, voter]) c.close()
    lateStaff.close()
    await server.stop('SIGKILL')
    await server.restart()
    watcher = await connectHarvest(server.url, late.cafeId, late.facilitatorToken)
    await until(() => watcher.view() !== undefined, 'the harvest after the restart')
    expect(watcher.view()).toEqual(before)
    expect(lateItem('0:p-new')).toBeDefined()
    expect(lateItem('1:p-cofund')).toBeDefined()
    expect(lateDots('1:p-cofund')).toBe(1)
  }, 60_000)

  it('a proposal stored a moment before a crash still reaches the harvest after the restart', async () => {
    const writerB = seated.find((p) => p.table === 1)!
    const b = connectYjs(server.url, writerB.document, writerB.token)
    await b.synced
    addProposal(b, 'p-last', 'Keep the hotline number after the project')
    // The server's provenance means it has stored the proposal; killed at once, before the
    // harvest's pause for typing is over, the restarted server must read it in on first load.
    await until(() => provenanceOf(b, 'p-last') !== undefined, 'provenance of p-last')
    b.destroy()
    watcher.close()
    await server.stop('SIGKILL')
    await server.restart()
    watcher = await connectHarvest(server.url, late.cafeId, late.facilitatorToken)
    await until(() => lateItem('1:p-last') !== undefined, 'the proposal written just before the crash')
    expect(watcher.view()!.items.map((i) => i.key)).toEqual(['0:p-hotline', '0:p-training', '0:p-new', '1:p-cofund', '1:p-last'])
    expect(lateDots('0:p-training')).toBe(1)
    expect(lateDots('1:p-cofund')).toBe(1)
  }, 60_000)
})
