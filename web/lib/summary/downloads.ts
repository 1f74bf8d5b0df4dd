/**
 * The café's downloads, fetched with the token in the Authorization header (never in a URL, so
 * it stays out of logs and history) and saved as a file under the name the server gives.
 */

/** Every download of a café's results, by the file the server serves it as. */
export const DOWNLOADS = [
  { format: 'docx', path: 'summary.docx' },
  { format: 'md', path: 'summary.md' },
  { format: 'html', path: 'summary.html' },
  { format: 'csv', path: 'proposals.csv' },
  { format: 'json', path: 'archive.json' },
] as const
export type DownloadFormat = (typeof DOWNLOADS)[number]['format']

/**
 * The file name a `Content-Disposition` header gives: `filename*=UTF-8''…` (RFC 6266/5987, which
 * carries Georgian or Cyrillic names) before the plain `filename="…"`; undefined if neither.
 */
export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined
  const extended = header.match(/filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i)
  if (extended) {
    try {
      const name = decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, ''))
      if (name) return safeName(name)
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = header.match(/filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i)
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]?.trim()) : undefined
  return name ? safeName(name) : undefined
}

/** A name the browser can save: no folders, never empty. */
const safeName = (name: string) => name.replace(/[/\\]/g, '_').trim() || 'download'

export type DownloadResult = { ok: true; filename: string } | { ok: false; status: number; code: string }

/** Fetches one download with the token and hands it to the browser as a file. */
export async function downloadFile(url: string, token: string, fallbackName: string): Promise<DownloadResult> {
  let res: Response
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  } catch {
    return { ok: false, status: 0, code: 'network' }
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as { error?: { code?: string } } | undefined
    return { ok: false, status: res.status, code: body?.error?.code ?? 'internal' }
  }
  const blob = await res.blob()
  const filename = filenameFromDisposition(res.headers.get('content-disposition')) ?? fallbackName
  saveBlob(blob, filename)
  return { ok: true, filename }
}

/** Saves a blob as a file through a temporary link (works on plain http, no secure context needed). */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = filename
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // Some browsers read the blob after click() returns: let go of it a little later.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}

/** The address of a café's download; `anonymous`: without personal names. */
export const downloadUrl = (cafeId: string, path: string, anonymous = false) =>
  `/api/cafes/${encodeURIComponent(cafeId)}/${path}${anonymous ? '?anonymous=1' : ''}`
