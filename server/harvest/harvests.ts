/**
 * The harvest of each café on this server: taken from the cloths when the café enters the
 * harvest, then changed by harvest commands — and kept up with the cloths, which seated tables
 * may go on writing (shared/harvest/sources.ts). Like café commands (cafes/cafes.ts): commands
 * on one café run one at a time, each is a pure step of shared/harvest, stored compare-and-set,
 * and announced only once stored. Merge ids are drawn here; the voter is always the connection's
 * own participant.
 *
 * A cloth that changes during the harvest is read again once its table stops typing for a moment
 * (at most every few seconds while it goes on), not per keystroke. A change that was stored but
 * not yet read into the harvest when the server stopped is caught up the first time the café's
 * harvest is loaded again: every cloth is read once per café and process.
 */
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { CafeState, TokenRole } from '../../shared/cafe/types.js'
import { newHarvest, type HarvestState } from '../../shared/harvest/harvest-state.js'
import { harvestItems, itemIndex } from '../../shared/harvest/items.js'
import { acceptSuggestion, editMerged, harvestSuggestions, mergeProposals, rejectSuggestion, undoMerge } from '../../shared/harvest/merges.js'
import { admitVoters, closeVoting, dotsLeft, openVoting, placeDot, ranking, removeDot, setDotsPerVoter } from '../../shared/harvest/votes.js'
import { refreshSources } from '../../shared/harvest/sources.js'
import { fail, HarvestErrorCode, type HarvestResult } from '../../shared/harvest/errors.js'
import { FACILITATOR_HARVEST_COMMANDS, type HarvestCommand, type HarvestView } from '../../shared/protocol/harvest.js'
import type { Storage, StoredHarvest } from '../storage/storage.js'
import { createPerKeyQueue } from '../one-at-a-time.js'
import { clashPause, COMMIT_ATTEMPTS, type CafeResult, type Cafes } from '../cafes/cafes.js'
import type { ClothSources } from './cloth-sources.js'
import type { Suggestion } from '../../shared/harvest/suggest.js'

export interface HarvestActor {
  role: TokenRole
  participantId?: string
}

export interface Harvests {
  /** The café changed: if it just entered the harvest, take the cloths' proposals (once). */
  cafeChanged(state: CafeState): void
  /** The café's harvest, taking it now if the café is in the harvest and none is stored yet. */
  load(cafeId: string): Promise<StoredHarvest | undefined>
  /** Runs one harvest command after every earlier one on the café; stored before it is announced. */
  execute(cafeId: string, actor: HarvestActor, command: HarvestCommand): Promise<CafeResult<StoredHarvest>>
  /**
   * The café is being deleted: resolves once the harvest commands already queued on it have run.
   * (Nothing is cached here; later commands find the café gone — call `cafes.forget` first.)
   */
  forget(cafeId: string): Promise<void>
  /**
   * A cloth of the café changed (the document hub's hook). If the café is in the harvest, the
   * table's proposals are read into it shortly after — debounced, so typing does not thrash.
   */
  clothChanged(cafeId: string, table: number): void
  /** Drops the pending cloth reads (the server is stopping). */
  close(): void
}

export interface HarvestsOptions {
  storage: Storage
  logger: Logger
  cafes: Cafes
  sources: ClothSources
  /** Called after a new harvest state is stored, to announce it. */
  onChange?: (harvest: StoredHarvest) => void
  /** Quiet time after a cloth's last change before it is read into the harvest (1 s). */
  refreshQuietMs?: number
  /** Longest a changed cloth waits to be read while its table keeps typing (2 s). */
  refreshMaxWaitMs?: number
}

/** Tables of one café whose cloths changed and are not yet read into the harvest. */
interface PendingRefresh {
  tables: Set<number>
  since: number
  timer: NodeJS.Timeout
}

const mergeId = () => `m-${randomBytes(12).toString('base64url')}`

/**
 * Suggestions depend on the proposals, the merges and the facilitator's decisions, never on the
 * dots — and finding them takes about half a second for a 200-table café's 1,000 proposals. So a
 * dot placed (which keeps those three values, see votes.ts) must not find them again: they are
 * kept per `merged` array, and reused while the proposals and decisions are the same objects.
 */
const suggestionsKept = new WeakMap<object, { proposals: object; decisions: object; suggestions: Suggestion[] }>()

function suggestionsOf(state: HarvestState): Suggestion[] {
  const kept = suggestionsKept.get(state.merged)
  if (kept && kept.proposals === state.proposals && kept.decisions === state.decisions) return kept.suggestions
  const suggestions = harvestSuggestions(state)
  suggestionsKept.set(state.merged, { proposals: state.proposals, decisions: state.decisions, suggestions })
  return suggestions
}

/** The part of the view every screen gets. */
export function harvestView(stored: StoredHarvest): HarvestView {
  const { state } = stored
  return {
    version: stored.version,
    items: harvestItems(state),
    ranking: ranking(state).map((row) => ({ key: row.item.key, dots: row.dots, voters: row.voters, place: row.place })),
    suggestions: suggestionsOf(state),
    votingOpen: state.votes.status === 'open',
    votingStatus: state.votes.status,
    dotsPerVoter: state.votes.dotsPerVoter,
  }
}

