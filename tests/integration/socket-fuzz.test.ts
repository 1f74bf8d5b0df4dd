/**
 * Every socket.io event a client can send, with whatever payload a curious participant types
 * into the console: wrong types, huge values, unknown ids, no ack, extra arguments, floods, and
 * messages over the size limit on both transports (WebSocket and HTTP long-polling). The server
 * answers each with a clear refusal, never crashes, never changes the café for a refused command,
 * and only the offending connection is closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { io, type Socket } from 'socket.io-client'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'
import { SOCKET_EVENT_BURST, SOCKET_MAX_MESSAGE_BYTES } from '../../shared/protocol/limits.js'

let server: RunningServer
let cafe: CreateCafeResponse
let nino: JoinResponse
/** Connected throughout: never disconnected by anyone else's abuse. */
let bystander: CafeClient

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 2 })
  nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
  bystander = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
})
afterAll(async () => {
  bystander?.close()
  await server.stop()
})

const EVENTS = ['cafe:command', 'harvest:command', 'cafe:broadcast', 'time:sync'] as const

/** Anything JSON (and a bit more) a client could send: nested, huge, odd numbers, binary. */
const payload = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false, withTypedArray: false }),
  fc.record({ type: fc.constantFrom('start', 'pause', 'extend', 'move', 'remove', 'merge', 'place-dot', 'plan-rotation', 'set-tables', 'open-voting', '__proto__', 'tick', 'join') }, { requiredKeys: ['type'] }),
  fc.record({
    type: fc.constantFrom('extend', 'move', 'make-host', 'rename-table', 'plan-rotation', 'place-dot', 'open-voting', 'undo'),
    minutes: fc.oneof(fc.integer(), fc.double(), fc.string()),
    personId: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('__proto__'), fc.constant('constructor')),
    table: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.double(), fc.constant(Number.NaN)),
    seed: fc.oneof(fc.integer(), fc.double()),
    name: fc.string({ maxLength: 5000 }),
    itemKey: fc.string({ maxLength: 500 }),
    mergeId: fc.string({ maxLength: 100 }),
    dotsPerVoter: fc.oneof(fc.integer(), fc.double()),
    text: fc.string({ maxLength: 2000 }),
    clientTime: fc.oneof(fc.double(), fc.string()),
  }),
  fc.uint8Array({ maxLength: 64 }),
)

function raw(token: string, transports: ('websocket' | 'polling')[] = ['websocket']): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(server.url, { auth: { token, cafeId: cafe.cafeId }, transports, reconnection: false })
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

async function versionNow(): Promise<number> {
  const probe = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
  await expect.poll(() => probe.state()?.version, { timeout: 10_000 }).toBeGreaterThan(0)
  const v = probe.state()!.version
  probe.close()
  return v
}

describe('socket.io events under bad input', () => {
  it('answers every malformed event with a clear refusal, and a refused command changes nothing', async () => {
    const participant = await raw(nino.token)
    const staff = await raw(cafe.facilitatorToken)
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...EVENTS), payload, fc.boolean(), async (event, body, asStaff) => {
        const socket = asStaff ? staff : participant
        // Paced under the event limit: this is about content, the flood test is below.
        await new Promise((r) => setTimeout(r, 55))
        const version = bystander.state()!.version
        const reply = (await socket.timeout(5_000).emitWithAck(event, body)) as { ok: boolean; code?: string; message?: string }
        if (!reply.ok) {
          expect(typeof reply.code).toBe('string')
          expect(reply.message?.length ?? 0).toBeGreaterThan(0)
          expect(bystander.state()!.version).toBe(version)
        } else if (event === 'cafe:command') {
          // A random value that happens to be a valid command (`start`, say) runs exactly once.
          accepted++
          await expect.poll(() => bystander.state()!.version, { timeout: 10_000 }).toBe(version + 1)
        }
      }),
      { numRuns: 150, seed: 7 },
    )
    expect(participant.connected).toBe(true)
    expect(staff.connected).toBe(true)
    participant.disconnect()
    staff.disconnect()
    console.info(`${accepted} of 150 random events were valid café commands`)
    expect(bystander.socket.connected).toBe(true)
  }, 120_000)

  it('ignores events without an ack, unknown events and extra arguments, and stays up', async () => {
    const socket = await raw(nino.token)
    for (const event of [...EVENTS, 'no:such-event', 'hello', 'cafe:state']) {
      socket.emit(event, { type: 'start' })
      socket.emit(event, { type: 'start' }, 'extra', 42)
      await new Promise((r) => setTimeout(r, 60))
    }
    const reply = (await socket.timeout(5_000).emitWithAck('time:sync', { clientTime: 1 })) as { ok: boolean }
    expect(reply.ok).toBe(true)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    socket.disconnect()
  })

  it('answers a flood with rate_limited, keeps the connection usable after a pause, and closes one that ignores it', async () => {
    const socket = await raw(nino.token)
    const replies = await Promise.all(
      Array.from({ length: SOCKET_EVENT_BURST + 40 }, (_, i) =>
        socket.timeout(10_000).emitWithAck('time:sync', { clientTime: i }) as Promise<{ ok: boolean; code?: string }>,
      ),
    )
    const limited = replies.filter((r) => !r.ok)
    expect(limited.length).toBeGreaterThanOrEqual(30)
    expect(new Set(limited.map((r) => r.code))).toEqual(new Set(['rate_limited']))
    await new Promise((r) => setTimeout(r, 1_500))
    expect(((await socket.timeout(5_000).emitWithAck('time:sync', { clientTime: 1 })) as { ok: boolean }).ok).toBe(true)
    // One that keeps flooding without listening is disconnected; others stay.
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))
    for (let i = 0; i < 1_000; i++) socket.emit('time:sync', { clientTime: i }, () => undefined)
    expect(await disconnected).toBe('io server disconnect')
    expect(bystander.socket.connected).toBe(true)
  })

  for (const transport of ['websocket', 'polling'] as const) {
    it(`closes only the connection that sends a message over ${SOCKET_MAX_MESSAGE_BYTES / 1024} KB (${transport})`, async () => {
      const before = await versionNow()
      const socket = await raw(cafe.facilitatorToken, [transport])
      const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))
      socket.emit('cafe:command', { type: 'rename-table', table: 0, name: 'x'.repeat(SOCKET_MAX_MESSAGE_BYTES + 10) }, () => undefined)
      expect(['transport close', 'transport error']).toContain(await gone)
      expect(bystander.socket.connected).toBe(true)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      expect(await versionNow()).toBe(before)
    })
  }
})
