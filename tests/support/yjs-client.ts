/** The stock y-websocket client in Node, as any script or other client would use it. */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

export interface YjsClient {
  doc: Y.Doc
  provider: WebsocketProvider
  text: Y.Text
  synced: Promise<void>
  destroy(): void
}

export function connectYjs(
  baseUrl: string,
  document: string,
  token: string | undefined,
  field = 'notes',
  /** Another WebSocket class (one that sends a cookie, or reads the 101's headers). */
  webSocket: new (address: string, protocols?: string | string[]) => WebSocket = WebSocket,
): YjsClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, document, doc, {
    params: token === undefined ? {} : { token },
    WebSocketPolyfill: webSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    provider.on('sync', (s: boolean) => s && resolve())
  })
  return {
    doc,
    provider,
    text: doc.getText(field),
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Opens a raw WebSocket to the Yjs endpoint and reports how the server answered the upgrade. */
export function tryUpgrade(url: string): Promise<{ status?: number; opened: boolean }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('open', () => {
      ws.close()
      resolve({ opened: true })
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode, opened: false })
      ws.terminate()
    })
    ws.on('error', () => resolve({ opened: false }))
  })
}
