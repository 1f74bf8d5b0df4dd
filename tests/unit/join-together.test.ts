/**
 * Joins that arrive while their café's previous save is still being written wait together and
 * are stored in one save (server/cafes/cafes.ts), each answered on its own. A store held in
 * memory whose saves finish only when the test lets them makes the wave exact.
 */
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { createCafes } from '../../server/cafes/cafes.js'
import type { Storage, TokenRecord } from '../../server/storage/storage.js'
import type { CafeState } from '../../shared/cafe/types.js'

/** The few calls creating and joining make; saves wait for `release()`. */
function heldStore() {
  const cafes = new Map<string, CafeState>()
  const tokens: TokenRecord[] = []
  const saves: { people: number; tokens: number }[] = []
  let held: (() => void)[] = []
  const store: Partial<Storage> = {
    async createCafe(state, first) {
      cafes.set(state.id, state)
      tokens.push(...first)
    },
    async findCafeIdByJoinCode(code) {
      return [...cafes.values()].find((c) => c.joinCode === code)?.id
    },
    async loadCafe(id) {
      return cafes.get(id)
    },
    async saveCafe(state, expected, newTokens = []) {
      await new Promise<void>((resolve) => held.push(resolve))
      if (cafes.get(state.id)?.version !== expected) return false
      cafes.set(state.id, state)
      tokens.push(...newTokens)
      saves.push({ people: Object.keys(state.people).length, tokens: newTokens.length })
      return true
    },
  }
  const release = () => {
    const waiting = held
    held = []
    for (const r of waiting) r()
    return waiting.length
  }
  return { storage: store as Storage, cafes, tokens, saves, release, holding: () => held.length }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('joins waiting for their café', () => {
  it('are applied in the order they came and stored in one save with all their tokens; a wrong one is refused alone', async () => {
    const store = heldStore()
    const announced: CafeState[] = []
    const cafes = createCafes({ storage: store.storage, logger: pino({ level: 'silent' }), onChange: (s) => announced.push(s) })
    const { cafeId, joinCode } = await cafes.create({ topic: 'Homes', questions: ['Q1'], tables: 2, roundMinutes: 20 })

    const first = cafes.join(joinCode, { name: 'Nino' })
    await tick()
    expect(store.holding()).toBe(1)
    // While Nino's save is being written, five more arrive, one of them for a table that is not there.
    const wave = [cafes.join(joinCode, { name: 'Olena' }), cafes.join(joinCode, { name: 'Aysel' }), cafes.join(joinCode, { name: 'Lost', table: 7 }), cafes.join(joinCode, { name: 'Ion' }), cafes.join(joinCode, { name: 'Mariam' })]
    await tick()
    expect(store.holding()).toBe(1)
    store.release()
    expect((await first).ok).toBe(true)
    await expect.poll(() => store.holding()).toBe(1)
    expect(store.release()).toBe(1)
    const answers = await Promise.all(wave)

    // Two saves: Nino alone, then the four who could join, with a token and a personal code each.
    expect(store.saves).toEqual([
      { people: 1, tokens: 2 },
      { people: 5, tokens: 8 },
    ])
    expect(answers.map((a) => a.ok)).toEqual([true, true, false, true, true])
    expect(answers[2]).toMatchObject({ ok: false, code: expect.any(String) })
    const state = store.cafes.get(cafeId)!
    expect(Object.values(state.people).map((p) => p.name)).toEqual(['Nino', 'Olena', 'Aysel', 'Ion', 'Mariam'])
    for (const a of answers) if (a.ok) expect(state.seating[a.value.participantId]).toBe(a.value.table)
    // Announced once per save, the second time with everyone in it.
    expect(announced.map((s) => Object.keys(s.people).length)).toEqual([1, 5])
    expect(store.tokens.filter((t) => t.role === 'participant')).toHaveLength(10)
  })

  it('are refused each for their own reason when none of them can join', async () => {
    const store = heldStore()
    const cafes = createCafes({ storage: store.storage, logger: pino({ level: 'silent' }) })
    const { joinCode } = await cafes.create({ topic: 'Homes', questions: ['Q1'], tables: 2, roundMinutes: 20 })
    const first = cafes.join(joinCode, { name: 'Nino' })
    await tick()
    const wave = [cafes.join(joinCode, { name: 'Lost', table: 7 }), cafes.join(joinCode, { name: 'Also lost', table: 9 })]
    await tick()
    store.release()
    await first
    const answers = await Promise.all(wave)
    expect(answers.map((a) => (a.ok ? 'ok' : a.message))).toEqual([expect.stringContaining('7'), expect.stringContaining('9')])
    expect(store.saves).toHaveLength(1)
  })
})
