/** The operator's settings, from the environment; the defaults suit a laptop on a venue LAN. */
import { resolve } from 'node:path'

export interface Config {
  port: number
  host: string
  dataDir: string
  logLevel: string
  /** The address people use when the server runs behind a proxy (https://cafe.example.org). */
  publicUrl?: string
  /** The server-wide organiser key, when the operator set one (else it is made in the data folder). */
  organiserKey?: string
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`)
  return {
    port,
    // 0.0.0.0 so the laptops at the tables can reach the facilitator's laptop over the LAN.
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.TABLECLOTH_DATA ?? './data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...(env.TABLECLOTH_PUBLIC_URL ? { publicUrl: env.TABLECLOTH_PUBLIC_URL } : {}),
    ...(env.TABLECLOTH_ORGANISER_KEY !== undefined ? { organiserKey: env.TABLECLOTH_ORGANISER_KEY } : {}),
  }
}
