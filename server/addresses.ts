/**
 * The addresses a facilitator can give out: `TABLECLOTH_PUBLIC_URL` when the server runs behind
 * a proxy; otherwise each IPv4 address of this machine's LAN interfaces, and localhost last.
 */
import { networkInterfaces } from 'node:os'

export function reachableUrls(host: string, port: number, publicUrl?: string): string[] {
  if (publicUrl) return [publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`]
  const urls: string[] = []
  if (host !== '0.0.0.0' && host !== '::') {
    if (host !== 'localhost' && host !== '127.0.0.1') urls.push(`http://${host}:${port}/`)
    return [...urls, `http://localhost:${port}/`]
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}/`)
    }
  }
  return [...urls, `http://localhost:${port}/`]
}
