import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import type { Seating } from '../../shared/cafe/types.js'

const COUNTRIES = ['Georgia', 'Ukraine', 'Moldova', 'Azerbaijan', 'Belarus']

let server: RunningServer
let cafe: CreateCafeResponse
let people: JoinResponse[] = []
let clients: CafeClient[] = []
let facilitator: CafeClient

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 8, roundMinutes: 20, ask: { country: true, organisation: true } })
  people = []
  for (let i = 0; i < 40; i++) {
    people.push(await joinCafe(server.url, cafe.joinCode, `Person ${i + 1}`, { country: COUNTRIES[i % 5]!, organisation: `Org ${i % 7}` }))
  }
  facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  clients = await Promise.all(people.map((p) => connectCafe(server.url, cafe.cafeId, p.token)))
}, 120_000)
afterAll(async () => {
  for (const c of [...clients, facilitator]) c?.close()
  await server?.stop()
})

/** Waits until every participant's screen shows the same café version as the facilitator's. */
async function everyoneAgrees(version: number) {
  await expect.poll(() => clients.every((c) => c.state()?.version === version), { timeout: 15_000 }).toBe(true)
}

async function run(command: Parameters<CafeClient['command']>[0]) {
  const reply = await facilitator.command(command)
  if (!reply.ok) throw new Error(`${command.type} refused: ${reply.code} ${reply.message}`)
  await everyoneAgrees(reply.value.version)
  return facilitator.state()!
}

describe('the example café: 40 people, 8 tables, 3 rounds, through 2 rotations', () => {
  it('seats everyone, eight hosts included, and starts round 1', async () => {
    // The first person at each table hosts it.
    for (let t = 0; t < 8; t++) {
      const host = people.find((p) => p.table === t)!
      await run({ type: 'make-host', personId: host.participantId, table: t })
    }
    const state = await run({ type: 'start' })
    expect(state.phase).toMatchObject({ kind: 'running', round: 1 })
    const sizes = state.tables.map((_, t) => Object.values(state.seating).filter((x) => x === t).length)
    expect(sizes).toEqual([5, 5, 5, 5, 5, 5, 5, 5])
  })

  it('refuses a participant who tries to run the café, and changes nothing', async () => {
    const before = facilitator.state()!
    const reply = await clients[3]!.command({ type: 'pause' })
    expect(reply).toMatchObject({ ok: false, code: 'forbidden' })
    expect(facilitator.state()).toEqual(before)
  })

  it('a participant who disconnects mid-round and reconnects keeps their seat', async () => {
    const who = people[7]!
    const seatBefore = facilitator.state()!.seating[who.participantId]
    clients[7]!.close()
    await expect.poll(() => facilitator.online().includes(who.participantId)).toBe(false)
    clients[7] = await connectCafe(server.url, cafe.cafeId, who.token)
    await expect.poll(() => facilitator.online().includes(who.participantId)).toBe(true)
    expect(clients[7]!.state()!.seating[who.participantId]).toBe(seatBefore)
  })

  it('rotates twice: hosts stay, everyone sits where the plan says, nobody meets anyone twice', async () => {
    for (const round of [2, 3]) {
      await run({ type: 'end-round' })
      const planned = await run({ type: 'plan-rotation', seed: round })
      expect(planned.phase.kind).toBe('rotating')
      const plan = (planned.phase as { plan: Seating }).plan
      const after = await run({ type: 'apply-rotation' })
      expect(after.phase).toMatchObject({ kind: 'running', round })
      // Every screen shows the seat the plan gave.
      for (const [i, p] of people.entries()) expect(clients[i]!.state()!.seating[p.participantId]).toBe(plan[p.participantId])
      for (const person of Object.values(after.people)) {
        if (person.hostOf !== undefined) expect(after.seating[person.id]).toBe(person.hostOf)
      }
    }
    const state = facilitator.state()!
    const met = new Set<string>()
    let repeats = 0
    for (const seating of state.history) {
      const byTable = new Map<number, string[]>()
      for (const [id, t] of Object.entries(seating)) {
        if (state.people[id]?.hostOf !== undefined) continue
        byTable.set(t, [...(byTable.get(t) ?? []), id])
      }
      for (const group of byTable.values()) {
        for (let a = 0; a < group.length; a++)
          for (let b = a + 1; b < group.length; b++) {
            const key = [group[a], group[b]].sort().join('|')
            if (met.has(key)) repeats++
            met.add(key)
          }
      }
    }
    expect(state.history).toHaveLength(3)
    expect(repeats).toBe(0)
  })

  it('the round timer survives a server restart, and still ends the round by itself', async () => {
    // A one-minute café of its own, so the test can wait for its real end.
    const quick = await createCafe(server.url, { tables: 1, roundMinutes: 1 })
    const ana = await joinCafe(server.url, quick.joinCode, 'Ana')
    const runner = await connectCafe(server.url, quick.cafeId, quick.facilitatorToken)
    expect((await runner.command({ type: 'start' })).ok).toBe(true)
    await expect.poll(() => runner.state()?.phase.kind).toBe('running')
    const endsAt = (runner.state()!.phase as { endsAt: number }).endsAt
    const mainBefore = facilitator.state()!.phase
    for (const c of [...clients, facilitator, runner]) c.close()
    clients = []

    await server.stop('SIGKILL')
    await server.restart()

    facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => facilitator.state()?.phase).toEqual(mainBefore)
    const participant = await connectCafe(server.url, quick.cafeId, ana.token)
    await expect.poll(() => participant.state()?.phase).toMatchObject({ kind: 'running', round: 1, endsAt })
    // Nobody sends anything: the restarted server's own timer ends the round, and says so.
    await expect
      .poll(() => participant.state()?.phase, { timeout: 90_000, interval: 500 })
      .toMatchObject({ kind: 'ended', round: 1, reason: 'timer' })
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt)
    participant.close()
  }, 120_000)
})
