/** The addresses a facilitator can give out: localhost, and each IPv4 address of this machine's LAN interfaces. */
import { networkInterfaces } from 'node:os'

export function reachableUrls(host: string, port: number): string[] {
  const urls = [`http://localhost:${port}/`]
  if (host !== '0.0.0.0' && host !== '::') {
    if (host !== 'localhost' && host !== '127.0.0.1') urls.push(`http://${host}:${port}/`)
    return urls
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}/`)
    }
  }
  return urls
}
