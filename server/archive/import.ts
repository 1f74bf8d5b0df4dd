/**
 * Restores a café from its archive (shared/archive/archive.ts) as a NEW café: new id, new join
 * code, new facilitator and organiser tokens. Everything else is the archive's: the same people
 * (same ids, so provenance, seating history and dots still point at them), the cloths and the
 * summary document under the new café's document names, the harvest with every merge and dot.
 * Participants get no tokens: their old links and personal codes belonged to the old café, and
 * the facilitator can give them new links.
 *
 * The archive is outside input: parsed with zod, then checked for what zod cannot see
 * (references.ts), then every Yjs state is decoded with a size limit — all before anything is
 * stored. Then it is stored in one transaction, so a refused or failed import leaves nothing.
 */
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveErrorCode, CafeArchive, MAX_DOCUMENT_BYTES } from '../../shared/archive/archive.js'
import { archiveProblems, type ArchiveProblem } from '../../shared/archive/references.js'
import type { CafeState } from '../../shared/cafe/types.js'
import { joinCodeFromBytes } from '../../shared/join-code.js'
import { clothDocumentName, summaryDocumentName } from '../../shared/protocol/documents.js'
import type { CreateCafeResponse } from '../../shared/protocol/http.js'
import type { Storage } from '../storage/storage.js'
import { generateToken, hashToken } from '../auth/tokens.js'
import { decodeState } from './yjs-state.js'

export type ImportOutcome =
  | { ok: true; value: CreateCafeResponse; state: CafeState }
  | { ok: false; code: string; message: string; issues?: ArchiveProblem[] }

const MAX_ISSUES = 20

export async function importArchive(deps: { storage: Storage; logger: Logger }, raw: unknown): Promise<ImportOutcome> {
  const { storage, logger } = deps
  // Format and version first: "this is not an archive" is clearer than fifty missing fields.
  const head = (typeof raw === 'object' && raw !== null ? raw : {}) as { format?: unknown; version?: unknown }
  if (head.format !== ARCHIVE_FORMAT) {
    return { ok: false, code: ArchiveErrorCode.Unsupported, message: `not a Tablecloth café archive (format is not "${ARCHIVE_FORMAT}")` }
  }
  if (head.version !== ARCHIVE_VERSION) {
    return {
      ok: false,
      code: ArchiveErrorCode.Unsupported,
      message: `archive version ${JSON.stringify(head.version)}: this server reads version ${ARCHIVE_VERSION}`,
    }
  }
  const parsed = CafeArchive.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((i) => ({ path: i.path.join('.'), message: i.message }))
    return { ok: false, code: 'bad_request', message: 'the archive has invalid fields', issues }
  }
  const archive = parsed.data
  const problems = archiveProblems(archive)
  const documents: { table?: number; update: Uint8Array }[] = []
  if (problems.length === 0) {
    const states: { path: string; state: string; table?: number }[] = [
      ...archive.cloths.map((c) => ({ path: `cloths.${c.table}.state`, table: c.table, state: c.state })),
      { path: 'summary.state', state: archive.summary.state },
    ]
    for (const { path, state, table } of states) {
      const decoded = decodeState(state, MAX_DOCUMENT_BYTES)
      if (!decoded.ok) problems.push({ path, message: decoded.message })
      // An empty document needs no row: it reads back as empty.
      else if (!decoded.empty) documents.push({ ...(table !== undefined ? { table } : {}), update: decoded.update })
      if (problems.length >= MAX_ISSUES) break
    }
  }
  if (problems.length > 0) {
    return { ok: false, code: ArchiveErrorCode.Inconsistent, message: 'the archive does not fit together', issues: problems }
  }

  // Like cafes.create: fresh ids, a join code nobody uses, the staff's first tokens.
  const cafeId = randomBytes(12).toString('base64url')
  let joinCode = joinCodeFromBytes(randomBytes(6))
  while (await storage.findCafeIdByJoinCode(joinCode)) joinCode = joinCodeFromBytes(randomBytes(6))
  const state: CafeState = { ...archive.cafe, id: cafeId, joinCode }
  const facilitatorToken = generateToken()
  const organiserToken = generateToken()
  await storage.importCafe({
    state,
    tokens: [
      { hash: hashToken(facilitatorToken), cafeId, role: 'facilitator' },
      { hash: hashToken(organiserToken), cafeId, role: 'organiser' },
    ],
    documents: documents.map((d) => ({
      name: d.table === undefined ? summaryDocumentName(cafeId) : clothDocumentName(cafeId, d.table),
      update: d.update,
    })),
    ...(archive.harvest ? { harvest: archive.harvest } : {}),
  })
  logger.info(
    { cafeId, from: archive.cafe.id, tables: state.tables.length, people: Object.keys(state.people).length },
    'café imported from an archive',
  )
  return { ok: true, value: { cafeId, joinCode, facilitatorToken, organiserToken }, state }
}
