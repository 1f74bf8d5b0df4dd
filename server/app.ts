/**
 * Builds one Tablecloth server: express (the API, then the SvelteKit app), socket.io at
 * `/socket.io` and the Yjs endpoint at `/yjs/…`, all on one HTTP server and one port. Used by
 * main.ts, by the dev server and by the tests; it starts nothing until `listen`.
 */
import { createServer, type Server as HttpServer } from 'node:http'
import express, { type RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { Storage } from './storage/storage.js'
import { createCafes, type Cafes } from './cafes/cafes.js'
import { attachCafeSockets } from './cafes/socket.js'
import { createClothAccess } from './cloths/cloth-access.js'
import { clothHooks } from './cloths/provenance.js'
import { createClothSummaries } from './cloths/cloth-summaries.js'
import { clothAccess } from '../shared/cafe/cloth-access.js'
import { parseDocumentName } from '../shared/protocol/documents.js'
import { declareSummaryRoots, summaryAccess } from '../shared/summary/document.js'
import { createRoundTimer } from './cafes/round-timer.js'
import { createHarvests } from './harvest/harvests.js'
import { createClothSources } from './harvest/cloth-sources.js'
import { createDocumentHub, YJS_PATH_PREFIX } from './documents/hub.js'
import { apiNotFound, errorHandler } from './http/errors.js'
import { apiRoutes } from './http/routes.js'
import { facilitatorLinkRoutes } from './http/facilitator-links.js'
import { summaryRoutes } from './http/summary-routes.js'
import { organiserRoutes } from './http/organiser-routes.js'
import { CloseCode } from '../shared/protocol/errors.js'
import { createStaffAuth } from './http/staff-auth.js'
import { securityHeaders } from './http/security-headers.js'
import { requestIds } from './http/request-id.js'
import { createMetrics } from './metrics.js'
import { bearerToken } from './auth/tokens.js'
import { sendError } from './http/errors.js'
import { organiserKeyChecker } from './organisers/organiser-key.js'
import { createRehearsals } from './rehearsal/rehearsals.js'
import { rehearsalRoutes } from './rehearsal/routes.js'
import { createRegistrations } from './prep/registrations.js'
import { prepRoutes } from './prep/routes.js'
import { createErasure } from './privacy/erase-person.js'
import { privacyRoutes } from './privacy/privacy-routes.js'
import { createDeletionSweeper } from './privacy/deletion-sweeper.js'
import { paperRoutes } from './paper/paper-routes.js'
import { watchStorage } from './storage/storage-health.js'
import { createLocalCluster, type ClusterLink } from './cluster/cluster.js'
import type { CafeState } from '../shared/cafe/types.js'
import type { StoredHarvest } from './storage/storage.js'

export interface TableclothOptions {
  storage: Storage
  logger: Logger
  version: string
  /** The SvelteKit app (adapter-node's handler, or Vite's middlewares in development). */
  web?: RequestHandler
  /** The addresses laptops in the room can reach this server on (asked once it listens). */
  addresses?: () => string[]
  /** The server-wide organiser key (server/organisers/organiser-key.ts); without one, only café tokens open results. */
  organiserKey?: string
  /** How often cafés whose deletion date has come are deleted (server/privacy; 10 minutes). */
  sweepMs?: number
  /**
   * The other server processes this one acts as one with (server/cluster; the Redis one from
   * TABLECLOTH_REDIS_URL). Default: this process alone, named `tablecloth`.
   */
  cluster?: ClusterLink
}

export interface Tablecloth {
  httpServer: HttpServer
  cafes: Cafes
  listen(port: number, host: string): Promise<number>
  /** Stops accepting, closes every connection, flushes documents and the store. */
  close(): Promise<void>
}

export function createTablecloth(options: TableclothOptions): Tablecloth {
  const { logger, version } = options
  const cluster = options.cluster ?? createLocalCluster('tablecloth')
  // Which process served a response (every response, upgrades included), and — with several —
  // the cookie nginx keeps a browser on it by (socket.io's long-polling needs one process).
  const nodeCookie = `tablecloth_node=${cluster.node}; Path=/; HttpOnly; SameSite=Lax`
  const nodeHeaders = (): Record<string, string> => ({ 'X-Tablecloth-Node': cluster.node, ...(cluster.clustered ? { 'Set-Cookie': nodeCookie } : {}) })
  const nodeHeaderLines = () => Object.entries(nodeHeaders()).map(([name, value]) => `${name}: ${value}`)
  // Every store call timed for /metrics; the rest of the server sees the same Storage interface.
  const metrics = createMetrics({
    socketConnections: () => sockets.io.engine.clientsCount,
    yjsConnections: () => hub.connectionCount(),
    documents: () => hub.loadedDocuments(),
  })
  // A write the store refuses (disk full, locked) becomes `storage_failed` at every edge, and the
  // staff screens are told when writing stops and when it works again.
  const health = watchStorage(metrics.timed(options.storage), { logger, onChange: (alert) => sockets.announceStorage(alert) })
  const storage = health.storage
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  const httpServer = createServer(app)
  // Who may read a café's results: its staff's tokens, or the server's organiser key.
  const staffAuth = createStaffAuth(storage, options.organiserKey ? organiserKeyChecker(options.organiserKey) : () => false)

  const cafes = createCafes({
    storage,
    logger,
    shared: cluster.shared,
    onChange: (state) => {
      // To every screen of the café, through whichever process it is connected to (the adapter).
      sockets.announce(state)
      cluster.publishCafe({ kind: 'state', state })
      followCafe(state)
      // Entering the harvest takes every table's proposals, before any harvest command runs.
      harvests.cafeChanged(state)
      // A rehearsed café's simulated guests follow it (and come back after a restart).
      rehearsals.cafeChanged(state)
    },
  })
  /** What every process does with a café's new state, whichever process stored it. */
  function followCafe(state: CafeState): void {
    // Every process arms the round's timer: if the one that started the round dies, the others
    // still end it. Their ticks are compare-and-set, so the round ends once.
    timer.watch(state)
    // A rotation moves people: who may write to which cloth changes with it.
    hub.refreshAccess(
      (name) => name.startsWith(`${state.id}/`),
      (principal, name) => {
        const doc = parseDocumentName(name)
        if (doc?.kind === 'summary') return summaryAccess(principal.role) === 'write' ? 'write' : 'read'
        return doc ? clothAccess(state, principal, doc.table) : 'read'
      },
    )
  }
  const announceHarvest = (harvest: StoredHarvest) => {
    sockets.announceHarvest(harvest)
    cluster.publishCafe({ kind: 'harvest', harvest })
  }
  // The harvest reads cloths from the open rooms (else from the store) and stores before announcing.
  const clothSources = createClothSources({ storage, logger, loaded: (name) => hub.loadedDocument(name) })
  const harvests = createHarvests({ storage, logger, cafes, sources: clothSources, onChange: announceHarvest })
  const sockets = attachCafeSockets(httpServer, {
    storage,
    cafes,
    logger,
    harvests,
    clothSummaries: (cafeId, tableCount) => clothSummaries.all(cafeId, tableCount),
    storageFailing: health.failing,
    cluster,
  })
  // socket.io answers its long-polling requests and upgrades itself, before express.
  sockets.io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, nodeHeaders()))
  // The board's counters: summed up from the cloths as they change, pushed to staff screens.
  const clothSummaries = createClothSummaries({ storage, logger, publish: sockets.announceCloths, listening: sockets.hasStaff })
  const timer = createRoundTimer({
    logger,
    tick: async (cafeId) => {
      const result = await cafes.execute(cafeId, { role: 'system' }, { type: 'tick' })
      // A refused tick (not due yet, paused meanwhile) changes nothing: re-arm from the stored state.
      return result.ok ? result.value : cafes.load(cafeId)
    },
  })

  const hub = createDocumentHub({
    storage,
    logger,
    authorize: createClothAccess(storage, cafes),
    hooksFor: (name) => (parseDocumentName(name)?.kind === 'summary' ? { prepare: declareSummaryRoots } : clothHooks(name, cafes)),
    onDocumentChange: (name, doc) => {
      clothSummaries.changed(name, doc)
      // A table writing during the harvest (or flushing offline edits): its proposals count too.
      const cloth = parseDocumentName(name)
      if (cloth?.kind === 'cloth') harvests.clothChanged(cloth.cafeId, cloth.table)
    },
    fanout: cluster.documents,
    responseHeaders: nodeHeaderLines,
  })
  // The rehearsal mode (server/rehearsal): simulated guests who write and vote, and the reset.
  const rehearsals = createRehearsals({
    storage,
    logger,
    cafes,
    harvests,
    hub,
    disconnectParticipants: (cafeId) => sockets.disconnectParticipants(cafeId),
    cluster,
    clothChanged: (name, doc) => clothSummaries.changed(name, doc),
  })
  // A deleted café: gone from memory first (nothing may write it again), then its connections.
  async function forgetCafe(cafeId: string): Promise<void> {
    await cafes.forget(cafeId)
    await rehearsals.forget(cafeId)
    await harvests.forget(cafeId)
    timer.forget(cafeId)
    sockets.disconnectCafe(cafeId)
    await hub.discardDocuments((name) => name.startsWith(`${cafeId}/`), CloseCode.Unauthorized, 'this café was deleted')
  }
  // Deleted here: every process forgets it and closes its documents — this one, then the others,
  // which answer once they have — before the caller deletes the rows, so that no edit through
  // another process lands after the delete (document rows have no café to cascade from).
  async function forgetCafeEverywhere(cafeId: string): Promise<void> {
    await forgetCafe(cafeId)
    await cluster.askCafe({ kind: 'deleted', cafeId })
  }
  const disconnectFacilitators = (cafeId: string) => {
    sockets.disconnectFacilitators(cafeId)
    hub.closeConnections(
      (name, principal) => name.startsWith(`${cafeId}/`) && principal.role === 'facilitator',
      CloseCode.Unauthorized,
      'this facilitator link was replaced',
    )
  }
  // What the other processes stored or saw (server/cluster): each acts on its own connections.
  cluster.onCafeNews((news) => {
    if (news.kind === 'state') {
      if (!cafes.heard(news.state)) return
      followCafe(news.state)
      // Closed through another process: cloth edits made through this one and not yet read
      // into the harvest are read in now, or they would never count.
      if (news.state.phase.kind === 'closed') harvests.cafeChanged(news.state)
    } else if (news.kind === 'harvest') sockets.announceHarvest(news.harvest)
    // Asked: the deleting process waits for this before it deletes the rows (forgetCafeEverywhere).
    else if (news.kind === 'deleted') return forgetCafe(news.cafeId).catch((err: unknown) => logger.error({ err, cafeId: news.cafeId }, 'could not forget a deleted café'))
    else if (news.kind === 'rehearsal-reset') return rehearsals.resetElsewhere(news.cafeId)
    else if (news.kind === 'rehearsal-reset-done') rehearsals.resetDoneElsewhere(news.cafeId)
    else if (news.kind === 'revoked') disconnectFacilitators(news.cafeId)
    else if (news.kind === 'presence') sockets.heardPresence(news)
    else if (news.kind === 'presence-query') sockets.reportPresence()
  })
  // Back from a Redis outage: what was published meanwhile is lost, so read it from the store.
  cluster.onResync(() => {
    logger.warn('the cluster link was down: reading open cafés and documents again from the store')
    cafes.dropCached()
    hub.resync()
    sockets.reportPresence()
  })
  // Their data (server/privacy): erasing a person, and cafés deleted on their date.
  const erase = createErasure({ storage, logger, cafes, hub, harvestChanged: announceHarvest })
  const sweeper = createDeletionSweeper({
    storage,
    logger,
    everyMs: options.sweepMs ?? 10 * 60_000,
    deleteCafe: async (cafeId) => {
      await forgetCafeEverywhere(cafeId)
      await storage.deleteCafe(cafeId)
    },
  })
  httpServer.on('upgrade', (req, socket, head) => {
    // socket.io handles its own upgrades on /socket.io; ours are the Yjs documents. Anything
    // else gets a plain answer at once rather than a socket left hanging until it times out.
    if (req.url?.startsWith(YJS_PATH_PREFIX)) hub.handleUpgrade(req, socket, head)
    else if (!req.url?.startsWith('/socket.io/')) {
      socket.on('error', () => socket.destroy())
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n${nodeHeaderLines().join('\r\n')}\r\n\r\n`)
    }
  })

  app.use((_req, res, next) => {
    res.setHeader('X-Tablecloth-Node', cluster.node)
    if (cluster.clustered) res.append('Set-Cookie', nodeCookie)
    next()
  })
  app.use(securityHeaders())
  app.use(requestIds(logger))
  app.get('/metrics', async (req, res) => {
    // Figures, no personal data; still only for this machine or whoever holds the organiser key.
    // Behind a proxy on this machine (deploy/nginx) every request comes from 127.0.0.1: the client
    // it forwards for (req.ip, read from X-Forwarded-For as `trust proxy` allows) must be local too.
    const loopback = (address: string | undefined) => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
    const local = loopback(req.socket.remoteAddress) && loopback(req.ip)
    const key = bearerToken(req.get('authorization'))
    if (!local && !(options.organiserKey && key && organiserKeyChecker(options.organiserKey)(key))) {
      return sendError(res, 401, 'unauthorized', "metrics are for this machine or the server's organiser key")
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics())
  })
  const registrations = createRegistrations({ storage, cafes, logger })
  app.use(apiRoutes({ cafes, storage, version, node: cluster.node, addresses: options.addresses ?? (() => []), registrations }))
  app.use(prepRoutes({ storage, cafes, staffAuth, registrations }))
  app.use(
    facilitatorLinkRoutes({
      storage,
      disconnectFacilitators: (cafeId) => {
        disconnectFacilitators(cafeId)
        cluster.publishCafe({ kind: 'revoked', cafeId })
      },
    }),
  )
  app.use(organiserRoutes({ storage, cafes, staffAuth, logger, forgetCafe: forgetCafeEverywhere }))
  app.use(rehearsalRoutes({ storage, rehearsals }))
  app.use(privacyRoutes({ storage, cafes, staffAuth, erase }))
  app.use(summaryRoutes({ storage, logger, cafes, harvests, staffAuth, loaded: (name) => hub.loadedDocument(name), imported: (state) => timer.watch(state) }))
  app.use(paperRoutes({ storage, cafes, staffAuth, addresses: options.addresses ?? (() => []) }))
  app.use('/api', apiNotFound)
  if (options.web) app.use(options.web)
  app.use(errorHandler(logger))

  return {
    httpServer,
    cafes,
    async listen(port, host) {
      // Rounds that were running when the server stopped end on time (or at once, if overdue).
      for (const cafeId of await cafes.runningCafeIds()) {
        const state = await cafes.load(cafeId)
        if (state) timer.watch(state)
      }
      sweeper.start()
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject)
        httpServer.listen(port, host, () => {
          const address = httpServer.address()
          resolve(typeof address === 'object' && address ? address.port : port)
        })
      })
    },
    async close() {
      // socket.io's close also stops the HTTP server listening, but its callback waits for every
      // connection to end — including the Yjs sockets, which only the hub closes. So: wait for
      // the server's own 'close' event, after the hub and every idle connection are gone.
      const closed = new Promise<void>((resolve) => httpServer.once('close', () => resolve()))
      timer.close()
      await rehearsals.close()
      await sweeper.stop()
      clothSummaries.close()
      harvests.close()
      sockets.stop()
      void sockets.io.close()
      await hub.close()
      httpServer.closeAllConnections()
      await closed
      // After the hub: the last edits' news still goes out to the other processes.
      await cluster.close()
      await storage.close()
    },
  }
}
