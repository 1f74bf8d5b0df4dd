/**
 * The JSON archive of a whole café: what organisers keep, and what `POST /api/cafes/import`
 * restores as a new café on this or another server.
 *
 *   format, version   'tablecloth-cafe-archive', 1: a reader refuses any other
 *   exportedAt        server time of the export (ms since 1970)
 *   cafe              the café's whole state (shared/cafe/types.ts): settings, tables, people,
 *                     seating, history of every round, sittings, phase, version
 *   cloths[]          one per table, in table order: `state`, the exact Yjs state of the cloth
 *                     (base64 of `Y.encodeStateAsUpdate`: notes, proposals and the server's
 *                     provenance, as the room holds them), and a readable copy of the same —
 *                     `notes` per round (NoteBlock, as in the summary) and `proposals` with their
 *                     provenance — for people and scripts that do not speak Yjs
 *   harvest           the harvest state (shared/harvest/harvest-state.ts): the proposals taken
 *                     from the cloths, merges, rejected suggestions, voting and every dot; null
 *                     if the café never reached the harvest
 *   summary           the summary document's Yjs state (shared/summary/document.ts) and a
 *                     readable copy of its edits
 *
 * Never in an archive: tokens (facilitator, organiser, participants) and personal rejoin codes.
 * An archive names people and carries everything they wrote, but opens nothing: whoever imports
 * it gets a new café with new links, and participants get no tokens at all (the facilitator can
 * give them new links later).
 *
 * Import restores from `state` alone; the readable copies are for reading and are ignored. The
 * export is deterministic (objects' keys sorted, Yjs states re-encoded from a fresh document), so
 * two exports of an unchanged café are byte for byte equal.
 *
 * The schemas are strict (unknown fields are refused) and mirror the app's types field by field
 * (checked at compile time below), so that what is restored is exactly what was exported.
 */
import { z } from 'zod'
import type { CafeState, Person, Phase } from '../cafe/types.js'
import type { DotVoting, HarvestSource, HarvestState, MergedProposal, RejectedSuggestion } from '../harvest/harvest-state.js'
import type { Proposal, ProposalProvenance } from '../cloth/schema.js'
import type { NoteBlock, SummaryEdits } from '../summary/summary.js'
import { PROPOSAL_FIELD_MAX } from '../cloth/proposals.js'

export const ARCHIVE_FORMAT = 'tablecloth-cafe-archive'
export const ARCHIVE_VERSION = 1
/** Largest Yjs state of one document in an archive, decoded (a cloth of a long café is ~100 KiB). */
export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
/** Largest archive the import reads: a 200-table café with 1,000 people and full cloths fits well. */
export const MAX_ARCHIVE_BYTES = 50 * 1024 * 1024

/** Why an import was refused, beyond the usual `bad_request` for fields that do not parse. */
export const ArchiveErrorCode = {
  /** Not a Tablecloth café archive, or a version this server does not read. */
  Unsupported: 'unsupported_archive',
  /** Fields parse, but do not fit together (a seat at a table that does not exist, a dot on nothing) or a Yjs state does not decode. */
  Inconsistent: 'bad_archive',
} as const

const MAX_TIME = 8.64e15
const time = z.number().int().min(0).max(MAX_TIME)
const count = (max: number) => z.number().int().min(0).max(max)
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" or "_" (1–64)')
const table = count(199)
const round = count(12)
/** Base64 of a Yjs update; decoded and checked by the server (server/archive/import.ts). */
const base64 = z
  .string()
  .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4, `a document's state is larger than ${MAX_DOCUMENT_BYTES} bytes`)
  // One flat character class: a grouped pattern would recurse once per group on megabytes of text.
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
  .refine((s) => s.length % 4 === 0, 'not base64 (its length is not a multiple of 4)')

const Seating = z.record(id, table)

const Person = z.strictObject({
  id,
  name: z.string().min(1).max(80),
  country: z.string().max(60).optional(),
  organisation: z.string().max(120).optional(),
  language: z.string().max(35).optional(),
  hostOf: table.optional(),
  removed: z.boolean().optional(),
  erased: z.boolean().optional(),
  pseudonym: z.boolean().optional(),
  withoutDevice: z.boolean().optional(),
  simulated: z.boolean().optional(),
  registrationId: id.optional(),
  joinedAt: time,
})

const Phase = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('lobby') }),
  z.strictObject({ kind: z.literal('running'), round, endsAt: time }),
  z.strictObject({ kind: z.literal('paused'), round, remainingMs: count(MAX_TIME) }),
  z.strictObject({ kind: z.literal('ended'), round, endedAt: time, reason: z.enum(['timer', 'facilitator']) }),
  z.strictObject({ kind: z.literal('rotating'), round, plan: Seating }),
  z.strictObject({ kind: z.literal('harvest') }),
  z.strictObject({ kind: z.literal('closed') }),
])

