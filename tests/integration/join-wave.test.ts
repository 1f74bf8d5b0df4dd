/**
 * A hall joining at once: joins waiting for their café's turn are stored together (one
 * compare-and-set with all their tokens), each still answered on its own — seated, with a token
 * that works — and one refused join does not take the others down with it.
 *
 * On PostgreSQL, whose saves take a round trip during which the next joins queue up. (SQLite
 * saves synchronously: each join is stored before the next request is even read, so none ever
 * waits and there is nothing to batch.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { postgresMissing, startPostgres, type PostgresCluster } from '../support/postgres.js'
import { createCafe } from '../support/cafe.js'
import { connectCafe } from '../support/cafe-socket.js'
import type { JoinResponse } from '../../shared/protocol/http.js'

const missing = postgresMissing()
if (missing) {
  if (process.env.CI === 'true') throw new Error(`CI=true and PostgreSQL cannot be tested: ${missing}`)
  console.warn(`\n!!! SKIPPING the join-wave test: ${missing}\n`)
}

let postgres: PostgresCluster
let server: RunningServer
beforeAll(async () => {
  if (missing) return
  postgres = await startPostgres()
  server = await startServer({ env: { TABLECLOTH_DATABASE_URL: await postgres.createDatabase() } })
}, 60_000)
afterAll(async () => {
  await server?.stop()
  await postgres?.stop()
})

/** How many times the server stored a café's state (its store timing histogram's count). */
async function cafeSaves(): Promise<number> {
  const text = await fetch(`${server.url}/metrics`).then((r) => r.text())
  const line = text.split('\n').find((l) => l.startsWith('tablecloth_store_seconds_count{') && l.includes('operation="saveCafe"'))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe.skipIf(Boolean(missing))('a wave of joins', () => {
  it('seats everyone, stores them in fewer commits than people, and refuses only the join that was wrong', async () => {
    const cafe = await createCafe(server.url, { tables: 4 })
    const savesBefore = await cafeSaves()
    const people = Array.from({ length: 40 }, (_, i) => `Guest ${i + 1}`)
    const join = (name: string, table?: number) =>
      fetch(`${server.url}/api/cafes/${cafe.joinCode}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, ...(table !== undefined ? { table } : {}) }),
      })
    // All at once, with one asking for a table the café does not have, in the middle of the wave.
    const answers = await Promise.all([...people.slice(0, 20).map((n) => join(n)), join('Nowhere', 9), ...people.slice(20).map((n) => join(n))])
    const wrong = answers.splice(20, 1)[0]!
    expect(wrong.status).toBeGreaterThanOrEqual(400)
    expect(wrong.status).toBeLessThan(500)
    expect(answers.map((a) => a.status)).toEqual(people.map(() => 201))
    const joined = (await Promise.all(answers.map((a) => a.json()))) as JoinResponse[]
    expect(new Set(joined.map((j) => j.participantId)).size).toBe(people.length)

    // Stored together: fewer saves of the café than people who joined.
    const saves = (await cafeSaves()) - savesBefore
    expect(saves).toBeGreaterThan(0)
    expect(saves).toBeLessThan(people.length)

    // The stored café has each of them at the table they were told, and nobody from the refused join.
    const staff = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    await expect.poll(() => Object.keys(staff.state()?.people ?? {}).length).toBe(people.length)
    const state = staff.state()!
    expect(Object.values(state.people).map((p) => p.name).sort()).toEqual([...people].sort())
    for (const j of joined) expect(state.seating[j.participantId]).toBe(j.table)
    staff.close()

    // Every token was stored with its person: each opens the café as that person.
    for (const j of joined) {
      const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${j.token}` } })
      expect(me.status).toBe(200)
      expect(await me.json()).toMatchObject({ cafeId: cafe.cafeId, participantId: j.participantId })
    }
    // And each personal code: the first and the last of the wave continue on another device.
    for (const j of [joined[0]!, joined.at(-1)!]) {
      const again = await fetch(`${server.url}/api/cafes/${cafe.joinCode}/rejoin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: j.rejoinCode }),
      })
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ participantId: j.participantId, table: j.table })
    }
    console.info(`join wave: ${people.length} joins stored in ${saves} saves of the café`)
  }, 60_000)
})
