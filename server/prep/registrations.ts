/**
 * The registration list of each café (docs/PROTOCOL.md, "Preparation"): imported before the day,
 * claimed by people as they arrive, pre-assigned by the facilitator. Each entry has a personal code
 * and a person id made at import, the code's hash stored as that person's rejoin code: a slip
 * printed days before works the moment its person arrives, on whichever device they have.
 *
 * Changes to one café's list run one at a time, so two people claiming the same name, or an import
 * next to a claim, cannot both win.
 */
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import type { NewPerson } from '../../shared/cafe/commands.js'
import type { Registration } from '../../shared/prep/registration.js'
import { parseRegistrationsCsv, type RowProblem } from '../../shared/prep/registrations-csv.js'
import { normaliseJoinCode, rejoinCodeFromBytes } from '../../shared/join-code.js'
import type { JoinBody, JoinResponse } from '../../shared/protocol/http.js'
import type { PatchRegistrationBody } from '../../shared/protocol/prep.js'
import type { Cafes, CafeResult } from '../cafes/cafes.js'
import type { Storage, TokenRecord } from '../storage/storage.js'
import { hashRejoinCode } from '../auth/tokens.js'
import { createPerKeyQueue } from '../one-at-a-time.js'

export type ImportOutcome =
  | { ok: false; status: number; code: string; message: string }
  | { ok: false; status: 422; code: 'unreadable_rows'; message: string; problems: RowProblem[]; readable: number }
  | { ok: true; imported: number; problems: RowProblem[]; registrations: Registration[] }

export interface Registrations {
  /** The list as staff see it; names of people who joined follow the café's state. */
  list(cafeId: string): Promise<Registration[]>
  /** Entries nobody has claimed yet, id and name only: what the join screen may show. */
  unclaimed(cafeId: string): Promise<{ id: string; name: string }[]>
  import(cafeId: string, file: Uint8Array | string, skipUnreadable: boolean): Promise<ImportOutcome>
  patch(cafeId: string, id: string, change: PatchRegistrationBody): Promise<CafeResult<Registration[]>>
  /** Deletes every entry nobody claimed; claimed ones stay (they are people in the café). */
  deleteUnclaimed(cafeId: string): Promise<Registration[]>
  /** A person picks their name on the join screen. */
  claim(cafeId: string, registrationId: string, body: JoinBody): Promise<CafeResult<JoinResponse>>
  /** A registration's personal code typed (or scanned) before its person ever joined. */
  claimByCode(cafeId: string, typedCode: string): Promise<CafeResult<JoinResponse>>
  /** Someone who joined without picking a name gets an entry too, so everyone can have a slip. */
  recordWalkIn(cafeId: string, joined: JoinResponse, name: string): Promise<void>
}

const newId = (bytes: number) => randomBytes(bytes).toString('base64url')