/** A participant's own view: the shared one plus their dots. */
export function participantView(shared: HarvestView, state: HarvestState, participantId: string): HarvestView {
  const index = itemIndex(state)
  return {
    ...shared,
    dotsLeft: dotsLeft(state, participantId),
    myDots: state.votes.dots.filter((d) => d.voter === participantId).flatMap((d) => index.get(d.placedOn) ?? []),
  }
}

export function createHarvests(options: HarvestsOptions): Harvests {
  const { storage, logger, cafes, sources } = options
  const exclusive = createPerKeyQueue()
  const quietMs = options.refreshQuietMs ?? 1_000
  const maxWaitMs = options.refreshMaxWaitMs ?? 2_000
  const pending = new Map<string, PendingRefresh>()
  /** Cafés whose harvest was read against every cloth since this process started. */
  const caughtUp = new Set<string>()

  /** Stores `next` over `stored` and announces it, unless nothing changed. Call inside `exclusive`. */
  async function storeRefreshed(stored: StoredHarvest, next: HarvestState): Promise<StoredHarvest | undefined> {
    if (next === stored.state) return stored
    const { cafeId } = stored
    if (!(await storage.saveHarvest(cafeId, next, stored.version))) return undefined
    const saved = { cafeId, version: stored.version + 1, state: next }
    logger.info({ cafeId, proposals: next.proposals.length }, 'harvest brought up to date with the cloths')
    options.onChange?.(saved)
    return saved
  }

  /**
   * Reads these tables' cloths into the café's harvest, if the café is in the harvest (or was
   * just closed: `closing`). Call inside `exclusive`.
   */
  async function refresh(cafeId: string, tables: ReadonlySet<number>, closing: boolean): Promise<void> {
    const cafe = await cafes.load(cafeId)
    if (!cafe || !(cafe.phase.kind === 'harvest' || (closing && cafe.phase.kind === 'closed'))) return
    const stored = await current(cafeId)
    if (!stored) return
    const latest = await sources.readTables(cafeId, [...tables].filter((table) => table < cafe.tables.length))
    if (!(await storeRefreshed(stored, refreshSources(stored.state, latest)))) {
      // Only an import replaces a harvest outside this queue: read the cloths again against it.
      logger.warn({ cafeId }, 'harvest changed underneath; reading the cloths again')
      for (const table of tables) schedule(cafeId, table)
    }
  }

  function flush(cafeId: string, closing = false): void {
    const due = pending.get(cafeId)
    if (!due) return
    clearTimeout(due.timer)
    pending.delete(cafeId)
    void exclusive(cafeId, () => refresh(cafeId, due.tables, closing)).catch((err: unknown) =>
      logger.error({ err, cafeId }, 'could not bring the harvest up to date with the cloths'),
    )
  }

  function schedule(cafeId: string, table: number): void {
    const now = Date.now()
    const due = pending.get(cafeId)
    if (due) clearTimeout(due.timer)
    const since = due?.since ?? now
    const tables = due?.tables ?? new Set<number>()
    tables.add(table)
    const wait = Math.max(0, Math.min(quietMs, since + maxWaitMs - now))
    const timer = setTimeout(() => flush(cafeId), wait)
    timer.unref()
    pending.set(cafeId, { tables, since, timer })
  }

  /** The stored harvest, or a new one from the cloths if the café is in (or past) the harvest. Call inside `exclusive`. */
  async function current(cafeId: string): Promise<StoredHarvest | undefined> {
    const stored = await storage.loadHarvest(cafeId)
    if (stored) return caughtUp.has(cafeId) ? stored : catchUp(stored)
    const cafe = await cafes.load(cafeId)
    if (!cafe || (cafe.phase.kind !== 'harvest' && cafe.phase.kind !== 'closed')) return undefined
    const made = newHarvest(await sources.read(cafeId, cafe.tables.length))
    if (!made.ok) {
      logger.error({ cafeId, code: made.code, message: made.message }, 'could not begin the harvest')
      return undefined
    }
    if (!(await storage.saveHarvest(cafeId, made.value, 0))) return storage.loadHarvest(cafeId)
    const created = { cafeId, version: 1, state: made.value }
    caughtUp.add(cafeId)
    logger.info({ cafeId, proposals: made.value.proposals.length }, 'harvest begun')
    options.onChange?.(created)
    return created
  }

  /** The first load of a stored harvest in this process: what the cloths got meanwhile is read in. */
  async function catchUp(stored: StoredHarvest): Promise<StoredHarvest> {
    const { cafeId } = stored
    caughtUp.add(cafeId)
    const cafe = await cafes.load(cafeId)
    if (!cafe || cafe.phase.kind !== 'harvest') return stored
    const refreshed = await storeRefreshed(stored, refreshSources(stored.state, await sources.read(cafeId, cafe.tables.length)))
    if (refreshed) return refreshed
    caughtUp.delete(cafeId)
    return (await storage.loadHarvest(cafeId)) ?? stored
  }

  function apply(cafe: CafeState, state: HarvestState, actor: HarvestActor, command: HarvestCommand): HarvestResult<HarvestState> {
    switch (command.type) {
      case 'merge':
        return mergeProposals(state, command.keys, mergeId())
      case 'accept':
        return acceptSuggestion(state, { id: command.suggestionId, keys: command.keys }, mergeId())
      case 'reject':
        return rejectSuggestion(state, { id: command.suggestionId, keys: command.keys })
      case 'undo':
        return undoMerge(state, command.mergeId)
      case 'edit':
        return editMerged(state, command.mergeId, {
          ...(command.title !== undefined ? { title: command.title } : {}),
          ...(command.what !== undefined ? { what: command.what } : {}),
        })
      case 'open-voting': {
        // Opened first, so that voting closed earlier can be reopened with a new count.
        const voters = Object.values(cafe.people).filter((p) => !p.removed).map((p) => p.id)
        const opened = openVoting(state, voters)
        return opened.ok ? setDotsPerVoter(opened.value, command.dotsPerVoter) : opened
      }
      case 'close-voting':
        return closeVoting(state)
      case 'place-dot':
      case 'remove-dot': {
        const voter = actor.participantId!
        if (cafe.people[voter]?.removed) return fail(HarvestErrorCode.NotAVoter, `${voter} was removed from the café`)
        let next = state
        // Someone who joined after voting opened votes too (a removed person does not).
        if (state.votes.status === 'open' && !state.votes.voters.includes(voter) && cafe.people[voter] && !cafe.people[voter].removed) {
          const admitted = admitVoters(state, [voter])
          if (!admitted.ok) return admitted
          next = admitted.value
        }
        return command.type === 'place-dot' ? placeDot(next, voter, command.itemKey) : removeDot(next, voter, command.itemKey)
      }
    }
  }

  return {
    cafeChanged(state) {
      // Closing the café reads in what the tables wrote just before, or it would never count.
      if (state.phase.kind === 'closed') flush(state.id, true)
      if (state.phase.kind !== 'harvest') return
      void exclusive(state.id, () => current(state.id)).catch((err: unknown) =>
        logger.error({ err, cafeId: state.id }, 'could not begin the harvest'),
      )
    },

    load: (cafeId) => exclusive(cafeId, () => current(cafeId)),

    forget(cafeId) {
      const due = pending.get(cafeId)
      if (due) clearTimeout(due.timer)
      pending.delete(cafeId)
      caughtUp.delete(cafeId)
      return exclusive(cafeId, async () => {})
    },

    clothChanged(cafeId, table) {
      schedule(cafeId, table)
    },

    close() {
      for (const due of pending.values()) clearTimeout(due.timer)
      pending.clear()
    },

    execute(cafeId, actor, command) {
      return exclusive(cafeId, async (): Promise<CafeResult<StoredHarvest>> => {
        const staffOnly = FACILITATOR_HARVEST_COMMANDS.includes(command.type)
        if (staffOnly ? actor.role !== 'facilitator' : actor.role !== 'participant' || !actor.participantId) {
          return { ok: false, code: 'forbidden', message: staffOnly ? 'only the facilitator can do this' : 'only participants vote' }
        }
        if (command.type === 'edit' && command.title === undefined && command.what === undefined) {
          return { ok: false, code: 'bad_request', message: 'an edit needs a title or a what' }
        }
        // A clash means another process (or an import) stored first: decide again on what it
        // stored, as café commands do (cafes.ts) — dots placed through several processes at once.
        for (let attempt = 1; ; attempt++) {
          const cafe = await cafes.load(cafeId)
          if (!cafe) return { ok: false, code: 'unknown_cafe', message: 'no such café' }
          if (cafe.phase.kind === 'closed') return { ok: false, code: 'cafe_closed', message: 'the café is closed' }
          if (cafe.phase.kind !== 'harvest') return { ok: false, code: 'wrong_phase', message: `the café is not in the harvest (${cafe.phase.kind})` }
          const stored = await current(cafeId)
          if (!stored) return { ok: false, code: 'internal', message: 'the harvest could not be begun' }
          const result = apply(cafe, stored.state, actor, command)
          if (!result.ok) return result
          if (await storage.saveHarvest(cafeId, result.value, stored.version)) {
            const saved = { cafeId, version: stored.version + 1, state: result.value }
            options.onChange?.(saved)
            return { ok: true, value: saved }
          }
          if (attempt >= COMMIT_ATTEMPTS) {
            logger.warn({ cafeId, command: command.type, attempts: attempt }, 'harvest kept changing underneath; not applied')
            return { ok: false, code: 'conflict', message: 'the harvest changed at the same moment; try again' }
          }
          logger.debug({ cafeId, command: command.type, attempt }, 'harvest changed underneath; deciding again on the stored state')
          await clashPause(attempt)
        }
      })
    },
  }
}
