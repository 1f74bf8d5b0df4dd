import { afterEach, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { reachableUrls } from '../../server/addresses.js'

let server: RunningServer | undefined
afterEach(() => server?.stop())

describe('the address a facilitator gives out', () => {
  it('is the public URL when the server runs behind a proxy', async () => {
    const proxied = await startServer({ env: { TABLECLOTH_PUBLIC_URL: 'https://cafe.example.org' } })
    server = proxied
    const res = await fetch(`${proxied.url}/api/addresses`)
    expect(await res.json()).toEqual({ urls: ['https://cafe.example.org/'] })
    await expect.poll(() => proxied.output()).toContain('https://cafe.example.org/')
  })

  it('lists the LAN addresses first and localhost last when listening on every interface', () => {
    const urls = reachableUrls('0.0.0.0', 3000)
    expect(urls.at(-1)).toBe('http://localhost:3000/')
    for (const url of urls.slice(0, -1)) expect(url).toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:3000\/$/)
    expect(reachableUrls('192.168.1.23', 3000)).toEqual(['http://192.168.1.23:3000/', 'http://localhost:3000/'])
  })
})
