/**
 * A TCP proxy between a browser and the server, to cut a laptop's connection the way venue wifi
 * does. Chromium's offline mode leaves open WebSockets alone (../shared/BROWSER.md); stopping
 * this proxy closes every connection through it and refuses new ones until it starts again, on
 * the same port, so the page's address does not change.
 */
import { connect, createServer, type Server, type Socket } from 'node:net'
import { freePort } from './server.js'

export interface TcpProxy {
  /** The port the page talks to. */
  port: number
  /** Whether connections are passing now. */
  running(): boolean
  /** Listens again on the same port. */
  start(): Promise<void>
  /** Cuts every open connection and stops listening. */
  stop(): Promise<void>
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort()
  const open = new Set<Socket>()
  let server: Server | undefined

  function relay(client: Socket) {
    const upstream = connect(targetPort, targetHost)
    open.add(client)
    open.add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    // A server restart or a stop ends both halves together, like a dropped link.
    for (const socket of [client, upstream]) {
      socket.on('error', drop)
      socket.on('close', drop)
    }
    client.pipe(upstream)
    upstream.pipe(client)
  }

  function start(): Promise<void> {
    if (server) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const listening = createServer(relay)
      listening.once('error', reject)
      listening.listen(port, '127.0.0.1', () => {
        server = listening
        resolve()
      })
    })
  }

  function stop(): Promise<void> {
    const closing = server
    server = undefined
    for (const socket of open) socket.destroy()
    open.clear()
    return new Promise((resolve) => (closing ? closing.close(() => resolve()) : resolve()))
  }

  await start()
  return { port, running: () => server !== undefined, start, stop }
}
