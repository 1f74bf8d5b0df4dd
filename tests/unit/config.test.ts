import { describe, expect, it } from 'vitest'
import { defaultNodeName, readConfig } from '../../server/config.js'

describe("the operator's cluster settings", () => {
  it('names this process validly whatever the machine is called', () => {
    expect(defaultNodeName('vm', 42)).toBe('vm-42')
    expect(defaultNodeName('Nino’s laptop (hall B)', 7)).toMatch(/^[A-Za-z0-9_.-]{1,64}$/)
    expect(defaultNodeName('x'.repeat(300), 4_194_304)).toMatch(/^[A-Za-z0-9_.-]{1,64}$/)
    expect(defaultNodeName('', 1)).toBe('tablecloth-1')
    expect(readConfig({}).node).toMatch(/^[A-Za-z0-9_.-]{1,64}$/)
    expect(readConfig({ TABLECLOTH_NODE: 'node2' }).node).toBe('node2')
    expect(() => readConfig({ TABLECLOTH_NODE: 'node 2' })).toThrow(/TABLECLOTH_NODE/)
  })

  it('joins a cluster only with PostgreSQL, and only at a Redis address', () => {
    expect(readConfig({}).redisUrl).toBeUndefined()
    expect(() => readConfig({ TABLECLOTH_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/SQLite/)
    expect(() => readConfig({ TABLECLOTH_REDIS_URL: 'http://x', TABLECLOTH_DATABASE_URL: 'postgres://u@h/db' })).toThrow(/Redis address/)
    expect(readConfig({ TABLECLOTH_REDIS_URL: 'redis://127.0.0.1:6379', TABLECLOTH_DATABASE_URL: 'postgres://u@h/db' }).redisUrl).toBe('redis://127.0.0.1:6379')
  })
})
