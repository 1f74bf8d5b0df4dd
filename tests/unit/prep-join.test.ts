/**
 * Joining with what the preparation brought: a pre-assigned host's table, a table card's seat, a
 * pseudonym and the registration the person picked.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { applyCommand, type CafeCommand } from '../../shared/cafe/commands.js'
import { newCafeState } from '../../shared/cafe/new-cafe.js'
import type { CafeState } from '../../shared/cafe/types.js'
import { cafeIn, deepFreeze, NOW, PHASE_VARIANTS } from './factories.js'

const newbie = { role: 'participant', personId: 'newbie' } as const

function join(state: CafeState, extra: Omit<Extract<CafeCommand, { type: 'join' }>, 'type' | 'person'> & { pseudonym?: boolean; registrationId?: string } = {}) {
  const { pseudonym, registrationId, ...where } = extra
  const person = { id: 'newbie', name: 'Nino Beridze', ...(pseudonym ? { pseudonym } : {}), ...(registrationId ? { registrationId } : {}) }
  return applyCommand(deepFreeze(state), { type: 'join', person, ...where }, newbie, NOW)
}

const emptyLobby = () =>
  newCafeState({ id: 'c', joinCode: 'ABCDEF', now: NOW, settings: cafeIn('lobby').settings, tableNames: ['', '', '', ''] })

describe('joining with a preparation', () => {
  it('a pre-assigned host lands at their table as its host', () => {
    const result = join(emptyLobby(), { hostOf: 2 })
    expect(result.ok && result.value.people['newbie']).toMatchObject({ hostOf: 2 })
    expect(result.ok && result.value.seating['newbie']).toBe(2)
  })

  it('a table that already has a host keeps it: the newcomer sits at their pre-assigned seat instead', () => {
    const result = join(cafeIn('lobby'), { hostOf: 1, table: 3 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.people['newbie']!.hostOf).toBeUndefined()
    expect(result.value.people['h1']!.hostOf).toBe(1)
    expect(result.value.seating['newbie']).toBe(3)
  })

  it('a host of a removed person’s table is free to take', () => {
    const s = applyCommand(cafeIn('lobby'), { type: 'remove', personId: 'h1' }, { role: 'facilitator' }, NOW)
    const result = s.ok ? join(s.value, { hostOf: 1 }) : s
    expect(result.ok && result.value.people['newbie']!.hostOf).toBe(1)
  })

  it('a table card seats a newcomer at that table in every phase people can join in, into the round in progress', () => {
    for (const variant of PHASE_VARIANTS.filter((v) => v !== 'closed')) {
      const result = join(cafeIn(variant), { table: 3 })
      expect(result.ok, variant).toBe(true)
      if (!result.ok) continue
      expect(result.value.seating['newbie'], variant).toBe(3)
      expect(result.value.sittings['newbie'], variant).toEqual([3])
      const { phase } = result.value
      if (phase.kind === 'rotating') expect(phase.plan['newbie']).toBe(3)
      if (phase.kind === 'running' || phase.kind === 'paused' || phase.kind === 'ended') {
        expect(result.value.history[phase.round - 1]!['newbie']).toBe(3)
      }
    }
  })

  it('refuses a table that does not exist, and changes nothing', () => {
    const before = cafeIn('running')
    for (const where of [{ table: 4 }, { hostOf: 9 }, { table: -1 }]) {
      expect(join(before, where)).toMatchObject({ ok: false, code: 'unknown_table' })
    }
    expect(before.people['newbie']).toBeUndefined()
  })

  it('keeps the pseudonym mark and the registration picked, and nothing that was not given', () => {
    const result = join(emptyLobby(), { pseudonym: true, registrationId: 'r-7' })
    expect(result.ok && result.value.people['newbie']).toEqual({ id: 'newbie', name: 'Nino Beridze', pseudonym: true, registrationId: 'r-7', joinedAt: NOW })
    const plain = join(emptyLobby())
    expect(plain.ok && Object.keys(plain.value.people['newbie']!).sort()).toEqual(['id', 'joinedAt', 'name'])
  })

  it('however people arrive, each table has at most one host, and everyone present has a seat', () => {
    const arrival = fc.record({ hostOf: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), table: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) })
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 20 }), (arrivals) => {
        let s = emptyLobby()
        arrivals.forEach((a, i) => {
          const id = `p${i}`
          const cmd: CafeCommand = {
            type: 'join',
            person: { id, name: `Person ${i}` },
            ...(a.hostOf !== undefined ? { hostOf: a.hostOf } : {}),
            ...(a.table !== undefined ? { table: a.table } : {}),
          }
          const r = applyCommand(s, cmd, { role: 'participant', personId: id }, NOW)
          if (!r.ok) throw new Error(r.code)
          s = r.value
          const me = s.people[id]!
          expect(s.seating[id]).toBe(me.hostOf ?? a.table ?? s.seating[id])
        })
        const hosts = Object.values(s.people).flatMap((p) => (p.hostOf === undefined ? [] : [p.hostOf]))
        expect(new Set(hosts).size).toBe(hosts.length)
        for (const p of Object.values(s.people)) {
          expect(s.seating[p.id]).toBeDefined()
          if (p.hostOf !== undefined) expect(s.seating[p.id]).toBe(p.hostOf)
        }
      }),
    )
  })
})
