/**
 * The cafés of this server: creating one, joining one, and running commands on one. The rules
 * are the pure `applyCommand` of shared/cafe; this module only loads, serialises, stores and
 * announces. A command is stored before anyone hears of it, and commands on one café run one
 * at a time, so two clicks at once cannot both win.
 */
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { Actor, CafeState } from '../../shared/cafe/types.js'
import { applyCommand, tableOf, type CafeCommand, type NewPerson } from '../../shared/cafe/commands.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import { joinCodeFromBytes, normaliseJoinCode, rejoinCodeFromBytes } from '../../shared/join-code.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import type { CafeLobbyInfo, CreateCafeBody, CreateCafeResponse, JoinBody, JoinResponse } from '../../shared/protocol/http.js'
import type { Storage, TokenRecord } from '../storage/storage.js'
import { generateToken, hashRejoinCode, hashToken } from '../auth/tokens.js'
import { createAttemptLimit } from './attempt-limit.js'
import { createLocalValues, type SharedValues } from '../cluster/cluster.js'
import { createPerKeyQueue } from '../one-at-a-time.js'

export type CafeResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string }

export interface Cafes {
  create(body: CreateCafeBody): Promise<CreateCafeResponse>
  /** The café's public facts; the join route adds the registration list's free names and the deletion date. */
  lobbyInfo(joinCode: string): Promise<Omit<CafeLobbyInfo, 'registrations' | 'deleteAt'> | undefined>
  join(joinCode: string, body: JoinBody): Promise<CafeResult<JoinResponse>>
  /**
   * Joins a person the server put together (a registration-list entry claimed, server/prep): the
   * join command with its extras, a token for this device, and the person's personal code — stored
   * now, or already stored (`codeStored`) because it was printed before they arrived.
   */
  admit(cafeId: string, arrival: Arrival): Promise<CafeResult<JoinResponse>>
  /** A person continues on another device with their personal code: a new token, the same seat. */
  rejoin(joinCode: string, rejoinCode: string): Promise<CafeResult<JoinResponse>>
  load(cafeId: string): Promise<CafeState | undefined>
  /** Runs one command on a café, after every earlier one; stored before it is announced. */
  execute(cafeId: string, actor: Actor, command: CafeCommand): Promise<CafeResult<CafeState>>
  /**
   * Runs a pure transition of the café's state that is not a command anyone sends (e.g. erasing
   * a person, server/privacy), after every earlier command; the result must carry version + 1.
   * Stored before it is announced, like a command.
   */
  transform(cafeId: string, what: string, transition: (state: CafeState) => CafeResult<CafeState>): Promise<CafeResult<CafeState>>
  /**
   * Like `transform`, for a transition whose store writes more than the state in the same
   * transaction (a rehearsal's reset, server/rehearsal): `save` stores the new state compare-and-set
   * on the previous one's version and resolves false on a clash.
   */
  replace(
    cafeId: string,
    what: string,
    transition: (state: CafeState) => CafeResult<CafeState>,
    save: (next: CafeState, previous: CafeState) => Promise<boolean>,
  ): Promise<CafeResult<CafeState>>
  /** Ids of cafés whose round is running, to re-arm their timers after a restart. */
  runningCafeIds(): Promise<string[]>
  /**
   * The café is being deleted: once the commands already queued on it have run, it is dropped
   * from memory and treated as unknown from then on, so nothing can write it again.
   */
  forget(cafeId: string): Promise<void>
  /**
   * Another server process stored this state (server/cluster): kept in place of an older copy.
   * Resolves false when it is not news here (an older state arriving late, a forgotten café).
   */
  heard(state: CafeState): boolean
  /** Drops every cached state (news from other processes may have been lost): the next use reads the store. */
  dropCached(): void
}

/** Who joins and where they sit (shared/cafe/people-commands.ts `join`), and their personal code. */
export interface Arrival {
  person: NewPerson
  hostOf?: number
  table?: number
  rejoinCode: string
  codeStored: boolean
}

