/**
 * `npm run dev`: the same server as `npm start`, with Vite's dev middleware (hot reload of the
 * web app) in place of the built SvelteKit handler, so the API, socket.io and Yjs run on the
 * one port exactly as in production.
 */
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import pino from 'pino'
import { createServer as createVite, type ViteDevServer } from 'vite'
import { readConfig } from './config.js'
import { createStorage } from './storage/index.js'
import { createTablecloth } from './app.js'
import { reachableUrls } from './addresses.js'
import { loadOrganiserKey } from './organisers/organiser-key.js'
import { createLocalCluster } from './cluster/cluster.js'

const root = join(import.meta.dirname, '..')
const config = readConfig()
const logger = pino({ level: config.logLevel })
const organiser = (() => {
  try {
    return loadOrganiserKey(config.dataDir, config.organiserKey)
  } catch (err) {
    // A setting the operator must fix: say what, without a stack trace in the way.
    process.stderr.write(`Tablecloth cannot start: ${(err as Error).message}\n`)
    process.exit(1)
  }
})()
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }

let vite: ViteDevServer | undefined
let port = config.port
const server = createTablecloth({
  // One process (npm start runs a cluster member): named as configured.
  cluster: createLocalCluster(config.node),
  addresses: () => reachableUrls(config.host, port, config.publicUrl),
  storage: (await createStorage(config)).storage,
  logger,
  organiserKey: organiser.key,
  sweepMs: config.sweepMs,
  version: `${version}-dev`,
  web: (req, res, next) => (vite ? vite.middlewares(req, res, next) : next()),
})
vite = await createVite({
  root,
  appType: 'custom',
  server: { middlewareMode: true, hmr: { server: server.httpServer } },
})
port = await server.listen(config.port, config.host)
process.stdout.write(`\nTablecloth (dev) on:\n${reachableUrls(config.host, port, config.publicUrl).map((u) => `  ${u}`).join('\n')}\n\n`)

async function stop() {
  await vite?.close()
  await server.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
