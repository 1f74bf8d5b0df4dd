/**
 * The café's results over HTTP (docs/PROTOCOL.md): the summary as data, its downloads (Word,
 * Markdown, printable HTML, the proposals as CSV), the JSON archive of the whole café, and the
 * import of an archive as a new café.
 *
 * Results are for the café's staff: its facilitator and organiser tokens, or the server's
 * organiser key, always as `Authorization: Bearer …` (never in a URL, which ends up in logs and
 * browser history). Participants and other cafés' tokens get 403, anyone else 401. Only the
 * server's organiser key imports: an import creates a café on this server.
 */
import express, { type Request, type Response, type Router } from 'express'
import type * as Y from 'yjs'
import type { Logger } from 'pino'
import type { CafeState } from '../../shared/cafe/types.js'
import type { Summary } from '../../shared/summary/summary.js'
import { summaryMarkdown } from '../../shared/summary/markdown.js'
import { summaryHtml } from '../../shared/summary/html.js'
import { proposalsCsv } from '../../shared/summary/csv.js'
import { MAX_ARCHIVE_BYTES } from '../../shared/archive/archive.js'
import type { ImportCafeResponse, SummaryResponse } from '../../shared/protocol/http.js'
import { summaryDocx } from '../summary/docx.js'
import { gatherSummary, type SummarySources } from '../summary/gather.js'
import { exportArchive } from '../archive/export.js'
import { importArchive } from '../archive/import.js'
import { createDocumentReader } from '../documents/read-document.js'
import type { Storage } from '../storage/storage.js'
import type { Cafes } from '../cafes/cafes.js'
import type { Harvests } from '../harvest/harvests.js'
import { authenticate, bearerToken } from '../auth/tokens.js'
import type { StaffAuth } from './staff-auth.js'
import { sendError } from './errors.js'
import { anonymiseSummary } from '../../shared/summary/anonymise.js'
import { namedPeople } from '../privacy/named-people.js'
import { anonymousArchive } from '../privacy/anonymous-archive.js'

