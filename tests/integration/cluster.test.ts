/**
 * Three server processes behind nginx (tests/support/cluster.ts: PostgreSQL, Redis, node1–node3,
 * the repo's deploy/nginx/tablecloth.conf). Every client goes through nginx, pinned to a process
 * by the `tablecloth_node` cookie, and checks which process served it — the 101 of its Yjs
 * upgrade, its socket.io `hello.node`, an answer's `X-Tablecloth-Node` — so what crosses between
 * processes really does: edits on one cloth from three processes, a rotation commanded on one
 * moving people connected to the others, the same command reaching two processes at once applied
 * once, and a process killed mid-round whose people carry on through the others with nothing lost
 * and the bell still ringing on time.
 *
 * The ports are nginx's (fixed): this is the only test file that starts the cluster.
 * Without PostgreSQL, redis-server or nginx the file is skipped with a message — under CI=true it
 * fails instead: CI installs them, so their absence there is a broken CI.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, existsSync } from 'node:fs'
import { exampleCafe } from '../support/cafe.js'
import {
  clusterFetch,
  clusterMissing,
  connectCafeVia,
  connectYjsVia,
  startCluster,
  servedBy,
  helloNode,
  type Cluster,
  type NodeName,
  type PinnedCafeClient,
  type PinnedYjsClient,
} from '../support/cluster.js'
import { NGINX_ACCESS_LOG } from '../support/nginx.js'
import { connectCafe } from '../support/cafe-socket.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import type { CreateCafeBody, CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { ClientCommand } from '../../shared/protocol/commands.js'
import type { CafeState } from '../../shared/cafe/types.js'

const missing = clusterMissing()
if (missing) {
  if (process.env.CI === 'true') throw new Error(`CI=true and the cluster cannot be tested: ${missing}`)
  console.warn(`\n!!! SKIPPING the cluster tests: ${missing}\n`)
}

let cluster: Cluster
const open: { close?: () => void; destroy?: () => void }[] = []

/** Creates a café through nginx, on that process. */
async function createCafeOn(node: NodeName, overrides: Partial<CreateCafeBody>): Promise<CreateCafeResponse> {
  const res = await clusterFetch('/api/cafes', {
    node,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...exampleCafe, ...overrides }),
  })
  expect(res.status).toBe(201)
  expect(servedBy(res)).toBe(node)
  return (await res.json()) as CreateCafeResponse
}

