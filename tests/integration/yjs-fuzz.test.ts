/**
 * A curious participant pokes at the Yjs endpoint with whatever bytes they like. Whatever they
 * send — text frames, empty frames, a sync message cut off at every byte, garbage, updates built
 * to loop or to claim gigabytes, presence for someone else, names that climb out of the café —
 * the server stays up, closes only the offending connection with a clear code, stores nothing it
 * refused, and everyone else's document stays exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import WebSocket from 'ws'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { connect } from 'node:net'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs, tryUpgrade, type YjsClient } from '../support/yjs-client.js'
import type { CreateCafeResponse, JoinResponse } from '../../shared/protocol/http.js'

let server: RunningServer
let cafe: CreateCafeResponse
let nino: JoinResponse
let olena: JoinResponse
/** Stays connected through every attack: must never be closed, and sees the document unchanged. */
let bystander: YjsClient
const BASELINE = 'Resource centres need a second funder. რესურსცენტრი'

beforeAll(async () => {
  server = await startServer()
  cafe = await createCafe(server.url, { tables: 2 })
  nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
  olena = await joinCafe(server.url, cafe.joinCode, 'Olena')
  bystander = connectYjs(server.url, nino.document, nino.token)
  await bystander.synced
  bystander.text.insert(0, BASELINE)
  // Stored and relayed before the attacks begin.
  const deadline = Date.now() + 10_000
  while ((await documentText()) !== BASELINE) {
    if (Date.now() > deadline) throw new Error('the baseline text never reached the store')
    await new Promise((r) => setTimeout(r, 100))
  }
})
afterAll(async () => {
  bystander?.destroy()
  await server.stop()
})

const wsUrl = (document: string, token: string) => `${server.url.replace(/^http/, 'ws')}/yjs/${document}?token=${token}`

/** Sends frames on a fresh connection; resolves with the close code (or 'open' if still open after `waitMs`). */
async function attack(frames: (Uint8Array | string)[], document = nino.document, token = nino.token, waitMs = 400): Promise<number | 'open'> {
  const ws = new WebSocket(wsUrl(document, token))
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
  for (const f of frames) ws.send(f, { binary: typeof f !== 'string' })
  const outcome = await Promise.race([closed, new Promise<'open'>((r) => setTimeout(() => r('open'), waitMs))])
  if (outcome === 'open') {
    ws.terminate()
  }
  return outcome
}

/**
 * An upgrade request with the path exactly as given (a WebSocket library would normalise `..`
 * away before sending); resolves with the HTTP status the server answered.
 */
function rawUpgrade(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      )
    })
    let answer = ''
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1')
      const status = answer.match(/^HTTP\/1\.1 (\d{3})/)
      if (status) {
        socket.destroy()
        resolve(Number(status[1]))
      }
    })
    socket.on('error', reject)
    socket.setTimeout(10_000, () => reject(new Error(`no answer to ${path}`)))
  })
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** A real update of someone typing at the table (what a sync message would carry). */
function typingUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('notes').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

async function documentText(document = nino.document): Promise<string> {
  const c = connectYjs(server.url, document, cafe.facilitatorToken)
  await c.synced
  const text = c.text.toString()
  c.destroy()
  return text
}

async function expectUnharmed(): Promise<void> {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  expect(bystander.provider.wsconnected).toBe(true)
  expect(await documentText()).toBe(BASELINE)
}