export interface SummaryRoutesOptions {
  storage: Storage
  logger: Logger
  cafes: Cafes
  harvests: Pick<Harvests, 'load'>
  staffAuth: StaffAuth
  /** The document hub's open copy of a document, if a room has it loaded. */
  loaded: (documentName: string) => Y.Doc | undefined
  /** A café was just imported (e.g. to re-arm its round timer, as after a restart). */
  imported?: (state: CafeState) => void
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** Each download of the summary: where, what type, and how it is written from the one summary. */
const downloads: { file: string; name: string; ext: string; type: string; write: (s: Summary) => string | Buffer | Promise<Buffer> }[] = [
  { file: 'summary.docx', name: 'summary', ext: 'docx', type: DOCX, write: summaryDocx },
  { file: 'summary.md', name: 'summary', ext: 'md', type: 'text/markdown; charset=utf-8', write: summaryMarkdown },
  { file: 'summary.html', name: 'summary', ext: 'html', type: 'text/html; charset=utf-8', write: summaryHtml },
  { file: 'proposals.csv', name: 'proposals', ext: 'csv', type: 'text/csv; charset=utf-8', write: proposalsCsv },
]

export function summaryRoutes(options: SummaryRoutesOptions): Router {
  const { storage, logger, cafes, harvests, staffAuth } = options
  const router = express.Router()
  const sources: SummarySources = {
    cafe: (cafeId) => cafes.load(cafeId),
    harvest: async (cafeId) => (await harvests.load(cafeId))?.state,
    documents: createDocumentReader({ storage, logger, loaded: options.loaded }),
  }

  /** Whether the request may read this café's results; if not, the refusal has been sent. */
  async function staffOnly(req: Request, res: Response, cafeId: string): Promise<boolean> {
    if (await staffAuth.cafeStaff(req, cafeId)) return true
    refuse(res, await authenticate(storage, bearerToken(req.get('authorization'))), "only the café's facilitator and organisers")
    return false
  }
  function refuse(res: Response, holder: unknown, who: string): void {
    if (holder) sendError(res, 403, 'forbidden', `${who} may do this`)
    else sendError(res, 401, 'unauthorized', 'a valid bearer token is needed')
  }
  const unknownCafe = (res: Response) => sendError(res, 404, 'unknown_cafe', 'no such café')
  // `?anonymous=1`: without personal names (server/privacy, shared/summary/anonymise.ts).
  const anonymous = (req: Request) => req.query.anonymous === '1'
  async function summaryFor(req: Request, cafeId: string): Promise<Summary | undefined> {
    const summary = await gatherSummary(sources, cafeId)
    const cafe = summary && anonymous(req) ? await cafes.load(cafeId) : undefined
    return summary && cafe ? anonymiseSummary(summary, await namedPeople(storage, cafe)) : summary
  }

  router.get('/api/cafes/:cafeId/summary', async (req, res) => {
    if (!(await staffOnly(req, res, req.params.cafeId))) return
    const summary = await summaryFor(req, req.params.cafeId)
    if (!summary) return unknownCafe(res)
    res.set('Cache-Control', 'no-store').json(summary satisfies SummaryResponse)
  })

  for (const download of downloads) {
    router.get(`/api/cafes/:cafeId/${download.file}`, async (req, res) => {
      if (!(await staffOnly(req, res, req.params.cafeId))) return
      const summary = await summaryFor(req, req.params.cafeId)
      if (!summary) return unknownCafe(res)
      const body = await download.write(summary)
      const name = anonymous(req) ? `${download.name}-anonymous` : download.name
      sendDownload(res, download.type, attachment(summary.topic, summary.date, name, download.ext), body)
    })
  }

  router.get('/api/cafes/:cafeId/archive.json', async (req, res) => {
    if (!(await staffOnly(req, res, req.params.cafeId))) return
    const cafe = await cafes.load(req.params.cafeId)
    const archive = cafe && (await exportArchive(sources, cafe.id))
    if (!cafe || !archive) return unknownCafe(res)
    const body = anonymous(req) ? anonymousArchive(archive, await namedPeople(storage, cafe)) : archive
    const name = anonymous(req) ? 'archive-anonymous' : 'archive'
    sendDownload(res, 'application/json; charset=utf-8', attachment(cafe.settings.topic, utcDate(cafe.createdAt), name, 'json'), body)
  })

  router.post(
    '/api/cafes/import',
    // Who asks is checked before the body is read: only the organiser key may send 50 MB.
    async (req, res, next) => {
      if (staffAuth.isServerOrganiser(req)) return next()
      refuse(res, await authenticate(storage, bearerToken(req.get('authorization'))), "only the server's organiser key")
    },
    express.json({ limit: MAX_ARCHIVE_BYTES, strict: true }),
    async (req, res) => {
      const outcome = await importArchive({ storage, logger }, req.body)
      if (!outcome.ok) return sendError(res, 400, outcome.code, outcome.message, outcome.issues)
      options.imported?.(outcome.state)
      res.status(201).json(outcome.value satisfies ImportCafeResponse)
    },
  )

  return router
}

/** The café's day as the summary names it (yyyy-mm-dd, UTC). */
const utcDate = (time: number) => new Date(time).toISOString().slice(0, 10)

function sendDownload(res: Response, type: string, disposition: string, body: string | Buffer): void {
  res.set({
    'Content-Type': type,
    'Content-Disposition': disposition,
    // Names, notes and votes of real people: no shared cache keeps a copy.
    'Cache-Control': 'private, no-store',
    'X-Content-Type-Options': 'nosniff',
    // Were the HTML opened from here after all, it could not run anything or load anything.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox",
  })
  res.send(body)
}

/**
 * `Content-Disposition` of a download named after the café: `topic-date-name.ext`. `filename`
 * is plain ASCII for old clients (accents dropped, other scripts gone, "cafe" if nothing is
 * left); `filename*` (RFC 5987) keeps the topic in its own script, UTF-8 and percent-encoded.
 */
export function attachment(topic: string, date: string, name: string, ext: string): string {
  const slug = (text: string, keep: RegExp, max: number) =>
    [...text.replace(keep, '-').replace(/^-+|-+$/g, '')].slice(0, max).join('').replace(/-+$/, '')
  const ascii = slug(topic.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''), /[^A-Za-z0-9]+/g, 60) || 'cafe'
  const unicode = slug(topic.normalize('NFC'), /[^\p{L}\p{N}\p{M}]+/gu, 60) || 'cafe'
  const file = (base: string) => `${base}-${date}-${name}.${ext}`
  const rfc5987 = encodeURIComponent(file(unicode)).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${file(ascii)}"; filename*=UTF-8''${rfc5987}`
}
