/**
 * The café's summary as the server builds it (`GET /api/cafes/<cafeId>/summary`): the notes,
 * the ranked proposals and the counts, which only the café changes. Fetched on open, when the
 * person asks, and every half minute while the page is open (notes may still be written while
 * the organisers edit). The editable parts are shown live from the summary document instead.
 */
import type { Summary } from '$shared/summary/summary.js'

const REFRESH_EVERY_MS = 30_000

export class SummaryData {
  summary = $state<Summary>()
  /** The error code of the last fetch, if it failed ('network' when the server was unreachable). */
  error = $state<string>()
  status = $state<number>()
  loading = $state(false)
  /** Shown without personal names (`?anonymous=1`): people by country and organisation only. */
  private anonymous = false
  private readonly timer: ReturnType<typeof setInterval>

  constructor(
    private readonly cafeId: string,
    private readonly token: string,
  ) {
    void this.refresh()
    this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS)
  }

  async refresh(): Promise<void> {
    if (this.loading) return
    this.loading = true
    try {
      const res = await fetch(`/api/cafes/${encodeURIComponent(this.cafeId)}/summary${this.anonymous ? '?anonymous=1' : ''}`, {
        headers: { authorization: `Bearer ${this.token}` },
      })
      this.status = res.status
      if (res.ok) {
        this.summary = (await res.json()) as Summary
        this.error = undefined
      } else {
        const body = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined
        this.error = body?.error?.code ?? 'internal'
        // A refused token or a deleted café will not come back by asking again.
        if ([401, 403, 404].includes(res.status)) this.close()
      }
    } catch {
      this.error = 'network'
    } finally {
      this.loading = false
    }
  }

  /** Switches between the summary with and without personal names, and fetches it again. */
  async setAnonymous(anonymous: boolean): Promise<void> {
    if (anonymous === this.anonymous) return
    this.anonymous = anonymous
    // A fetch on its way has the other kind: ask again once it is back.
    while (this.loading) await new Promise((resolve) => setTimeout(resolve, 50))
    await this.refresh()
  }

  close(): void {
    clearInterval(this.timer)
  }
}
