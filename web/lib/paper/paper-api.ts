/**
 * Fetches a café's paper pack with a staff token in the Authorization header (never in the URL,
 * which ends up in logs and history).
 */
import type { PaperResponse } from '$shared/paper/protocol.js'

export type PaperReply = { ok: true; pack: PaperResponse } | { ok: false; status: number }

export async function fetchPaper(cafeId: string, token: string, base: string | undefined): Promise<PaperReply> {
  const query = base ? `?base=${encodeURIComponent(base)}` : ''
  try {
    const res = await fetch(`/api/cafes/${encodeURIComponent(cafeId)}/paper${query}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) return { ok: false, status: res.status }
    return { ok: true, pack: (await res.json()) as PaperResponse }
  } catch {
    return { ok: false, status: 0 }
  }
}

/** A table as printed: "Table 3 — Kutaisi", or "Table 3" when it has no name of its own. */
export function printedTable(numbered: string, name: string | undefined): string {
  return name ? `${numbered} — ${name}` : numbered
}
