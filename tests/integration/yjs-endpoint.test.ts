import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs } from '../support/yjs-client.js'

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

describe('the stock y-websocket client against our Yjs endpoint', () => {
  it('two people at one table see each other typing', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const olena = await joinCafe(server.url, cafe.joinCode, 'Olena')
    expect(olena.document).toBe(nino.document)
    const a = connectYjs(server.url, nino.document, nino.token)
    const b = connectYjs(server.url, olena.document, olena.token)
    await Promise.all([a.synced, b.synced])
    a.text.insert(0, 'რესურსცენტრი — ')
    b.text.insert(0, 'Ресурсний центр. ')
    await expect.poll(() => a.text.toString() === b.text.toString() && a.text.length > 20, { timeout: 10_000 }).toBe(true)
    expect(a.text.toString()).toContain('რესურსცენტრი')
    expect(a.text.toString()).toContain('Ресурсний центр')
    a.destroy()
    b.destroy()
  })

  it('keeps every word through a crash (SIGKILL) and a restart', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const writer = connectYjs(server.url, nino.document, nino.token)
    const watcher = connectYjs(server.url, nino.document, cafe.facilitatorToken)
    await Promise.all([writer.synced, watcher.synced])
    for (let i = 0; i < 50; i++) writer.text.insert(writer.text.length, `line ${i}\n`)
    // What the watcher has seen was relayed by the server, so it must be on disk already.
    await expect.poll(() => watcher.text.toString(), { timeout: 10_000 }).toContain('line 49')
    const seen = watcher.text.toString()
    writer.destroy()
    watcher.destroy()
    await server.stop('SIGKILL')
    await server.restart()
    const after = connectYjs(server.url, nino.document, nino.token)
    await after.synced
    expect(after.text.toString()).toBe(seen)
    after.destroy()
  })

  it('closes only the connection that sent a malformed frame', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const good = connectYjs(server.url, nino.document, nino.token)
    await good.synced
    const bad = new WebSocket(`${server.url.replace('http', 'ws')}/yjs/${nino.document}?token=${nino.token}`)
    await new Promise((resolve) => bad.once('open', resolve))
    const closed = new Promise<number>((resolve) => bad.once('close', (code) => resolve(code)))
    // A sync update message (0, 2) claiming a 1,000-byte payload but carrying three bytes.
    bad.send(Uint8Array.from([0, 2, 0xe8, 0x07, 1, 2, 3]))
    expect(await closed).toBe(4400)
    good.text.insert(0, 'still here')
    const other = connectYjs(server.url, nino.document, nino.token)
    await other.synced
    await expect.poll(() => other.text.toString()).toBe('still here')
    expect(good.provider.wsconnected).toBe(true)
    good.destroy()
    other.destroy()
  })

  it('closes a connection whose frame is larger than the limit, and stays up', async () => {
    const cafe = await createCafe(server.url, { tables: 1 })
    const nino = await joinCafe(server.url, cafe.joinCode, 'Nino')
    const big = new WebSocket(`${server.url.replace('http', 'ws')}/yjs/${nino.document}?token=${nino.token}`)
    await new Promise((resolve) => big.once('open', resolve))
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)))
    big.send(new Uint8Array(3 * 1024 * 1024))
    expect(await closed).toBe(1009)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})
