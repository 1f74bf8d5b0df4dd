/**
 * A document room whose store refuses a write: nothing it refused is in the live document, nor
 * relayed, nor seen by a listener on the document (the board's counters, the harvest) — for a
 * client's update and for the server's own edit made in reply (a proposal's provenance).
 */
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import type { WebSocket } from 'ws'
import { DocumentRoom, type Connection } from '../../server/documents/room.js'
import type { Storage } from '../../server/storage/storage.js'
import { CloseCode } from '../../shared/protocol/errors.js'

/** A store that keeps updates in memory and refuses whatever `refuse` says. */
function memoryStore(refuse: (update: Uint8Array) => boolean) {
  const stored: Uint8Array[] = []
  const storage = {
    async loadDocument() {
      return [...stored]
    },
    async countPendingUpdates() {
      return stored.length
    },
    async appendUpdate(_name: string, update: Uint8Array) {
      if (refuse(update)) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
      stored.push(update)
    },
    async compactDocument() {},
  } as unknown as Storage
  return { storage, stored }
}

/** A connection whose socket records what it was sent and how it was closed. */
function connection(): Connection & { sent: Uint8Array[]; closed: number[] } {
  const sent: Uint8Array[] = []
  const closed: number[] = []
  const ws = {
    OPEN: 1,
    get readyState() {
      return closed.length > 0 ? 2 : 1
    },
    send(message: Uint8Array, cb?: (err?: Error) => void) {
      sent.push(message)
      cb?.()
    },
    close(code: number) {
      closed.push(code)
    },
    terminate() {},
  } as unknown as WebSocket
  return { id: 'test', ws, access: 'write', flushed: true, principal: { role: 'participant', participantId: 'p1' }, awarenessIds: new Set(), sent, closed }
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** The text of every sync update a connection was sent, applied to a fresh document. */
function relayed(conn: { sent: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc()
  for (const message of conn.sent) {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== 0) continue
    const step = decoding.readVarUint(decoder)
    if (step === 1 || step === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  }
  return doc
}

function typed(text: string, clientID: number): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  doc.getText('notes').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

const logger = pino({ level: 'silent' })
const settle = () => new Promise((r) => setTimeout(r, 20))

/** Two people at the room's table, both synced: one writes, the other watches what is relayed. */
async function writerAndPeer(room: DocumentRoom) {
  const writer = connection()
  const peer = connection()
  room.join(writer)
  room.join(peer)
  await settle()
  return { writer, peer }
}

describe('a room whose store refuses a write', () => {
  it("keeps a client's refused update out of the document and away from peers, and drops that connection's later frames", async () => {
    // The store refuses the first write it is asked for, and only that one.
    let asked = 0
    const { storage, stored } = memoryStore(() => asked++ === 0)
    const room = new DocumentRoom({ name: 'c/cloth/0', storage, logger, compactAfter: 1000 })
    const changes: string[] = []
    room.doc.on('update', () => changes.push(room.doc.getText('notes').toString()))
    const { writer, peer } = await writerAndPeer(room)

    room.receive(writer, updateFrame(typed('refused', 1)))
    // Sent before the writer heard it was closed: dropped, not stored on its own.
    room.receive(writer, updateFrame(typed('after', 2)))
    await settle()

    expect(writer.closed).toEqual([CloseCode.StorageFailed])
    expect(room.doc.getText('notes').toString()).toBe('')
    expect(relayed(peer).getText('notes').toString()).toBe('')
    expect(changes).toEqual([])
    expect(stored).toEqual([])

    // The next connection's update goes through as usual.
    const again = connection()
    room.join(again)
    room.receive(again, updateFrame(typed('stored', 3)))
    await settle()
    expect(stored).toHaveLength(1)
    expect(relayed(peer).getText('notes').toString()).toBe('stored')
  })

  it("applies the server's own edit only once it is stored: refused, no one reads it, not even the live document", async () => {
    const PROVENANCE = 'provenance'
    let refuseServerEdits = true
    const { storage, stored } = memoryStore((update) => refuseServerEdits && Y.decodeUpdate(update).structs.some((s) => (s as { parent?: unknown }).parent === PROVENANCE))
    const room = new DocumentRoom({
      name: 'c/cloth/0',
      storage,
      logger,
      compactAfter: 1000,
      hooks: {
        prepare: (doc) => void doc.getMap(PROVENANCE),
        afterApply: async () => (doc) => doc.getMap(PROVENANCE).set(`edit-${stored.length}`, 'p1'),
      },
    })
    const seen: number[] = []
    room.doc.on('update', () => seen.push(room.doc.getMap(PROVENANCE).size))
    const { writer, peer } = await writerAndPeer(room)

    room.receive(writer, updateFrame(typed('a proposal', 1)))
    await settle()
    // The client's update is stored and relayed; the server's reply is not, and is nowhere.
    expect(stored).toHaveLength(1)
    expect(room.doc.getText('notes').toString()).toBe('a proposal')
    expect(room.doc.getMap(PROVENANCE).size).toBe(0)
    expect(relayed(peer).getMap(PROVENANCE).size).toBe(0)
    expect(seen.every((n) => n === 0)).toBe(true)
    expect(writer.closed).toEqual([CloseCode.StorageFailed])

    // Stored, the server's edit is applied and relayed as before.
    refuseServerEdits = false
    const next = connection()
    room.join(next)
    room.receive(next, updateFrame(typed('another', 2)))
    await settle()
    expect(stored).toHaveLength(3)
    expect(room.doc.getMap(PROVENANCE).size).toBe(1)
    expect(relayed(peer).getMap(PROVENANCE).toJSON()).toEqual(room.doc.getMap(PROVENANCE).toJSON())
    // Made with an id of the server's own, not the live document's (whose id must not change).
    const id = room.doc.clientID
    expect(Y.decodeUpdate(stored[2]!).structs[0]!.id.client).not.toBe(id)
    expect(room.doc.clientID).toBe(id)
  })
})

describe('a room and the garbage collector', () => {
  it('lets go of the transactions Yjs has cleaned up, so none is held by a list that outlives it', async () => {
    const { storage, stored } = memoryStore(() => false)
    const room = new DocumentRoom({ name: 'c/cloth/0', storage, logger, compactAfter: 1000 })
    // Registered after the room's own listener: what is left in each list once the room is done with it.
    const handedOver: Y.Transaction[][] = []
    room.doc.on('afterAllTransactions', (_doc: Y.Doc, transactions: Y.Transaction[]) => handedOver.push(transactions))
    const { writer, peer } = await writerAndPeer(room)

    room.receive(writer, updateFrame(typed('one', 1)))
    room.receive(writer, updateFrame(typed('two', 2)))
    await settle()

    expect(stored).toHaveLength(2)
    expect(handedOver.length).toBeGreaterThanOrEqual(2)
    expect(handedOver.every((list) => list.length === 0)).toBe(true)
    // Emptying the list changes nothing Yjs still needs: both edits are in the document and relayed.
    expect(room.doc.getText('notes').toString()).toHaveLength(6)
    expect(relayed(peer).getText('notes').toString()).toBe(room.doc.getText('notes').toString())
  })
})
