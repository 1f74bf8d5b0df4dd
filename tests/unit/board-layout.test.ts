import { describe, expect, it } from 'vitest'
import { gridShape, moveLeft, MOVE_MS } from '../../web/lib/board/board-layout.js'
import { chooseJoinBase, isLoopback, joinUrl } from '../../web/lib/board/join-base.js'
import type { Phase } from '../../shared/cafe/types.js'

describe('the board lays out every table without scrolling', () => {
  it.each([
    [1, 1, 1, 'roomy'],
    [2, 2, 1, 'roomy'],
    [4, 2, 2, 'roomy'],
    [6, 3, 2, 'roomy'],
    [8, 4, 2, 'roomy'],
    [9, 3, 3, 'dense'],
    [12, 4, 3, 'dense'],
    [15, 5, 3, 'dense'],
    [16, 4, 4, 'dense'],
    [20, 5, 4, 'dense'],
    [40, 8, 5, 'crowded'],
  ] as const)('%i tables: %i columns × %i rows, %s', (tables, columns, rows, density) => {
    expect(gridShape(tables)).toEqual({ columns, rows, density })
  })

  it('always has a cell for every table, and never more than a row to spare', () => {
    for (let n = 1; n <= 200; n++) {
      const { columns, rows } = gridShape(n)
      expect(columns * rows).toBeGreaterThanOrEqual(n)
      expect(columns * (rows - 1)).toBeLessThan(n)
    }
  })
})

describe('after a rotation the board counts down the move', () => {
  const minutes = 20
  const start = 1_000_000
  const running = (round: number, elapsedMs: number): { phase: Phase; now: number } => ({
    phase: { kind: 'running', round, endsAt: start + minutes * 60_000 },
    now: start + elapsedMs,
  })

  it('shows a full minute right after the rotation is applied', () => {
    const { phase, now } = running(2, 0)
    expect(moveLeft(phase, minutes, now)).toBe(MOVE_MS)
  })
  it('counts down with the round clock, and is gone after a minute', () => {
    expect(moveLeft(running(2, 15_000).phase, minutes, running(2, 15_000).now)).toBe(45_000)
    expect(moveLeft(running(3, 60_000).phase, minutes, running(3, 60_000).now)).toBeUndefined()
  })
  it('holds still while the round is paused', () => {
    const phase: Phase = { kind: 'paused', round: 2, remainingMs: minutes * 60_000 - 20_000 }
    expect(moveLeft(phase, minutes, 0)).toBe(40_000)
    expect(moveLeft(phase, minutes, 10_000_000)).toBe(40_000)
  })
  it('shows nothing in round 1, which nobody moved into', () => {
    expect(moveLeft(running(1, 0).phase, minutes, running(1, 0).now)).toBeUndefined()
  })
  it('shows nothing once the round was extended during the move (its start is no longer known)', () => {
    const phase: Phase = { kind: 'running', round: 2, endsAt: start + (minutes + 5) * 60_000 }
    expect(moveLeft(phase, minutes, start + 10_000)).toBeUndefined()
  })
  it.each<Phase>([{ kind: 'lobby' }, { kind: 'ended', round: 2, endedAt: 0, reason: 'timer' }, { kind: 'rotating', round: 1, plan: {} }, { kind: 'harvest' }])(
    'shows nothing while %o',
    (phase) => {
      expect(moveLeft(phase, minutes, start)).toBeUndefined()
    },
  )
})

describe('the QR code never points at a loopback address', () => {
  it.each([
    ['http://localhost:3000/', true],
    ['http://127.0.0.1:3000/', true],
    ['http://127.4.5.6/', true],
    ['http://[::1]:3000/', true],
    ['http://0.0.0.0:3000/', true],
    ['not a url', true],
    ['http://192.168.1.20:3000/', false],
    ['http://tablecloth.test:4000/', false],
    ['https://cafe.example.org/', false],
  ])('%s is loopback: %s', (url, loopback) => {
    expect(isLoopback(url)).toBe(loopback)
  })

  const lan = ['http://192.168.1.20:3000/', 'http://10.0.0.5:3000/', 'http://localhost:3000/']
  it("takes the facilitator's pick while the server still has it", () => {
    expect(chooseJoinBase('http://10.0.0.5:3000/', lan, 'http://localhost:3000')).toBe('http://10.0.0.5:3000/')
  })
  it("falls back to the server's first reachable address when the pick is gone", () => {
    expect(chooseJoinBase('http://172.16.0.9:3000/', lan, 'http://localhost:3000')).toBe('http://192.168.1.20:3000/')
  })
  it('uses the public address when the server runs behind a proxy', () => {
    expect(chooseJoinBase(undefined, ['https://cafe.example.org/'], 'http://localhost:3000')).toBe('https://cafe.example.org/')
  })
  it('uses the address the page was opened on when the server knows none', () => {
    expect(chooseJoinBase(undefined, [], 'http://192.168.1.20:3000')).toBe('http://192.168.1.20:3000/')
  })
  it('gives no address at all rather than localhost', () => {
    expect(chooseJoinBase('http://localhost:3000/', ['http://localhost:3000/'], 'http://localhost:3000')).toBeUndefined()
  })
  it('joins on /join/<code> under the base', () => {
    expect(joinUrl('http://192.168.1.20:3000/', 'YC74JA')).toBe('http://192.168.1.20:3000/join/YC74JA')
  })
})
