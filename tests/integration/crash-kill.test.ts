/**
 * The server laptop dies mid-sentence, again and again: SIGKILL at a random moment while people
 * type and the facilitator runs commands. Whatever any client had received before the kill —
 * a peer's words, a new café state — must be there after the restart, because the server stores
 * before it relays. Each kill must land while edits are in flight (typed but not yet relayed to
 * anyone), else it proves nothing; kills that do not are run again, not counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server.js'
import { createCafe, joinCafe } from '../support/cafe.js'
import { connectYjs, type YjsClient } from '../support/yjs-client.js'
import { connectCafe, type CafeClient } from '../support/cafe-socket.js'
import type { JoinResponse } from '../../shared/protocol/http.js'

const KILLS = 20
/**
 * Kills that found nothing in flight are retried; this many tries at most. About half find edits
 * in flight: the faster the server stores and relays, the narrower the window a random kill hits.
 */
const MAX_TRIES = 60

let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

/** A random integer in [min, max]. */
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1))

interface Writer {
  name: string
  client: YjsClient
  /** Markers this writer typed, in order. */
  typed: string[]
}

/** Markers look like «name:iteration:n»; a client's text is a run of them. */
const markersIn = (text: string) => text.match(/«[^»]+»/g) ?? []

describe('SIGKILL while people type', () => {
  it(`keeps every edit and café change any client received, across ${KILLS} kills that landed mid-edit`, async () => {
    const cafe = await createCafe(server.url, { tables: 2 })
    const people: JoinResponse[] = []
    for (const name of ['Nino', 'Olena', 'Aysel', 'Ion']) people.push(await joinCafe(server.url, cafe.joinCode, name))

    let proven = 0
    let tries = 0
    let inFlightTotal = 0
    let storedUnrelayed = 0
    const report: string[] = []
    while (proven < KILLS && tries < MAX_TRIES) {
      tries++
      // Everyone connects: the writers at their tables, and a watcher (the facilitator) per cloth.
      const writers: Writer[] = people.map((p) => ({ name: p.participantId, client: connectYjs(server.url, p.document, p.token), typed: [] }))
      const documents = [...new Set(people.map((p) => p.document))]
      const watchers = documents.map((d) => connectYjs(server.url, d, cafe.facilitatorToken))
      const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
      const listener = await connectCafe(server.url, cafe.cafeId, people[0]!.token)
      await Promise.all([...writers.map((w) => w.client.synced), ...watchers.map((w) => w.synced)])

      // Type and rename tables until the kill.
      let n = 0
      const typing = setInterval(() => {
        for (const w of writers) {
          const marker = `«${w.name}:${tries}:${n}»`
          w.typed.push(marker)
          w.client.text.insert(w.client.text.length, marker)
        }
        n++
      }, 4)
      let renames = 0
      let commanding = true
      const renaming = (async () => {
        // Paced under the per-connection event limit (shared/protocol/limits.ts), as a facilitator's clicks are.
        while (commanding) {
          await facilitator.command({ type: 'rename-table', table: 0, name: `Round table ${tries}.${renames++}` }).catch(() => undefined)
          await new Promise((r) => setTimeout(r, 60))
        }
      })()

      await new Promise((r) => setTimeout(r, between(150, 900)))
      const typedBeforeKill = new Map(writers.map((w) => [w, w.typed.length]))
      await server.stop('SIGKILL')
      clearInterval(typing)
      commanding = false

      // What each client had received from others when the server died.
      const received = new Set<string>()
      const all = [...writers.map((w) => ({ text: w.client.text.toString(), own: w.name })), ...watchers.map((w) => ({ text: w.text.toString(), own: '' }))]
      for (const { text, own } of all) for (const m of markersIn(text)) if (!m.startsWith(`«${own}:`) || own === '') received.add(m)
      const seenVersion = listener.state()?.version ?? 0
      // In flight: typed before the kill signal, but relayed to nobody by the time the process was gone.
      const inFlight: string[] = []
      for (const w of writers) for (const m of w.typed.slice(0, typedBeforeKill.get(w))) if (!received.has(m)) inFlight.push(m)
      const relayedThisTime = [...received].filter((m) => m.includes(`:${tries}:`)).length

      for (const w of writers) w.client.destroy()
      for (const w of watchers) w.destroy()
      facilitator.close()
      listener.close()
      await renaming

      await server.restart()
      const check = documents.map((d) => connectYjs(server.url, d, cafe.facilitatorToken))
      await Promise.all(check.map((c) => c.synced))
      const after = new Set(check.flatMap((c) => markersIn(c.text.toString())))
      const lost = [...received].filter((m) => !after.has(m))
      expect(lost, `edits a client had received but the store lost (try ${tries})`).toEqual([])
      const stateAfter = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
      await expect.poll(() => stateAfter.state()?.version ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(seenVersion)
      stateAfter.close()
      for (const c of check) c.destroy()

      const landedMidEdit = inFlight.length > 0 && relayedThisTime > 0
      if (landedMidEdit) {
        proven++
        inFlightTotal += inFlight.length
        storedUnrelayed += inFlight.filter((m) => after.has(m)).length
      }
      if (process.env.CRASH_KILL_VERBOSE) console.info(`try ${tries}: ${Date.now()}`)
      report.push(`try ${tries}: relayed ${relayedThisTime}, in flight ${inFlight.length}, café v${seenVersion}${landedMidEdit ? '' : ' (not counted)'}`)
    }
    console.info(
      `${proven} kills mid-edit in ${tries} tries; ${inFlightTotal} edits in flight at the kills, ${storedUnrelayed} of them stored though nobody had seen them yet\n` +
        report.join('\n'),
    )
    expect(proven, report.join('\n')).toBe(KILLS)
  }, 900_000)
})
