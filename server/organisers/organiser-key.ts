/**
 * The server-wide organiser key: it opens the list of every café on this server (and their
 * downloads, and delete). Set by the operator with TABLECLOTH_ORGANISER_KEY, or made once at
 * first start and kept in the data folder, so it survives restarts and is printed only then.
 * Only its hash stays in memory after start-up; requests are compared in constant time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash, timingSafeEqual } from 'node:crypto'
import { generateToken } from '../auth/tokens.js'

export const ORGANISER_KEY_FILE = 'organiser-key'
/** Shortest key an operator may set: a guessable key would open every café on the server. */
export const MIN_ORGANISER_KEY_LENGTH = 16

export interface OrganiserKey {
  key: string
  /** Where it came from: the environment, the data folder, or made just now (print it). */
  source: 'env' | 'file' | 'created'
}

/** The key to use: the environment's, else the data folder's, else a new one written there. */
export function loadOrganiserKey(dataDir: string, fromEnv: string | undefined): OrganiserKey {
  if (fromEnv !== undefined) {
    const key = fromEnv.trim()
    if (key.length < MIN_ORGANISER_KEY_LENGTH) {
      throw new Error(`TABLECLOTH_ORGANISER_KEY must be at least ${MIN_ORGANISER_KEY_LENGTH} characters`)
    }
    return { key, source: 'env' }
  }
  const file = join(dataDir, ORGANISER_KEY_FILE)
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim()
    if (key.length >= MIN_ORGANISER_KEY_LENGTH) return { key, source: 'file' }
  }
  mkdirSync(dataDir, { recursive: true })
  const key = generateToken()
  // Readable by the operator's account only: the key opens every café.
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
  return { key, source: 'created' }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/** A checker that holds only the key's hash and compares in constant time. */
export function organiserKeyChecker(key: string): (presented: string | undefined) => boolean {
  const expected = digest(key)
  return (presented) => typeof presented === 'string' && presented.length > 0 && timingSafeEqual(digest(presented), expected)
}
