/**
 * Starting and resetting a café's rehearsal (shared/cafe/rehearsal.ts has the rules; this module
 * makes up the guests, stores, and cleans up what lives outside the café's state).
 *
 * A reset, in order: the guests stop (their last edit lands); the harvest's queued commands
 * finish; then, inside the café's own queue, the café's documents are closed and kept closed
 * while one transaction stores the empty lobby and deletes the documents' rows, the harvest and
 * the tokens of everyone who was in the café; then their sockets are closed. Nothing of the
 * rehearsal can be written back in between: the café's commands wait in its queue, and its
 * documents refuse connections until the rows are gone.
 */
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import {
  rehearsalGuestCount,
  releaseRegistrations,
  resetRehearsal,
  startRehearsal,
  type RehearsalGuest,
} from '../../shared/cafe/rehearsal.js'
import { normaliseJoinCode } from '../../shared/join-code.js'
import { CloseCode } from '../../shared/protocol/errors.js'
import { clothDocumentName } from '../../shared/protocol/documents.js'
import {
  REHEARSAL_LANGUAGES,
  REHEARSAL_PACE,
  type RehearsalLanguage,
  type ResetRehearsalResponse,
  type StartRehearsalBody,
  type StartRehearsalResponse,
} from '../../shared/protocol/rehearsal.js'
import type { CafeResult, Cafes } from '../cafes/cafes.js'
import type { Harvests } from '../harvest/harvests.js'
import type { DocumentHub } from '../documents/hub.js'
import type { Storage } from '../storage/storage.js'
import { hashRejoinCode } from '../auth/tokens.js'
import { REHEARSAL_LINES } from './lines.js'
import { createRehearsalSimulator } from './simulator.js'
import type { ClusterLink } from '../cluster/cluster.js'

export interface RehearsalsOptions {
  storage: Storage
  logger: Logger
  cafes: Cafes
  harvests: Harvests
  hub: Pick<DocumentHub, 'editAs' | 'discardDocumentsWhile'>
  /** Closes the socket.io connections of the café's participants (their tokens are gone). */
  disconnectParticipants: (cafeId: string) => void
  /** A cloth changed (the board's counters, cloth-summaries.ts): after a reset, every cloth is empty. */
  clothChanged: (documentName: string, doc: Y.Doc) => void
  /** The other server processes: which one runs a café's guests, and a reset's pause of their documents. */
  cluster: Pick<ClusterLink, 'node' | 'askCafe' | 'publishCafe' | 'shared'>
}

export interface Rehearsals {
  start(cafeId: string, body: StartRehearsalBody): Promise<CafeResult<StartRehearsalResponse>>
  reset(cafeId: string): Promise<CafeResult<ResetRehearsalResponse>>
  /** Every new café state: a rehearsed café whose guests are not at work here (after a restart) gets them back. */
  cafeChanged(state: CafeState): void
  /** The café is being deleted: its guests stop. */
  forget(cafeId: string): Promise<void>
  /**
   * Another process resets the café's rehearsal (asked): guests here stop, and the café's
   * documents here close and stay closed until `resetDoneElsewhere` (at most RESET_HOLD_MS).
   * Resolves once they are closed.
   */
  resetElsewhere(cafeId: string): Promise<void>
  resetDoneElsewhere(cafeId: string): void
  close(): Promise<void>
}

const newId = () => randomBytes(9).toString('base64url')
/**
 * A café's guests run in one process: the one that started them, or — after it stopped — the
 * first to claim them on the café's next change. The claim lapses if not renewed (the process died).
 */
const guestsKey = (cafeId: string) => `rehearsal-guests:${cafeId}`
const GUESTS_CLAIM_MS = 60_000
/** Longest another process keeps a café's documents closed for a reset whose end it never hears of. */
const RESET_HOLD_MS = 30_000

