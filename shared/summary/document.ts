/**
 * The shape of a café's summary document: the Yjs document `<cafeId>/summary` that the
 * facilitator and the organisers edit together before they download the summary. It holds only
 * what people add to the café's results; everything else in the summary is built from the café
 * itself (build.ts), so it can never disagree with the cloths or the harvest.
 *
 *   title          Y.Text              the summary's title; empty → the café's topic
 *   introduction   Y.Text              the organisers' own words above the results; may be empty
 *   translations   Y.Map<Y.Text>       by SummaryKey (summary.ts: `noteKey`, `proposalItemKey`):
 *                                      an organiser's translation of that note or proposal
 *
 * Who may open it (server/cloths/cloth-access.ts): the café's facilitator and organiser tokens,
 * which also write; participants are refused (the summary names everyone and counts every dot).
 * It stays writable after the café is closed: that is when the report gets written.
 *
 * Readers here are defensive: the document holds whatever a client sent, so a root or an entry
 * of another type is read as absent, never trusted.
 */
import * as Y from 'yjs'
import type { TokenRole } from '../cafe/types.js'
import type { SummaryEdits, SummaryKey } from './summary.js'

export const SUMMARY_TITLE_FIELD = 'title'
export const SUMMARY_INTRODUCTION_FIELD = 'introduction'
export const SUMMARY_TRANSLATIONS_FIELD = 'translations'

/** What a token may do with the café's summary document: staff write, nobody else gets in. */
export function summaryAccess(role: TokenRole): 'write' | 'refused' {
  return role === 'facilitator' || role === 'organiser' ? 'write' : 'refused'
}

/**
 * Declares the root types on a fresh doc, before any update is applied: a root first met in an
 * update is created as a generic type, and a later `getText` would replace it with a new object.
 */
export function declareSummaryRoots(doc: Y.Doc): void {
  doc.getText(SUMMARY_TITLE_FIELD)
  doc.getText(SUMMARY_INTRODUCTION_FIELD)
  doc.getMap(SUMMARY_TRANSLATIONS_FIELD)
}

/** The translation of one note or proposal as a shared text, created empty on first use. */
export function translationText(doc: Y.Doc, key: SummaryKey): Y.Text {
  const translations = doc.getMap<unknown>(SUMMARY_TRANSLATIONS_FIELD)
  const existing = translations.get(key)
  if (existing instanceof Y.Text) return existing
  const text = new Y.Text()
  translations.set(key, text)
  return text
}

/** Text that says something, or undefined (a cleared field means "no edit", not "blank"). */
const said = (text: string): string | undefined => (text.trim() === '' ? undefined : text)

/**
 * What the summary document adds to the summary: the title and introduction when someone wrote
 * one, and every translation that is not blank. Pure: reads the document, changes nothing.
 */
export function summaryEdits(doc: Y.Doc): SummaryEdits {
  const title = said(doc.getText(SUMMARY_TITLE_FIELD).toString())
  const introduction = said(doc.getText(SUMMARY_INTRODUCTION_FIELD).toString())
  const translations: Record<SummaryKey, string> = {}
  const entries = [...doc.getMap<unknown>(SUMMARY_TRANSLATIONS_FIELD).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [key, value] of entries) {
    const text = value instanceof Y.Text ? said(value.toString()) : undefined
    if (text !== undefined) translations[key] = text
  }
  return { ...(title !== undefined ? { title } : {}), ...(introduction !== undefined ? { introduction } : {}), translations }
}
