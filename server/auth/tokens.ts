/**
 * Tokens are bearer secrets: 32 random bytes, base64url. Only their SHA-256 is stored, so a
 * copy of the data folder does not let anyone act as a facilitator. A plain hash (not a slow
 * one) is right here: the token has 256 bits of entropy, nothing to brute-force.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Storage, TokenRecord } from '../storage/storage.js'

export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/**
 * Personal rejoin codes live in the token table too, hashed with their café and a prefix, so a
 * code can never be presented as a token nor found from another café.
 */
export function hashRejoinCode(cafeId: string, code: string): string {
  return hashToken(`rejoin:${cafeId}:${code}`)
}

/** Looks up who a presented token belongs to; undefined for anything not issued by us. */
export async function authenticate(storage: Storage, token: unknown): Promise<TokenRecord | undefined> {
  // A token we issued is always 43 base64url characters; anything else is not worth a lookup.
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined
  return storage.findToken(hashToken(token))
}

/** Pulls the bearer token out of an `Authorization` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i)
  return match?.[1]
}