const ArchivedCafe = z.strictObject({
  id,
  joinCode: z.string().max(20),
  createdAt: time,
  settings: z.strictObject({
    topic: z.string().min(1).max(200),
    questions: z.array(z.string().min(1).max(500)).min(1).max(12),
    roundMinutes: z.number().int().min(1).max(240),
    ask: z.strictObject({ country: z.boolean(), organisation: z.boolean(), language: z.boolean() }),
  }),
  tables: z.array(z.strictObject({ name: z.string().max(60) })).min(1).max(200),
  people: z.record(id, Person).refine((people) => Object.keys(people).length <= 5000, 'more than 5,000 people'),
  seating: Seating,
  history: z.array(Seating).max(12),
  sittings: z.record(id, z.array(table).max(1000)),
  phase: Phase,
  rehearsal: z.boolean().optional(),
  version: count(Number.MAX_SAFE_INTEGER),
})

const proposalText = z.string().max(PROPOSAL_FIELD_MAX)
const Proposal = z.strictObject({ id: z.string().min(1).max(64), title: proposalText, what: proposalText, who: proposalText, when: proposalText })
const Provenance = z.strictObject({
  table,
  round,
  createdBy: z.string().max(64),
  authors: z.array(z.string().max(64)).max(1000),
  createdAt: time,
  onBehalfOf: z.array(z.string().max(64)).max(1000).optional(),
})

const NoteBlock = z.strictObject({
  kind: z.enum(['heading', 'paragraph', 'bullet', 'ordered']),
  text: z.string(),
  depth: count(100).optional(),
  number: z.number().int().optional(),
})

const ArchivedCloth = z.strictObject({
  /** 0-based; cloths[i].table is i. */
  table,
  state: base64,
  /** Readable copy, ignored by the import. */
  notes: z.array(z.strictObject({ round: z.number().int().min(1).max(12), blocks: z.array(NoteBlock) })).max(12),
  /** Readable copy, ignored by the import. */
  proposals: z.array(Proposal.extend({ provenance: Provenance.optional() })).max(10_000),
})

const HarvestSource = z.strictObject({ key: z.string().max(80), table, round, authors: z.array(z.string().max(64)).max(1000), proposal: Proposal })

// A merge holds the items it was made from, earlier merges whole: a recursive shape.
const MergedProposal: z.ZodType<MergedProposal> = z.lazy(() =>
  z.strictObject({
    id,
    title: proposalText,
    what: proposalText,
    parts: z
      .array(
        z.discriminatedUnion('kind', [
          z.strictObject({ kind: z.literal('proposal'), key: z.string().max(80) }),
          z.strictObject({ kind: z.literal('merged'), merged: MergedProposal }),
        ]),
      )
      .min(2)
      .max(10_000),
    suggestion: z.string().max(10_000).optional(),
  }),
)

const ArchivedHarvest = z.strictObject({
  proposals: z.array(HarvestSource).max(100_000),
  merged: z.array(MergedProposal).max(100_000),
  decisions: z
    .array(z.strictObject({ kind: z.literal('rejected'), suggestion: z.string().max(10_000), keys: z.array(z.string().max(80)).max(10_000) }))
    .max(100_000),
  votes: z.strictObject({
    status: z.enum(['not-open', 'open', 'closed']),
    dotsPerVoter: z.number().int().min(1).max(20),
    voters: z.array(id).max(5000),
    dots: z.array(z.strictObject({ voter: id, placedOn: z.string().max(80) })).max(100_000),
  }),
})

const SummaryEdits = z.strictObject({
  title: z.string().optional(),
  introduction: z.string().optional(),
  translations: z.record(z.string().max(200), z.string()),
})

/** The archive as `POST /api/cafes/import` reads it (format and version are checked first, for a clear refusal). */
export const CafeArchive = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  exportedAt: time,
  cafe: ArchivedCafe,
  cloths: z.array(ArchivedCloth).min(1).max(200),
  harvest: ArchivedHarvest.nullable(),
  summary: z.strictObject({
    state: base64,
    /** Readable copy, ignored by the import. */
    edits: SummaryEdits,
  }),
})
export type CafeArchive = z.infer<typeof CafeArchive>
export type ArchivedCloth = z.infer<typeof ArchivedCloth>

// The archive restores the café exactly only if it has every field the app keeps: a field added
// to one of these types and not here fails to compile (and the strict schema would refuse it).
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : never
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
export const archiveMatchesTheApp: [
  SameKeys<z.infer<typeof ArchivedCafe>, CafeState>,
  Mutual<z.infer<typeof ArchivedCafe>, CafeState>,
  SameKeys<z.infer<typeof Person>, Person>,
  Mutual<z.infer<typeof Phase>, Phase>,
  SameKeys<z.infer<typeof ArchivedHarvest>, HarvestState>,
  Mutual<z.infer<typeof ArchivedHarvest>, HarvestState>,
  SameKeys<z.infer<typeof HarvestSource>, HarvestSource>,
  SameKeys<z.infer<typeof ArchivedHarvest>['votes'], DotVoting>,
  SameKeys<z.infer<typeof ArchivedHarvest>['decisions'][number], RejectedSuggestion>,
  SameKeys<z.infer<typeof Proposal>, Proposal>,
  SameKeys<z.infer<typeof Provenance>, ProposalProvenance>,
  SameKeys<z.infer<typeof NoteBlock>, NoteBlock>,
  Mutual<z.infer<typeof SummaryEdits>, SummaryEdits>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true]
