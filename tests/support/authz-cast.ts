/**
 * Everyone the authorization matrix (tests/integration/authorization-matrix.test.ts) asks on
 * behalf of, for one café: its facilitator and organiser, a host and two participants (one at the
 * host's table, one at the other table), someone erased, a facilitator token the organiser
 * replaced — and, from outside, the server's organiser key, another café's tokens, no token and a
 * forged one. Built over the real API only, as the people themselves would get their tokens.
 */
import { randomBytes } from 'node:crypto'
import type { CreateCafeResponse, FacilitatorLinkResponse, JoinResponse } from '../../shared/protocol/http.js'
import { createCafe } from './cafe.js'
import { connectCafe } from './cafe-socket.js'
import { ok } from './wait.js'

/** The matrix's columns, in the order its tables are written. */
export const ROLES = [
  'facilitator',
  'host',
  'here',
  'elsewhere',
  'organiser',
  'key',
  'otherFacilitator',
  'otherOrganiser',
  'otherParticipant',
  'none',
  'forged',
  'revoked',
  'erased',
] as const
export type Role = (typeof ROLES)[number]

/** How each column reads in a test's name. */
export const ROLE_NAMES: Record<Role, string> = {
  facilitator: 'the facilitator',
  host: "table 1's host",
  here: 'a participant at table 1',
  elsewhere: 'a participant at table 2',
  organiser: "the café's organiser",
  key: "the server's organiser key",
  otherFacilitator: "another café's facilitator",
  otherOrganiser: "another café's organiser",
  otherParticipant: "another café's participant",
  none: 'no token',
  forged: 'a forged token',
  revoked: 'a replaced facilitator token',
  erased: 'an erased participant',
}

/** A token in the shape of ours (43 base64url characters) that the server never issued. */
export const forgedToken = randomBytes(32).toString('base64url')

export interface Outsiders {
  key: string
  other: { cafe: CreateCafeResponse; participant: JoinResponse }
}

export interface Cast {
  cafe: CreateCafeResponse
  /** The café's facilitator token now (a new one when `revoked` was asked for). */
  facilitatorToken: string
  host: JoinResponse
  here: JoinResponse
  elsewhere: JoinResponse
  /** People nobody else plays, for rows that erase someone. */
  spare: JoinResponse[]
  erased?: JoinResponse
  revokedToken?: string
  /** The token each column presents (undefined: none at all). */
  token(role: Role): string | undefined
}

export async function join(baseUrl: string, joinCode: string, name: string, table?: number): Promise<JoinResponse> {
  const res = await fetch(`${baseUrl}/api/cafes/${joinCode}/participants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(table === undefined ? { name } : { name, table }),
  })
  if (res.status !== 201) throw new Error(`joining failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as JoinResponse
}

export async function outsiders(baseUrl: string, key: string): Promise<Outsiders> {
  const cafe = await createCafe(baseUrl, { tables: 2, topic: 'Another café, down the road' })
  return { key, other: { cafe, participant: await join(baseUrl, cafe.joinCode, 'Stranger', 0) } }
}

/**
 * A café of two tables and two rounds, in its lobby: Giorgi hosts table 1 (index 0) with Nino
 * beside him, Olena sits at table 2. `revoked`: the organiser made a new facilitator link, so the
 * first facilitator token no longer works. `erased`: Aysel joined at table 1 and was erased.
 */
export async function createCast(
  baseUrl: string,
  outside: Outsiders,
  options: { revoked?: boolean; erased?: boolean; spare?: number } = {},
): Promise<Cast> {
  const cafe = await createCafe(baseUrl, { tables: 2, questions: ['What works?', 'What must change?'] })
  const [host, here, elsewhere] = await Promise.all([
    join(baseUrl, cafe.joinCode, 'Giorgi', 0),
    join(baseUrl, cafe.joinCode, 'Nino', 0),
    join(baseUrl, cafe.joinCode, 'Olena', 1),
  ])
  const spare = await Promise.all(Array.from({ length: options.spare ?? 0 }, (_, i) => join(baseUrl, cafe.joinCode, `Spare ${i + 1}`, 1)))
  let facilitatorToken = cafe.facilitatorToken
  let revokedToken: string | undefined
  if (options.revoked) {
    const res = await fetch(`${baseUrl}/api/cafes/${cafe.cafeId}/facilitator-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cafe.organiserToken}` },
    })
    if (res.status !== 201) throw new Error(`a new facilitator link failed: ${res.status} ${await res.text()}`)
    revokedToken = facilitatorToken
    facilitatorToken = ((await res.json()) as FacilitatorLinkResponse).facilitatorToken
  }
  const staff = await connectCafe(baseUrl, cafe.cafeId, facilitatorToken)
  await ok('make-host', staff.command({ type: 'make-host', personId: host.participantId, table: 0 }))
  staff.close()
  let erased: JoinResponse | undefined
  if (options.erased) {
    erased = await join(baseUrl, cafe.joinCode, 'Aysel', 0)
    const res = await fetch(`${baseUrl}/api/cafes/${cafe.cafeId}/people/${erased.participantId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${cafe.organiserToken}` },
    })
    if (res.status !== 200) throw new Error(`erasing failed: ${res.status} ${await res.text()}`)
  }
  const tokens: Record<Role, string | undefined> = {
    facilitator: facilitatorToken,
    host: host.token,
    here: here.token,
    elsewhere: elsewhere.token,
    organiser: cafe.organiserToken,
    key: outside.key,
    otherFacilitator: outside.other.cafe.facilitatorToken,
    otherOrganiser: outside.other.cafe.organiserToken,
    otherParticipant: outside.other.participant.token,
    none: undefined,
    forged: forgedToken,
    revoked: revokedToken,
    erased: erased?.token,
  }
  return {
    cafe,
    facilitatorToken,
    host,
    here,
    elsewhere,
    spare,
    ...(erased ? { erased } : {}),
    ...(revokedToken ? { revokedToken } : {}),
    token(role) {
      if ((role === 'revoked' && !revokedToken) || (role === 'erased' && !erased)) throw new Error(`this cast was built without ${role}`)
      return tokens[role]
    },
  }
}