export function createRegistrations(deps: { storage: Storage; cafes: Cafes; logger: Logger }): Registrations {
  const { storage, cafes, logger } = deps
  const exclusive = createPerKeyQueue()

  /** Stored entries with the names their people have now (a rename, an erasure) written back. */
  async function current(cafeId: string, state: CafeState): Promise<Registration[]> {
    const stored = await storage.listRegistrations(cafeId)
    const changed: Registration[] = []
    const list = stored.map((r) => {
      const person = r.personId ? state.people[r.personId] : undefined
      if (!person || person.name === r.name) return r
      const synced = { ...r, name: person.name }
      changed.push(synced)
      return synced
    })
    if (changed.length > 0) await storage.saveRegistrations(cafeId, changed)
    return list
  }

  const unknownCafe = { ok: false as const, code: 'unknown_cafe', message: 'no such café' }
  const claimed = (r: Registration) => r.personId !== undefined

  /** The person id made for this registration at import: the one its code's hash belongs to. */
  async function reservedPersonId(cafeId: string, r: Registration): Promise<string | undefined> {
    return (await storage.findToken(hashRejoinCode(cafeId, normaliseJoinCode(r.code))))?.participantId
  }

  /** Joins the registration's person (under the café's list queue). */
  async function admit(cafeId: string, state: CafeState, r: Registration, seat: { table?: number }): Promise<CafeResult<JoinResponse>> {
    const personId = await reservedPersonId(cafeId, r)
    if (!personId) return { ok: false, code: 'unknown_registration', message: 'this registration has no personal code' }
    if (state.people[personId]) {
      // Joined before the entry was marked (a crash in between): mark it now.
      await storage.saveRegistrations(cafeId, [{ ...r, personId }])
      return { ok: false, code: 'registration_claimed', message: 'someone already joined with this name: continue with your personal code' }
    }
    const person: NewPerson = {
      id: personId,
      name: r.name,
      registrationId: r.id,
      ...(r.country ? { country: r.country } : {}),
      ...(r.organisation ? { organisation: r.organisation } : {}),
      ...(r.language ? { language: r.language } : {}),
    }
    const isTable = (t: number | undefined): t is number => t !== undefined && t < state.tables.length
    // A table card's seat first, then the first-round seat the facilitator chose (lobby only).
    const table = isTable(seat.table) ? seat.table : state.phase.kind === 'lobby' && isTable(r.table) ? r.table : undefined
    const result = await cafes.admit(cafeId, {
      person,
      ...(isTable(r.hostOf) ? { hostOf: r.hostOf } : {}),
      ...(table !== undefined ? { table } : {}),
      rejoinCode: r.code,
      codeStored: true,
    })
    if (!result.ok) return result
    await storage.saveRegistrations(cafeId, [{ ...r, personId }])
    logger.info({ cafeId, registrationId: r.id }, 'registration claimed')
    return result
  }

  return {
    async list(cafeId) {
      const state = await cafes.load(cafeId)
      return state ? current(cafeId, state) : []
    },

    async unclaimed(cafeId) {
      return (await storage.listRegistrations(cafeId)).filter((r) => !claimed(r)).map((r) => ({ id: r.id, name: r.name }))
    },

    import(cafeId, file, skipUnreadable) {
      return exclusive(cafeId, async (): Promise<ImportOutcome> => {
        const state = await cafes.load(cafeId)
        if (!state) return { ...unknownCafe, status: 404 }
        const parsed = parseRegistrationsCsv(file)
        if (!parsed.ok) return { ok: false, status: parsed.reason === 'too_large' ? 413 : 400, code: `csv_${parsed.reason}`, message: parsed.message }
        if (parsed.problems.length > 0 && !skipUnreadable) {
          return {
            ok: false,
            status: 422,
            code: 'unreadable_rows',
            message: `${parsed.problems.length} rows could not be read; nothing was imported`,
            problems: parsed.problems,
            readable: parsed.rows.length,
          }
        }
        const existing = await storage.listRegistrations(cafeId)
        if (existing.length + parsed.rows.length > 5_000) {
          return { ok: false, status: 400, code: 'csv_too_many_rows', message: 'a café lists at most 5,000 registrations' }
        }
        // Ids continue after the highest imported one, so a second file adds to the first.
        let next = 1 + Math.max(0, ...existing.map((r) => Number(/^r-(\d+)$/.exec(r.id)?.[1] ?? 0)))
        const codes = new Set(existing.map((r) => normaliseJoinCode(r.code)))
        const added: Registration[] = []
        const tokens: TokenRecord[] = []
        for (const row of parsed.rows) {
          let code = rejoinCodeFromBytes(randomBytes(8))
          while (codes.has(normaliseJoinCode(code))) code = rejoinCodeFromBytes(randomBytes(8))
          codes.add(normaliseJoinCode(code))
          const { line: _line, ...fields } = row
          added.push({ id: `r-${next++}`, ...fields, code })
          tokens.push({ hash: hashRejoinCode(cafeId, normaliseJoinCode(code)), cafeId, role: 'participant', participantId: newId(9) })
        }
        await storage.saveRegistrations(cafeId, added, tokens)
        logger.info({ cafeId, imported: added.length, left: parsed.problems.length }, 'registrations imported')
        return { ok: true, imported: added.length, problems: parsed.problems, registrations: await current(cafeId, state) }
      })
    },

    patch(cafeId, id, change) {
      return exclusive(cafeId, async () => {
        const state = await cafes.load(cafeId)
        if (!state) return unknownCafe
        const list = await storage.listRegistrations(cafeId)
        const entry = list.find((r) => r.id === id)
        if (!entry) return { ok: false, code: 'unknown_registration', message: `no registration ${id}` }
        if (claimed(entry)) {
          return { ok: false, code: 'registration_claimed', message: 'this person is in the café: change their table or host from the tables' }
        }
        for (const t of [change.hostOf, change.table]) {
          if (typeof t === 'number' && t >= state.tables.length) return { ok: false, code: 'unknown_table', message: `no table ${t}` }
        }
        const updated: Registration = { ...entry }
        const changed = [updated]
        if (change.hostOf === null) delete updated.hostOf
        if (change.table === null) delete updated.table
        if (typeof change.table === 'number') updated.table = change.table
        if (typeof change.hostOf === 'number') {
          updated.hostOf = change.hostOf
          // One host per table, as in the café: whoever was to host it before is not any more.
          for (const other of list) {
            if (other.id !== id && other.hostOf === change.hostOf && !claimed(other)) {
              const { hostOf: _hostOf, ...rest } = other
              changed.push(rest)
            }
          }
        }
        await storage.saveRegistrations(cafeId, changed)
        return { ok: true, value: await current(cafeId, state) }
      })
    },

    deleteUnclaimed(cafeId) {
      return exclusive(cafeId, async () => {
        const list = await storage.listRegistrations(cafeId)
        await storage.deleteRegistrations(
          cafeId,
          list.filter((r) => !claimed(r)).map((r) => r.id),
        )
        return list.filter(claimed)
      })
    },

    claim(cafeId, registrationId, body) {
      return exclusive(cafeId, async () => {
        const state = await cafes.load(cafeId)
        if (!state) return unknownCafe
        const entry = (await storage.listRegistrations(cafeId)).find((r) => r.id === registrationId)
        if (!entry) return { ok: false, code: 'unknown_registration', message: 'this name is not on the list' }
        if (claimed(entry)) {
          return { ok: false, code: 'registration_claimed', message: 'someone already joined with this name: continue with your personal code' }
        }
        return admit(cafeId, state, entry, { ...(body.table !== undefined ? { table: body.table } : {}) })
      })
    },

    claimByCode(cafeId, typedCode) {
      return exclusive(cafeId, async () => {
        const state = await cafes.load(cafeId)
        if (!state) return unknownCafe
        const code = normaliseJoinCode(typedCode)
        const entry = (await storage.listRegistrations(cafeId)).find((r) => normaliseJoinCode(r.code) === code)
        if (!entry) return { ok: false, code: 'unknown_rejoin_code', message: 'no one in this café has this personal code' }
        if (claimed(entry)) return cafes.rejoin(state.joinCode, typedCode)
        return admit(cafeId, state, entry, {})
      })
    },

    recordWalkIn(cafeId, joined, name) {
      return exclusive(cafeId, async () => {
        await storage.saveRegistrations(cafeId, [{ id: `w-${joined.participantId}`, name, code: joined.rejoinCode, personId: joined.participantId }])
      })
    },
  }
}
