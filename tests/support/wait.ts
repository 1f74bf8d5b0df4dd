/** Small waits and checks shared by tests that build a café step by step outside `it` blocks. */
import { vi } from 'vitest'

/** Waits for a condition outside a test (hooks and builders cannot use expect.poll). */
export const until = (check: () => unknown, timeout = 10_000) =>
  vi.waitFor(
    async () => {
      if (!(await check())) throw new Error('not yet')
    },
    { timeout, interval: 50 },
  )

/** The value of a socket command's ack, or an error naming what was refused and why. */
export async function ok<T>(what: string, reply: Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }>): Promise<T> {
  const r = await reply
  if (!r.ok) throw new Error(`${what} refused: ${r.code} ${r.message}`)
  return r.value
}