/** Joins a café through nginx, on that process. */
async function joinOn(node: NodeName, joinCode: string, name: string): Promise<JoinResponse> {
  const res = await clusterFetch(`/api/cafes/${joinCode}/participants`, {
    node,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  expect(res.status).toBe(201)
  expect(servedBy(res)).toBe(node)
  return (await res.json()) as JoinResponse
}

async function screenOn(node: NodeName, cafeId: string, token: string): Promise<PinnedCafeClient> {
  const client = await connectCafeVia(cafeId, token, node)
  open.push(client)
  await expect.poll(() => client.node()).toBe(node)
  return client
}

async function clothOn(node: NodeName, document: string, token: string): Promise<PinnedYjsClient> {
  const client = connectYjsVia(document, token, node)
  open.push(client)
  await client.synced
  expect(client.node()).toBe(node)
  return client
}

async function run(client: PinnedCafeClient, command: ClientCommand): Promise<number> {
  const reply = await client.command(command)
  if (!reply.ok) throw new Error(`${command.type} refused: ${reply.code} ${reply.message}`)
  return reply.value.version
}

/** Markers look like «who:n»; a text is a run of them. */
const markersIn = (text: string) => text.match(/«[^»]+»/g) ?? []

describe.skipIf(Boolean(missing))('three server processes behind nginx', () => {
  beforeAll(async () => {
    cluster = await startCluster()
  }, 120_000)
  // A failure between processes is read in their logs.
  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.error(`cluster output:\n${cluster?.output()}`)
  })
  afterAll(async () => {
    for (const c of open) (c.destroy ?? c.close)?.call(c)
    await cluster?.stop()
  })

  it('every process names itself; the cookie pins a client to one, no cookie spreads them; the access log keeps no query string', async () => {
    for (const { name } of cluster.nodes) {
      const res = await clusterFetch('/healthz', { node: name })
      expect(res.status).toBe(200)
      expect(servedBy(res)).toBe(name)
      expect(((await res.json()) as { node?: string }).node).toBe(name)
      expect(res.headers.getSetCookie().some((c) => c.startsWith(`tablecloth_node=${name};`))).toBe(true)
    }
    // No cookie yet (a first visit): round-robin over all three.
    const seen = new Set<string | undefined>()
    for (let i = 0; i < 9; i++) seen.add(servedBy(await clusterFetch('/healthz')))
    expect([...seen].sort()).toEqual(['node1', 'node2', 'node3'])

    // Tokens travel in query strings: nginx's log has the path alone. The request is found by
    // the id nginx gave it, which the server echoes.
    const secret = `secret-${Date.now()}`
    const logged = await clusterFetch(`/healthz?token=${secret}`, { node: 'node2' })
    const requestId = logged.headers.get('x-request-id')
    expect(requestId).toMatch(/^[0-9a-f]{32}$/)
    await expect.poll(() => existsSync(NGINX_ACCESS_LOG) && readFileSync(NGINX_ACCESS_LOG, 'utf8').includes(`req=${requestId}`)).toBe(true)
    const line = readFileSync(NGINX_ACCESS_LOG, 'utf8')
      .split('\n')
      .find((l) => l.includes(`req=${requestId}`))!
    expect(line).toContain('"GET /healthz"')
    expect(line).toContain('node=node2')
    expect(line).not.toContain(secret)
    expect(line).not.toContain('?')

    // /metrics answers anyone from 127.0.0.1, which nginx is: it is not proxied.
    expect((await clusterFetch('/metrics')).status).toBe(404)
  })

  it("socket.io's long-polling stays on the process that holds its session, by the cookie that process set", async () => {
    const cafe = await createCafeOn('node1', { tables: 2 })
    const facilitator = await screenOn('node1', cafe.cafeId, cafe.facilitatorToken)
    // No cookie to begin with, as a phone's first visit: the handshake lands anywhere, and every
    // later poll must reach the same process — only the cookie it set can tell nginx which.
    const polling = await connectCafe(cluster.url, cafe.cafeId, cafe.facilitatorToken, { transports: ['polling'], withCredentials: true })
    open.push(polling)
    await expect.poll(() => polling.state()?.id).toBe(cafe.cafeId)
    const served = helloNode(polling.hello())
    expect(served).toMatch(/^node[123]$/)
    for (let i = 0; i < 5; i++) await run(facilitator, { type: 'rename-table', table: 0, name: `Round table ${i}` })
    await expect.poll(() => polling.state()?.tables[0]?.name).toBe('Round table 4')
    expect(polling.socket.connected).toBe(true)
    expect(polling.socket.io.engine.transport.name).toBe('polling')
    // Still the one session: a reconnection would have been greeted again.
    expect(helloNode(polling.hello())).toBe(served)
  })

  it('participants on three processes co-edit one cloth and each sees the others’ words', async () => {
    const cafe = await createCafeOn('node1', { tables: 1 })
    const nodes: NodeName[] = ['node1', 'node2', 'node3']
    const people = await Promise.all(nodes.map((node, i) => joinOn(node, cafe.joinCode, `Writer ${i + 1}`)))
    const facilitator = await screenOn('node1', cafe.cafeId, cafe.facilitatorToken)
    await run(facilitator, { type: 'start' })
    const document = clothDocumentName(cafe.cafeId, 0)
    const writers = await Promise.all(people.map((p, i) => clothOn(nodes[i]!, document, p.token)))
    const typed: string[] = []
    for (let n = 0; n < 5; n++) {
      for (const [i, w] of writers.entries()) {
        const marker = `«${nodes[i]}:${n}»`
        typed.push(marker)
        w.text.insert(w.text.length, marker)
      }
    }
    for (const w of writers) await expect.poll(() => markersIn(w.text.toString()).sort()).toEqual([...typed].sort())
    // The three copies converged to one text, and it is what the store holds.
    const texts = writers.map((w) => w.text.toString())
    expect(new Set(texts).size).toBe(1)
    const reader = await clothOn('node2', document, cafe.facilitatorToken)
    await expect.poll(() => reader.text.toString()).toBe(texts[0])
    // None of them lost its connection on the way.
    for (const w of writers) expect(w.nodes()).toHaveLength(1)
  })

  it('a rotation commanded through one process moves the people on the others: their screens and their write access', async () => {
    const cafe = await createCafeOn('node1', { tables: 2 })
    const names = ['Tamar', 'Oksana', 'Vusal', 'Ion', 'Aysel', 'Giorgi']
    const where = (i: number): NodeName => (i % 2 === 0 ? 'node2' : 'node3')
    const people: JoinResponse[] = []
    for (const [i, name] of names.entries()) people.push(await joinOn(where(i), cafe.joinCode, name))
    const facilitator = await screenOn('node1', cafe.cafeId, cafe.facilitatorToken)
    const screens = await Promise.all(people.map((p, i) => screenOn(where(i), cafe.cafeId, p.token)))
    await run(facilitator, { type: 'start' })
    await run(facilitator, { type: 'end-round' })
    // A plan that moves somebody connected to node3 to the other table.
    let plan: Record<string, number> = {}
    let mover = -1
    for (let seed = 1; mover < 0; seed++) {
      await run(facilitator, { type: 'plan-rotation', seed })
      await expect.poll(() => facilitator.state()?.phase.kind).toBe('rotating')
      plan = (facilitator.state()!.phase as { plan: Record<string, number> }).plan
      mover = people.findIndex((p, i) => where(i) === 'node3' && plan[p.participantId] !== p.table)
      if (seed > 50) throw new Error('no plan moves anyone on node3')
    }
    const moving = people[mover]!
    const from = moving.table
    const to = plan[moving.participantId]!
    // Before the rotation: the mover's cloth at the old table (writable) and at the new one
    // (read-only for now), both on node3; the facilitator watches the new table from node2.
    const oldCloth = await clothOn('node3', clothDocumentName(cafe.cafeId, from), moving.token)
    const newCloth = await clothOn('node3', clothDocumentName(cafe.cafeId, to), moving.token)
    const watcher = await clothOn('node2', clothDocumentName(cafe.cafeId, to), cafe.facilitatorToken)

    const version = await run(facilitator, { type: 'apply-rotation' })
    for (const [i, screen] of screens.entries()) {
      await expect.poll(() => screen.state()?.version).toBeGreaterThanOrEqual(version)
      expect(screen.state()!.phase).toMatchObject({ kind: 'running', round: 2 })
      expect(screen.state()!.seating[people[i]!.participantId]).toBe(plan[people[i]!.participantId])
      expect(screen.node()).toBe(where(i))
    }
    // The mover writes at the new table through node3, on the connection opened before the move:
    // node3 learnt of the rotation from node1 and lets the edit through; node2 relays it.
    newCloth.text.insert(0, '«moved»')
    await expect.poll(() => watcher.text.toString()).toContain('«moved»')
    expect(newCloth.closeCodes()).toEqual([])
    expect(newCloth.nodes()).toEqual(['node3'])
    // And at the old table they may no longer write: node3 closes that connection (4403).
    oldCloth.text.insert(0, '«left behind»')
    await expect.poll(() => oldCloth.closeCodes()).toContain(4403)
  })

  it('the same command reaching two processes at the same moment is applied once', async () => {
    const questions = ['One?', 'Two?', 'Three?', 'Four?', 'Five?', 'Six?']
    const cafe = await createCafeOn('node1', { tables: 2, questions })
    for (const [i, name] of ['Nino', 'Olena', 'Ion', 'Aysel'].entries()) await joinOn(i % 2 ? 'node2' : 'node3', cafe.joinCode, name)
    const onTwo = await screenOn('node2', cafe.cafeId, cafe.facilitatorToken)
    const onThree = await screenOn('node3', cafe.cafeId, cafe.facilitatorToken)
    const onOne = await screenOn('node1', cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => [onOne, onTwo, onThree].every((s) => s.state()?.phase.kind === 'lobby')).toBe(true)

    const refusals: string[] = []
    /** Sends the command through node2 and node3 at once: one applies it, the other is refused. */
    async function both(command: ClientCommand, before: CafeState) {
      const replies = await Promise.all([onTwo.command(command), onThree.command(command)])
      const applied = replies.filter((r) => r.ok)
      const refused = replies.filter((r) => !r.ok)
      expect(applied, `${command.type}: ${JSON.stringify(replies)}`).toHaveLength(1)
      expect(refused).toHaveLength(1)
      refusals.push(`${command.type}: ${(refused[0] as { code: string }).code}`)
      const version = (applied[0] as { value: { version: number } }).value.version
      // One change, one version: not two applications announced under one number.
      expect(version).toBe(before.version + 1)
      for (const screen of [onOne, onTwo, onThree]) await expect.poll(() => screen.state()?.version).toBe(version)
      return onOne.state()!
    }

    const lobby = onOne.state()!
    let state = await both({ type: 'start' }, lobby)
    expect(state.phase).toMatchObject({ kind: 'running', round: 1 })
    for (let round = 2; round <= questions.length; round++) {
      await run(onOne, { type: 'end-round' })
      await run(onOne, { type: 'plan-rotation', seed: round })
      // Both processes have the plan before the race: neither refuses for want of news.
      for (const screen of [onTwo, onThree]) await expect.poll(() => screen.state()?.phase.kind).toBe('rotating')
      state = await both({ type: 'apply-rotation' }, onOne.state()!)
      expect(state.phase).toMatchObject({ kind: 'running', round })
      expect(state.history).toHaveLength(round)
    }
    // Nothing came later from the loser: the version is still the winner's.
    const last = onOne.state()!.version
    const check = await screenOn('node1', cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => check.state()?.version).toBe(last)
    console.info(`the same command on two processes at once, the loser's refusal: ${refusals.join(', ')}`)
  })

  it('a process killed mid-round: its people carry on through the others, nothing anyone saw is lost, the bell rings on time', async () => {
    // One-minute rounds are the shortest a café has: the test waits for the real bell.
    const cafe = await createCafeOn('node3', { tables: 1, roundMinutes: 1 })
    const seats: NodeName[] = ['node1', 'node2', 'node3', 'node3']
    const people = await Promise.all(seats.map((node, i) => joinOn(node, cafe.joinCode, `Typist ${i + 1}`)))
    const document = clothDocumentName(cafe.cafeId, 0)
    const writers = await Promise.all(people.map((p, i) => clothOn(seats[i]!, document, p.token)))
    const screens = await Promise.all(people.map((p, i) => screenOn(seats[i]!, cafe.cafeId, p.token)))
    // The round starts on the process that will die: its timer must not be the only one.
    const facilitator = await screenOn('node3', cafe.cafeId, cafe.facilitatorToken)
    await run(facilitator, { type: 'start' })
    await expect.poll(() => screens.every((s) => s.state()?.phase.kind === 'running')).toBe(true)
    const endsAt = (facilitator.state()!.phase as { endsAt: number }).endsAt
    const bells: { screen: number; at: number; state: CafeState }[] = []
    for (const [i, s] of screens.entries())
      s.socket.on('cafe:state', (state) => {
        if (state.phase.kind === 'ended' && !bells.some((b) => b.screen === i)) bells.push({ screen: i, at: Date.now(), state })
      })

    const typed: string[][] = writers.map(() => [])
    let n = 0
    const typing = setInterval(() => {
      for (const [i, w] of writers.entries()) {
        const marker = `«w${i}:${n}»`
        typed[i]!.push(marker)
        w.text.insert(w.text.length, marker)
      }
      n++
    }, 20)
    await expect.poll(() => writers.every((w, i) => markersIn(w.text.toString()).some((m) => !m.startsWith(`«w${i}:`)))).toBe(true)
    await new Promise((r) => setTimeout(r, 500))

    const typedAtKill = typed.flat().length
    await cluster.kill('node3')
    // What each client had received from the others when node3 died.
    const seen = new Set<string>()
    for (const [i, w] of writers.entries()) for (const m of markersIn(w.text.toString())) if (!m.startsWith(`«w${i}:`)) seen.add(m)
    expect(Date.now()).toBeLessThan(endsAt - 20_000)

    // node3's people keep typing while they reconnect, through nginx, to another process.
    await expect.poll(() => [2, 3].every((i) => writers[i]!.provider.wsconnected && writers[i]!.node() !== 'node3'), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => [2, 3].every((i) => screens[i]!.socket.connected && /^node[12]$/.test(screens[i]!.node() ?? '')), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => facilitator.socket.connected && facilitator.node() !== 'node3', { timeout: 15_000 }).toBe(true)
    await new Promise((r) => setTimeout(r, 500))
    clearInterval(typing)

    // Everyone's copy ends with everything everyone typed — the edits node3 held in flight too.
    const all = typed.flat().sort()
    for (const w of writers) await expect.poll(() => markersIn(w.text.toString()).sort(), { timeout: 15_000 }).toEqual(all)
    // And the store has it: a fresh reader on a surviving process reads every marker.
    const reader = await clothOn('node1', document, cafe.facilitatorToken)
    await expect.poll(() => markersIn(reader.text.toString()).sort()).toEqual(all)
    expect([...seen].filter((m) => !reader.text.toString().includes(m))).toEqual([])

    // Nobody sends anything: a surviving process ends the round when its time is up, once.
    const wait = Math.max(0, endsAt - Date.now()) + 10_000
    await expect.poll(() => bells.length, { timeout: wait, interval: 200 }).toBe(screens.length)
    for (const bell of bells) {
      expect(bell.state.phase).toMatchObject({ kind: 'ended', round: 1, reason: 'timer', endedAt: endsAt })
      expect(bell.at).toBeGreaterThanOrEqual(endsAt)
      expect(bell.at - endsAt).toBeLessThan(5_000)
    }
    expect(new Set(bells.map((b) => b.state.version)).size).toBe(1)
    console.info(
      `failover: ${all.length} markers typed (${typedAtKill} before the kill), ${seen.size} of them seen by a peer when node3 died; ` +
        `node3's writers moved to ${[2, 3].map((i) => writers[i]!.nodes().join('→')).join(' and ')}, its screens to ${[2, 3].map((i) => screens[i]!.nodes().join('→')).join(' and ')}; ` +
        `the bell rang ${Math.max(...bells.map((b) => b.at)) - endsAt} ms after the round's end at the latest`,
    )
  }, 150_000)
})