export function createRehearsals(options: RehearsalsOptions): Rehearsals {
  const { storage, logger, cafes, harvests, hub } = options
  const simulator = createRehearsalSimulator({ logger, cafes, harvests, editAs: (...args) => hub.editAs(...args) })
  // Cafés being started or reset here: the states announced meanwhile must not (re)start guests.
  const settling = new Set<string>()
  const { cluster } = options
  // Cafés whose documents are held closed here for another process's reset: how to reopen them.
  const heldForReset = new Map<string, () => void>()
  // The guests' claim is renewed while they work here.
  const claimed = new Set<string>()
  const renewal = setInterval(() => {
    for (const cafeId of claimed) {
      if (!simulator.running(cafeId)) claimed.delete(cafeId)
      else cluster.shared.set(guestsKey(cafeId), cluster.node, GUESTS_CLAIM_MS).catch((err: unknown) => logger.warn({ err, cafeId }, 'could not renew the rehearsal guests claim'))
    }
  }, GUESTS_CLAIM_MS / 3)
  renewal.unref()
  const dropClaim = (cafeId: string) => {
    claimed.delete(cafeId)
    return cluster.shared.delete(guestsKey(cafeId)).catch((err: unknown) => logger.warn({ err, cafeId }, 'could not drop the rehearsal guests claim'))
  }

  return {
    async start(cafeId, body) {
      const language = body.language ?? 'en'
      const everyMs = body.everyMs ?? REHEARSAL_PACE.defaultMs
      const lines = REHEARSAL_LINES[language]
      let guests = 0
      settling.add(cafeId)
      const result = await cafes
        .replace(
          cafeId,
          'start-rehearsal',
          (state) => {
            const count = rehearsalGuestCount(state.tables.length, body.perTable)
            const made: RehearsalGuest[] = Array.from({ length: count }, (_, i) => ({ id: newId(), name: lines.guest(i + 1), language }))
            guests = count
            return startRehearsal(state, made, Date.now())
          },
          (next, previous) => storage.saveCafe(next, previous.version),
        )
        .finally(() => settling.delete(cafeId))
      if (!result.ok) return result
      claimed.add(cafeId)
      await cluster.shared.set(guestsKey(cafeId), cluster.node, GUESTS_CLAIM_MS).catch((err: unknown) => logger.warn({ err, cafeId }, 'could not claim the rehearsal guests'))
      simulator.start(cafeId, { everyMs, language })
      logger.info({ cafeId, guests, everyMs }, 'rehearsal started')
      return { ok: true, value: { guests, everyMs } }
    },

    async reset(cafeId) {
      const before = await cafes.load(cafeId)
      if (!before) return { ok: false, code: 'unknown_cafe', message: 'no such café' }
      const refused = resetRehearsal(before)
      if (!refused.ok) return refused
      settling.add(cafeId)
      try {
        await simulator.stop(cafeId)
        await dropClaim(cafeId)
        await harvests.forget(cafeId)
        let people = 0
        let registrations = 0
        const result = await cafes.replace(
          cafeId,
          'reset-rehearsal',
          (state) => {
            people = Object.keys(state.people).length
            return resetRehearsal(state)
          },
          (next, previous) =>
            hub.discardDocumentsWhile(
              (name) => name.startsWith(`${cafeId}/`),
              CloseCode.RehearsalReset,
              'the rehearsal was reset',
              async () => {
                const { kept, dropped } = releaseRegistrations(await storage.listRegistrations(cafeId))
                registrations = kept.length
                // Codes printed on slips before the day must still work on the day.
                const keepTokens = kept.map((r) => hashRejoinCode(cafeId, normaliseJoinCode(r.code)))
                // The other processes' guests stop and their copies of the documents close too,
                // or an edit through them would land in the rows being deleted.
                await cluster.askCafe({ kind: 'rehearsal-reset', cafeId })
                try {
                  return await storage.resetCafe({ state: next, expectedVersion: previous.version, keepTokens, registrations: kept, dropRegistrations: dropped })
                } finally {
                  cluster.publishCafe({ kind: 'rehearsal-reset-done', cafeId })
                }
              },
            ),
        )
        if (!result.ok) return result
        options.disconnectParticipants(cafeId)
        // The staff screens' counters: every table's cloth is an empty document now.
        for (let table = 0; table < result.value.tables.length; table++) options.clothChanged(clothDocumentName(cafeId, table), new Y.Doc())
        logger.info({ cafeId, people, registrations }, 'rehearsal reset')
        return { ok: true, value: { people, registrations } }
      } finally {
        settling.delete(cafeId)
      }
    },

    cafeChanged(state) {
      if (!state.rehearsal || settling.has(state.id) || heldForReset.has(state.id) || simulator.running(state.id)) return
      void (async () => {
        // Only where no other process runs them (or this one did, before it restarted).
        const key = guestsKey(state.id)
        if (!(await cluster.shared.claim(key, cluster.node, GUESTS_CLAIM_MS)) && (await cluster.shared.get(key)) !== cluster.node) return
        if (settling.has(state.id) || simulator.running(state.id)) return
        claimed.add(state.id)
        // The pace was not stored: a restarted server goes on at a person's pace, in the guests' language.
        const spoken = Object.values(state.people).find((p) => p.simulated)?.language
        const language = REHEARSAL_LANGUAGES.find((l) => l === spoken) ?? 'en'
        simulator.start(state.id, { everyMs: REHEARSAL_PACE.defaultMs, language: language satisfies RehearsalLanguage })
      })().catch((err: unknown) => logger.error({ err, cafeId: state.id }, 'could not bring the rehearsal guests back'))
    },

    async resetElsewhere(cafeId) {
      await simulator.stop(cafeId)
      claimed.delete(cafeId)
      if (heldForReset.has(cafeId)) return
      await new Promise<void>((closed) => {
        void hub
          .discardDocumentsWhile(
            (name) => name.startsWith(`${cafeId}/`),
            CloseCode.RehearsalReset,
            'the rehearsal was reset',
            () =>
              new Promise<void>((reopen) => {
                const timer = setTimeout(reopen, RESET_HOLD_MS)
                heldForReset.set(cafeId, () => {
                  clearTimeout(timer)
                  reopen()
                })
                closed()
              }),
          )
          .finally(() => heldForReset.delete(cafeId))
          .catch((err: unknown) => {
            logger.error({ err, cafeId }, "could not close the café's documents for a reset")
            closed()
          })
      })
    },

    resetDoneElsewhere(cafeId) {
      heldForReset.get(cafeId)?.()
    },

    async forget(cafeId) {
      await simulator.stop(cafeId)
      await dropClaim(cafeId)
    },
    close() {
      clearInterval(renewal)
      for (const reopen of heldForReset.values()) reopen()
      return simulator.close()
    },
  }
}