/** The store's document names, read from the SQLite file beside the running server (WAL allows a reader). */
function storedDocumentNames(): string[] {
  const db = new Database(join(server.dataDir, 'tablecloth.db'), { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare<[], { document: string }>('SELECT document FROM document_updates UNION SELECT document FROM document_snapshots')
      .all()
    return rows.map((r) => r.document).sort()
  } finally {
    db.close()
  }
}

describe('the Yjs endpoint under bad input', () => {
  it('closes a text frame and an empty frame with 4400', async () => {
    expect(await attack(['hello'])).toBe(4400)
    expect(await attack([new Uint8Array(0)])).toBe(4400)
    await expectUnharmed()
  })

  it('closes a sync update cut off at every byte with 4400, and stores none of it', async () => {
    const whole = syncMessage(2, typingUpdate('I should never be stored: cut off'))
    const codes = new Set<number | 'open'>()
    // Every strict prefix of length ≥ 1 (the empty frame is covered above).
    for (let cut = 1; cut < whole.length; cut++) codes.add(await attack([whole.slice(0, cut)], nino.document, nino.token, 250))
    expect([...codes]).toEqual([4400])
    await expectUnharmed()
  }, 120_000)

  it('survives random garbage frames: each is closed or harmless, the document never changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 3 }), async (frames) => {
        const outcome = await attack(frames, nino.document, nino.token, 150)
        expect([4400, 4403, 'open']).toContain(outcome)
      }),
      { numRuns: 120 },
    )
    await expectUnharmed()
  }, 120_000)

  it('refuses updates built to loop or to claim huge sizes, quickly', async () => {
    const e = encoding.createEncoder()
    // An update claiming 2^53 struct groups, then a few bytes: decoding must stop at the end of the frame.
    encoding.writeVarUint(e, Number.MAX_SAFE_INTEGER)
    encoding.writeVarUint(e, 1)
    const hugeCount = encoding.toUint8Array(e)
    const lyingLength = Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])
    // Deeply nested varints of maximal length.
    const longVarint = Uint8Array.from([0, 2, ...new Array<number>(5000).fill(0xff), 0x01])
    for (const frame of [syncMessage(2, hugeCount), syncMessage(0, hugeCount), lyingLength, longVarint, syncMessage(7, new Uint8Array(4))]) {
      const started = Date.now()
      expect(await attack([frame])).toBe(4400)
      expect(Date.now() - started).toBeLessThan(5_000)
    }
    await expectUnharmed()
  })

  it('closes a frame over the size limit with 1009 and stays up', async () => {
    expect(await attack([new Uint8Array(2 * 1024 * 1024 + 1)])).toBe(1009)
    await expectUnharmed()
  })

  it("refuses presence updates that change someone else's entry", async () => {
    // Olena's page announces her cursor; a second connection tries to overwrite and then remove it.
    const victim = connectYjs(server.url, olena.document, olena.token)
    await victim.synced
    victim.provider.awareness.setLocalStateField('user', { name: 'Olena' })
    const watcher = connectYjs(server.url, olena.document, cafe.facilitatorToken)
    await watcher.synced
    const victimId = victim.doc.clientID
    await expect.poll(() => (watcher.provider.awareness.getStates().get(victimId) as { user?: { name: string } } | undefined)?.user?.name).toBe('Olena')

    const forgedDoc = new Y.Doc()
    forgedDoc.clientID = victimId
    const forged = new awarenessProtocol.Awareness(forgedDoc)
    // A clock far ahead of the real one, so a server that applied it would replace her entry.
    forged.setLocalState({ user: { name: 'Mallory' } })
    forged.meta.set(victimId, { clock: 1_000_000, lastUpdated: Date.now() })
    const overwrite = encoding.createEncoder()
    encoding.writeVarUint(overwrite, 1)
    encoding.writeVarUint8Array(overwrite, awarenessProtocol.encodeAwarenessUpdate(forged, [victimId]))
    expect(await attack([encoding.toUint8Array(overwrite)], olena.document, nino.token)).toBe(4403)

    forged.meta.set(victimId, { clock: 1_000_001, lastUpdated: Date.now() })
    forged.setLocalState(null)
    forged.meta.set(victimId, { clock: 1_000_002, lastUpdated: Date.now() })
    const removal = encoding.createEncoder()
    encoding.writeVarUint(removal, 1)
    encoding.writeVarUint8Array(removal, awarenessProtocol.encodeAwarenessUpdate(forged, [victimId]))
    // The stock client itself sends removals of peers it stopped hearing from: ignored, not applied.
    expect(await attack([encoding.toUint8Array(removal)], olena.document, nino.token)).toBe('open')

    // Her own entry is as she set it.
    await new Promise((r) => setTimeout(r, 300))
    expect(watcher.provider.wsconnected).toBe(true)
    expect((watcher.provider.awareness.getStates().get(victimId) as { user?: { name: string } } | undefined)?.user?.name).toBe('Olena')
    victim.destroy()
    watcher.destroy()
    forged.destroy()
    await expectUnharmed()
  })

  it('refuses names that climb out of a café or are not ours, and stores no row for any of them', async () => {
    const known = storedDocumentNames()
    const crafted = [
      `${cafe.cafeId}/table/1/../../other/table/1`,
      `${cafe.cafeId}%2Ftable%2F1`,
      `${cafe.cafeId}%2ftable%2f1%00`,
      `${cafe.cafeId}/table/1%00`,
      `..%2F..%2F${cafe.cafeId}/table/1`,
      `${cafe.cafeId}/table/0`,
      `${cafe.cafeId}/table/3`,
      `${cafe.cafeId}/table/01`,
      `${cafe.cafeId}/summary/../table/1`,
      `%`,
      `%E0%A4%A`,
      `${cafe.cafeId}/table/%`,
      '',
      '/',
    ]
    for (const name of crafted) {
      const status = await rawUpgrade(`/yjs/${name}?token=${nino.token}`)
      expect([400, 401, 403, 404], name).toContain(status)
    }
    // The same path, as a control, opens (so the refusals above are about the names).
    expect(await rawUpgrade(`/yjs/${nino.document}?token=${nino.token}`)).toBe(101)
    // 10,000 random names, 50 at a time.
    const names = fc.sample(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.string({ unit: fc.constantFrom('/', '.', '%', '2', 'F', 'f', '0', 'a', cafe.cafeId, 'table', 'summary', '\u0000', '1'), maxLength: 12 }),
      ),
      { numRuns: 10_000, seed: 42 },
    )
    const statuses = new Map<number | string, number>()
    for (let i = 0; i < names.length; i += 50) {
      const batch = names.slice(i, i + 50)
      const outcomes = await Promise.all(batch.map((n) => tryUpgrade(wsUrl(encodeURIComponent(n).replace(/%2F/g, '/'), nino.token))))
      for (const [j, o] of outcomes.entries()) {
        const key = o.opened ? 'opened' : (o.status ?? 'no answer')
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
        // A random name may happen to be one of this café's real documents; anything else is refused.
        if (o.opened) expect([nino.document, olena.document, `${cafe.cafeId}/table/2`]).toContain(decodeURIComponent(encodeURIComponent(batch[j]!)))
      }
    }
    expect(statuses.get('no answer') ?? 0).toBe(0)
    expect(storedDocumentNames()).toEqual(known)
    await expectUnharmed()
  }, 300_000)
})
