/** Starts Tablecloth: wires the store, the server and the built web app, and prints where to find it. */
import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import pino from 'pino'
import type { RequestHandler } from 'express'
import { readConfig } from './config.js'
import { createStorage } from './storage/index.js'
import { createTablecloth } from './app.js'
import { reachableUrls } from './addresses.js'
import { loadOrganiserKey } from './organisers/organiser-key.js'
import { createLocalCluster } from './cluster/cluster.js'
import { createRedisCluster } from './cluster/redis.js'

const root = join(import.meta.dirname, '..')
const config = (() => {
  try {
    return readConfig()
  } catch (err) {
    // A setting the operator must fix (e.g. Redis without PostgreSQL): say what, without a stack trace.
    process.stderr.write(`Tablecloth cannot start: ${(err as Error).message}\n`)
    process.exit(1)
  }
})()
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

const handlerFile = join(root, 'build', 'handler.js')
if (!existsSync(handlerFile)) {
  logger.fatal('the web app is not built: run `npm run build` (npm start does it for you)')
  process.exit(1)
}
const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: RequestHandler }

const { storage, kind: store, where: storeAt } = await (async () => {
  try {
    return await createStorage(config)
  } catch (err) {
    // An unreachable database or a schema newer than this server: say so, without a stack trace.
    process.stderr.write(`Tablecloth cannot open its store: ${(err as Error).message}\n`)
    process.exit(1)
  }
})()
// With Redis, one process of several acting as one (server/cluster); without, the embedded server.
const cluster = await (async () => {
  if (!config.redisUrl) return createLocalCluster(config.node)
  try {
    return await createRedisCluster({ url: config.redisUrl, node: config.node, logger })
  } catch (err) {
    process.stderr.write(`Tablecloth cannot join its cluster: ${(err as Error).message}\n`)
    process.exit(1)
  }
})()
let port = config.port
const server = createTablecloth({
  cluster,
  storage,
  logger,
  version,
  organiserKey: organiser.key,
  sweepMs: config.sweepMs,
  web: handler,
  addresses: () => reachableUrls(config.host, port, config.publicUrl),
})
port = await server.listen(config.port, config.host)

const urls = reachableUrls(config.host, port, config.publicUrl)
logger.info({ port, host: config.host, data: config.dataDir, store, storeAt, node: config.node, cluster: cluster.clustered, urls }, 'Tablecloth is listening')
process.stdout.write(`\nTablecloth ${version} is running. Open one of these:\n${urls.map((u) => `  ${u}`).join('\n')}\n\n`)
if (organiser.source === 'created') {
  // Printed once, at the first start: after that it is in the data folder for the operator to read.
  process.stdout.write(
    `Organisers' key (opens every café on this server at ${urls[0] ?? ''}/organise):\n  ${organiser.key}\n` +
      `It is kept in ${join(config.dataDir, 'organiser-key')}; set TABLECLOTH_ORGANISER_KEY to choose your own.\n\n`,
  )
}

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down')
  try {
    await server.close()
    process.exit(0)
  } catch (err) {
    logger.error({ err }, 'shutdown failed')
    process.exit(1)
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
