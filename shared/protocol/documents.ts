/**
 * Names of the Yjs documents of a café. A name is the path after `/yjs/` on the WebSocket
 * endpoint, so the stock `y-websocket` client reaches it with
 * `new WebsocketProvider('ws://HOST:PORT/yjs', name, doc, { params: { token } })`.
 *
 * - `<cafeId>/table/<n>`: the cloth of table n (from 1), shared/cloth/schema.ts;
 * - `<cafeId>/summary`: the summary the café's staff edit together, shared/summary/document.ts.
 */
export type DocumentName = { kind: 'cloth'; cafeId: string; table: number } | { kind: 'summary'; cafeId: string }

const CAFE_ID = /^[A-Za-z0-9_-]{8,64}$/

/** The cloth (shared notes) of one table; `table` is 0-based. */
export function clothDocumentName(cafeId: string, table: number): string {
  return `${cafeId}/table/${table + 1}`
}

/** The café's summary document: title, introduction and translations, edited by its staff. */
export function summaryDocumentName(cafeId: string): string {
  return `${cafeId}/summary`
}

/** Parses a document name; undefined for anything that is not one of ours. */
export function parseDocumentName(name: string): DocumentName | undefined {
  const parts = name.split('/')
  const cafeId = parts[0] ?? ''
  if (!CAFE_ID.test(cafeId)) return undefined
  if (parts.length === 2 && parts[1] === 'summary') return { kind: 'summary', cafeId }
  if (parts.length !== 3) return undefined
  const [, kind, n] = parts as [string, string, string]
  if (kind === 'table' && /^[1-9][0-9]{0,2}$/.test(n)) return { kind: 'cloth', cafeId, table: Number(n) - 1 }
  return undefined
}