export interface CafesOptions {
  storage: Storage
  logger: Logger
  now?: () => number
  /** Called after a new state is stored, to announce it (socket.io). */
  onChange?: (state: CafeState) => void
  /** Where limits are counted (the cluster's shared values); default: this process's memory. */
  shared?: SharedValues
}

const newId = (bytes: number) => randomBytes(bytes).toString('base64url')
/**
 * Tries of a command whose compare-and-set store keeps clashing with other processes' writes.
 * Every clash means another process's command was stored, so the café always moves on; under a
 * wave of joins through several processes a command may lose a few times in a row, so it waits a
 * random, growing moment before deciding again (up to ~100 ms) rather than giving up early.
 */
export const COMMIT_ATTEMPTS = 40
export const clashPause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)))

export function createCafes(options: CafesOptions): Cafes {
  const { storage, logger } = options
  const now = options.now ?? Date.now
  const cache = new Map<string, CafeState>()
  // Deleted cafés: kept for the life of the process (ids are random and never reused), so a
  // request that was on its way while the café was deleted finds nothing instead of reloading it.
  const forgotten = new Set<string>()
  const exclusive = createPerKeyQueue()
  // Guessing personal codes is limited per café (a whole hall shares one IP address), over all processes.
  const rejoinAttempts = createAttemptLimit({ name: 'rejoin-failures', max: 20, windowMs: 60_000, shared: options.shared ?? createLocalValues(now) })

  async function load(cafeId: string): Promise<CafeState | undefined> {
    if (forgotten.has(cafeId)) return undefined
    const cached = cache.get(cafeId)
    if (cached) return cached
    const stored = await storage.loadCafe(cafeId)
    if (stored && !forgotten.has(cafeId)) cache.set(cafeId, stored)
    return stored
  }

  /** Caches a state unless a newer one (heard from another process meanwhile) is there already. */
  function remember(state: CafeState): boolean {
    if (forgotten.has(state.id)) return false
    const cached = cache.get(state.id)
    if (cached && cached.version >= state.version) return false
    cache.set(state.id, state)
    return true
  }

  /**
   * Applies a pure transition of the café's state and stores the result; `tokens` are stored in
   * the same transaction. Only then is the new state announced.
   */
  async function commit(
    cafeId: string,
    what: string,
    transition: (state: CafeState) => CafeResult<CafeState>,
    tokens: TokenRecord[] = [],
    save: (next: CafeState, previous: CafeState) => Promise<boolean> = (next, previous) => storage.saveCafe(next, previous.version, tokens),
  ): Promise<CafeResult<CafeState>> {
    // A clash means another process stored first (commands here run one at a time): decide
    // again on what it stored. The state machine then refuses what no longer applies — the
    // same `rotate` received by two processes at once moves people once.
    for (let attempt = 1; ; attempt++) {
      const state = await load(cafeId)
      if (!state) return { ok: false, code: 'unknown_cafe', message: 'no such café' }
      const result = transition(state)
      if (!result.ok) {
        // Refused on what this process knows. Another process may have stored a newer state
        // whose news has not reached us yet (a screen can hear it first, through the socket.io
        // adapter, and send the next command here): a refusal is given only on the stored state.
        const stored = await storage.loadCafe(cafeId)
        if (stored && stored.version > state.version && remember(stored)) continue
        return result
      }
      const saved = await save(result.value, state)
      if (saved) {
        remember(result.value)
        options.onChange?.(result.value)
        return { ok: true, value: result.value }
      }
      cache.delete(cafeId)
      if (attempt >= COMMIT_ATTEMPTS) {
        logger.warn({ cafeId, what, attempts: attempt }, 'café kept changing underneath; not applied')
        return { ok: false, code: 'conflict', message: 'the café changed at the same moment; try again' }
      }
      logger.debug({ cafeId, what, attempt }, 'café changed underneath; deciding again on the stored state')
      await clashPause(attempt)
    }
  }

  function seatOf(state: CafeState, participantId: string, token: string, rejoinCode: string): CafeResult<JoinResponse> {
    const table = tableOf(state, participantId)
    if (table === undefined) return { ok: false, code: 'not_seated', message: 'this person has no seat now' }
    return {
      ok: true,
      value: {
        cafeId: state.id,
        participantId,
        token,
        table,
        tableName: state.tables[table]?.name ?? '',
        document: clothDocumentName(state.id, table),
        rejoinCode,
      },
    }
  }

  async function admit(cafeId: string, { person, hostOf, table, rejoinCode, codeStored }: Arrival): Promise<CafeResult<JoinResponse>> {
    const participantId = person.id
    const token = generateToken()
    const actor = { role: 'participant' as const, personId: participantId }
    const command: CafeCommand = {
      type: 'join',
      person,
      ...(hostOf !== undefined ? { hostOf } : {}),
      ...(table !== undefined ? { table } : {}),
    }
    const tokens: TokenRecord[] = [{ hash: hashToken(token), cafeId, role: 'participant', participantId }]
    if (!codeStored) tokens.push({ hash: hashRejoinCode(cafeId, normaliseJoinCode(rejoinCode)), cafeId, role: 'participant', participantId })
    const result = await new Promise<CafeResult<CafeState>>((resolve, reject) => joinTogether(cafeId, { command, actor, tokens, resolve, reject }))
    if (!result.ok) return result
    logger.info({ cafeId, participantId }, 'participant joined')
    return seatOf(result.value, participantId, token, rejoinCode)
  }

  // A hall arriving at once: the joins that wait for their café's turn (while the one before is
  // being stored) go in together — applied in the order they came, stored in one compare-and-set
  // with all their tokens, announced once — so a wave costs one fsync per turn, not one per person.
  type WaitingJoin = {
    command: CafeCommand
    actor: Actor
    tokens: TokenRecord[]
    resolve: (result: CafeResult<CafeState>) => void
    reject: (err: unknown) => void
  }
  const joinsWaiting = new Map<string, WaitingJoin[]>()

  function joinTogether(cafeId: string, join: WaitingJoin): void {
    const waiting = joinsWaiting.get(cafeId)
    if (waiting) {
      waiting.push(join)
      return
    }
    joinsWaiting.set(cafeId, [join])
    void exclusive(cafeId, async () => {
      const batch = joinsWaiting.get(cafeId) ?? []
      joinsWaiting.delete(cafeId)
      // Each join's own answer (a full table refuses one person, not the rest), from the latest
      // decision: a clash with another process decides them all again on the stored state.
      let answers: CafeResult<CafeState>[] = []
      let tokens: TokenRecord[] = []
      const all = (state: CafeState): CafeResult<CafeState> => {
        answers = []
        tokens = []
        let next = state
        for (const j of batch) {
          const answer = applyCommand(next, j.command, j.actor, now())
          answers.push(answer)
          if (!answer.ok) continue
          next = answer.value
          tokens.push(...j.tokens)
        }
        return next === state ? (answers[0] ?? { ok: false, code: 'bad_request', message: 'nobody to join' }) : { ok: true, value: next }
      }
      try {
        const result = await commit(cafeId, 'join', all, [], (next, previous) => storage.saveCafe(next, previous.version, tokens))
        batch.forEach((j, i) => {
          const own = answers[i]
          // Refused on its own merits, or stored with the others (and seated in the state announced).
          j.resolve(own && !own.ok && answers.length === batch.length ? own : result)
        })
      } catch (err) {
        for (const j of batch) j.reject(err)
      }
    })
  }

  return {
    async create(body) {
      const cafeId = newId(12)
      let joinCode = joinCodeFromBytes(randomBytes(6))
      while (await storage.findCafeIdByJoinCode(joinCode)) joinCode = joinCodeFromBytes(randomBytes(6))
      const state = newCafeState({
        id: cafeId,
        joinCode,
        now: now(),
        settings: {
          topic: body.topic,
          questions: body.questions,
          roundMinutes: body.roundMinutes,
          ask: { country: false, organisation: false, language: false, ...body.ask },
        },
        tableNames: Array.from({ length: body.tables }, (_, i) => body.tableNames?.[i] ?? ''),
      })
      const facilitatorToken = generateToken()
      const organiserToken = generateToken()
      await storage.createCafe(state, [
        { hash: hashToken(facilitatorToken), cafeId, role: 'facilitator' },
        { hash: hashToken(organiserToken), cafeId, role: 'organiser' },
      ])
      cache.set(cafeId, state)
      logger.info({ cafeId, tables: body.tables, rounds: body.questions.length }, 'café created')
      return { cafeId, joinCode, facilitatorToken, organiserToken }
    },

    async lobbyInfo(joinCode) {
      const cafeId = await storage.findCafeIdByJoinCode(joinCode)
      const state = cafeId ? await load(cafeId) : undefined
      if (!state) return undefined
      return { cafeId: state.id, topic: state.settings.topic, ask: state.settings.ask }
    },

    async join(joinCode, body) {
      const cafeId = await storage.findCafeIdByJoinCode(joinCode)
      if (!cafeId) return { ok: false, code: 'unknown_cafe', message: 'no café has this code' }
      if (body.name === undefined) return { ok: false, code: 'bad_request', message: 'a name is needed' }
      const person: NewPerson = {
        id: newId(9),
        name: body.name,
        ...(body.country ? { country: body.country } : {}),
        ...(body.organisation ? { organisation: body.organisation } : {}),
        ...(body.language ? { language: body.language } : {}),
        ...(body.pseudonym ? { pseudonym: true } : {}),
      }
      const rejoinCode = rejoinCodeFromBytes(randomBytes(8))
      return admit(cafeId, { person, ...(body.table !== undefined ? { table: body.table } : {}), rejoinCode, codeStored: false })
    },

    admit,

    async rejoin(joinCode, typed) {
      const cafeId = await storage.findCafeIdByJoinCode(joinCode)
      if (!cafeId) return { ok: false, code: 'unknown_cafe', message: 'no café has this code' }
      if (!(await rejoinAttempts.allowed(cafeId))) return { ok: false, code: 'too_many_attempts', message: 'too many wrong codes; wait a minute' }
      const code = normaliseJoinCode(typed)
      const holder = await storage.findToken(hashRejoinCode(cafeId, code))
      const state = await load(cafeId)
      if (!holder?.participantId || !state || state.people[holder.participantId]?.removed) {
        await rejoinAttempts.failed(cafeId)
        return { ok: false, code: 'unknown_rejoin_code', message: 'no one in this café has this personal code' }
      }
      // A registration's code printed on a slip before its person arrived (server/prep claims it).
      if (!state.people[holder.participantId]) return { ok: false, code: 'not_joined', message: 'this personal code has not joined yet' }
      const token = generateToken()
      await storage.addTokens([{ hash: hashToken(token), cafeId, role: 'participant', participantId: holder.participantId }])
      logger.info({ cafeId, participantId: holder.participantId }, 'participant continues on another device')
      return seatOf(state, holder.participantId, token, `${code.slice(0, 4)}-${code.slice(4)}`)
    },

    load,

    execute(cafeId, actor, command) {
      return exclusive(cafeId, () => commit(cafeId, command.type, (state) => applyCommand(state, command, actor, now())))
    },

    transform(cafeId, what, transition) {
      return exclusive(cafeId, () => commit(cafeId, what, transition))
    },

    replace(cafeId, what, transition, save) {
      return exclusive(cafeId, () => commit(cafeId, what, transition, [], save))
    },

    runningCafeIds: () => storage.listCafeIdsInPhase('running'),

    async forget(cafeId) {
      forgotten.add(cafeId)
      cache.delete(cafeId)
      await exclusive(cafeId, async () => {
        cache.delete(cafeId)
      })
      logger.info({ cafeId }, 'café forgotten')
    },

    heard: remember,
    dropCached: () => cache.clear(),
  }
}
