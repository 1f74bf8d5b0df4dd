/**
 * "Has the server got everything I sent?" over the stock y-websocket protocol, which has no
 * acknowledgements. Our server handles the frames of one connection strictly in order and stores
 * each update before it handles the next frame (docs/ARCHITECTURE.md), so when it answers a sync
 * step 1 sent after some updates, those updates are on its disk. The answer is the next sync
 * step 2 on that connection; the only other step 2 it sends answers the client's own opening
 * step 1, which arrives before the provider reports `synced`.
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { messageSync, type WebsocketProvider } from 'y-websocket'

export interface ServerAck {
  /** Resolves true once the server has handled everything sent before; false if the connection dropped first. */
  request(): Promise<boolean>
}

export function installServerAck(provider: WebsocketProvider): ServerAck {
  let waiting: ((ok: boolean) => void)[] = []
  const handle = provider.messageHandlers[messageSync]!
  provider.messageHandlers[messageSync] = (encoder, decoder, p, fromServer, messageType) => {
    const wasSynced = p.synced
    const step = decoding.peekVarUint(decoder)
    handle(encoder, decoder, p, fromServer, messageType)
    if (fromServer && wasSynced && step === syncProtocol.messageYjsSyncStep2) waiting.shift()?.(true)
  }
  const dropAll = () => {
    const dropped = waiting
    waiting = []
    for (const resolve of dropped) resolve(false)
  }
  provider.on('connection-close', dropAll)
  provider.on('status', ({ status }) => {
    if (status !== 'connected') dropAll()
  })
  return {
    request() {
      const ws = provider.ws
      if (!provider.synced || !ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve(false)
      return new Promise<boolean>((resolve) => {
        waiting.push(resolve)
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, messageSync)
        syncProtocol.writeSyncStep1(encoder, provider.doc)
        ws.send(encoding.toUint8Array(encoder))
      })
    },
  }
}
