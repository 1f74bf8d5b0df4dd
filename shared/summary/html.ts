/**
 * The summary as one printable HTML page: organisers open it and print to PDF from the browser.
 * Self-contained on purpose: no script, no image, no font or style from elsewhere, and a
 * Content-Security-Policy that forbids loading anything, so the page opens offline at a venue
 * and a hostile note cannot make it call out. Every piece of text people typed is escaped.
 *
 * Fonts are named, not shipped: "Noto Sans" and "Noto Sans Georgian" where installed (the same
 * fonts the Word download names), then the system's sans-serif.
 */
import type { NoteBlock, Summary, SummaryProposal, SummaryRoundNotes, SummaryTable } from './summary.js'
import { guessLanguage } from './script.js'
import {
  countRowsLine,
  generatedLine,
  isOwnOriginal,
  LABELS,
  participantsSentence,
  contributorsLine,
  provenanceLine,
  sourceTables,
  tableLabel,
  votingSentence,
} from './wording.js'

const STYLE = `
:root { --ink: #1a1a1a; --muted: #555; --rule: #c9c9c9; --tint: #f3f1ea; }
html { font-family: "Noto Sans", "Noto Sans Georgian", "DejaVu Sans", Arial, sans-serif; color: var(--ink); line-height: 1.45; }
:lang(ka) { font-family: "Noto Sans Georgian", "Noto Sans", "DejaVu Sans", sans-serif; }
body { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--ink); padding-bottom: .15rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p { margin: .35rem 0; }
.facts, .status, .meta, footer { color: var(--muted); }
.status { font-style: italic; }
.pair { display: grid; grid-template-columns: 1fr; gap: .2rem 1.5rem; }
.pair.translated { grid-template-columns: 1fr 1fr; }
.translation { border-left: 3px solid var(--rule); padding-left: .7rem; }
.translation::before { content: "${LABELS.translation}"; display: block; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--tint); }
td.number, th.number { text-align: right; white-space: nowrap; }
.proposal { margin: 1rem 0; padding: .6rem .8rem; background: var(--tint); }
.proposal h3 { margin-top: 0; }
.sources { margin: .4rem 0 0; padding-left: 1.2rem; }
.sources li { margin: .3rem 0; }
.empty { color: var(--muted); font-style: italic; }
@media (max-width: 40rem) { .pair.translated { grid-template-columns: 1fr; } }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; margin: 0; padding: 0; }
  h2, h3, h4 { break-after: avoid-page; }
  .proposal, .round, tr { break-inside: avoid-page; }
  thead { display: table-header-group; }
  .proposal, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`

/** The summary as a complete HTML document (UTF-8, `<!doctype html>`, English page chrome). */
export function summaryHtml(s: Summary): string {
  const body: string[] = []
  body.push(`<header><h1${lang(s.title)}>${text(s.title)}</h1>`)
  const facts: string[] = []
  if (s.title.trim() !== s.topic.trim()) facts.push(`${LABELS.topic}: <span${lang(s.topic)}>${text(s.topic)}</span>`)
  facts.push(`${LABELS.date}: <time datetime="${attr(s.date)}">${text(s.date)}</time>`)
  body.push(`<p class="facts">${facts.join(' · ')}</p></header>`)
  if (s.introduction !== '') body.push(`<section class="introduction">${paragraphs(s.introduction)}</section>`)

  body.push(`<section><h2>${LABELS.questions}</h2><ol>`)
  for (const question of s.questions) body.push(`<li${lang(question)}>${text(question)}</li>`)
  body.push('</ol></section>')

  const people = s.participants
  body.push(
    `<section><h2>${LABELS.participants}</h2><p>${participantsSentence(s)}.</p>`,
    `<p><strong>${LABELS.countries}:</strong> ${text(countRowsLine(people.countries, people.withoutCountry))}</p>`,
    `<p><strong>${LABELS.organisations}:</strong> ${text(countRowsLine(people.organisations, people.withoutOrganisation))}</p></section>`,
  )

  body.push(`<section><h2>${LABELS.ranked}</h2><p class="status">${text(votingSentence(s))}</p>`)
  if (s.proposals.length > 0) {
    body.push(rankingTable(s.proposals))
    for (const proposal of s.proposals) body.push(proposalArticle(proposal))
  }
  body.push('</section>')

  body.push(`<section><h2>${LABELS.tables}</h2>`)
  for (const table of s.tables) body.push(tableArticle(table))
  body.push('</section>')
  body.push(`<footer><p>${LABELS.generated} ${text(generatedLine(s))} by Tablecloth.</p></footer>`)

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load: not a font, an image, a style sheet or a script.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(s.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

function rankingTable(proposals: SummaryProposal[]): string {
  const rows = proposals.map(
    (p) =>
      `<tr><td class="number">${p.place}</td><td>${original(p.title.text)}${
        p.title.translation === undefined ? '' : `<br><em${lang(p.title.translation)}>${text(p.title.translation)}</em>`
      }</td><td class="number">${p.dots}</td><td class="number">${p.voters}</td><td>${text(sourceTables(p).join(', '))}</td></tr>`,
  )
  return [
    '<table class="ranking">',
    `<thead><tr><th class="number" scope="col">${LABELS.place}</th><th scope="col">${LABELS.proposal}</th><th class="number" scope="col">${LABELS.dots}</th><th class="number" scope="col">${LABELS.voters}</th><th scope="col">${LABELS.fromTables}</th></tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n')
}

function proposalArticle(p: SummaryProposal): string {
  const out = [`<article class="proposal"><h3>${p.place}. ${original(p.title.text)}</h3>`]
  if (p.title.translation !== undefined) out.push(pair('', p.title.translation))
  if (p.what.text.trim() !== '' || p.what.translation !== undefined) out.push(pair(p.what.text, p.what.translation))
  out.push(`<p class="meta">${LABELS.dots}: ${p.dots} · ${LABELS.voters}: ${p.voters}</p>`)
  out.push(`<p><strong>${LABELS.sources}:</strong></p><ul class="sources">`)
  const own = isOwnOriginal(p)
  for (const source of p.sources) {
    const parts = [`<span class="meta">${text(provenanceLine(source))}</span>`]
    if (!own) {
      parts.push(pair(source.title, source.titleTranslation))
      if (source.what.trim() !== '' || source.whatTranslation !== undefined) parts.push(pair(source.what, source.whatTranslation))
    }
    if (source.who.trim() !== '') parts.push(`<p>${LABELS.who}: ${original(source.who)}</p>`)
    if (source.when.trim() !== '') parts.push(`<p>${LABELS.when}: ${original(source.when)}</p>`)
    out.push(`<li>${parts.join('')}</li>`)
  }
  out.push('</ul></article>')
  return out.join('\n')
}

function tableArticle(table: SummaryTable): string {
  const out = [`<article class="table"><h3>${text(tableLabel(table.table, table.name))}</h3>`]
  if (table.host !== undefined) out.push(`<p>${LABELS.host}: ${original(table.host)}</p>`)
  for (const round of table.rounds) out.push(roundSection(round))
  out.push('</article>')
  return out.join('\n')
}

function roundSection(round: SummaryRoundNotes): string {
  const question = round.question.trim() === '' ? '' : `: ${original(round.question)}`
  const notes = round.blocks.length === 0 ? `<p class="empty">${LABELS.noNotes}</p>` : noteBlocks(round.blocks)
  const contributors = contributorsLine(round)
  const credit = contributors === '' ? '' : `<p class="meta">${text(contributors)}</p>`
  const translation = round.translation === undefined ? '' : `<div class="translation"${lang(round.translation)}>${paragraphs(round.translation)}</div>`
  return `<section class="round"><h4>${LABELS.round} ${round.round}${question}</h4>${credit}<div class="pair${translation ? ' translated' : ''}"><div class="original">${notes}</div>${translation}</div></section>`
}

/** Notes as HTML: runs of list items become (nested) lists; a note's heading is bold text. */
function noteBlocks(blocks: NoteBlock[]): string {
  const out: string[] = []
  // The lists open around the current item, outermost first, and whether each has an <li> open.
  const open: Array<{ tag: 'ul' | 'ol'; item: boolean }> = []
  const closeTop = () => {
    const list = open.pop()!
    out.push(`${list.item ? '</li>' : ''}</${list.tag}>`)
  }
  for (const block of blocks) {
    if (block.kind !== 'bullet' && block.kind !== 'ordered') {
      while (open.length > 0) closeTop()
      const inner = multiline(block.text)
      out.push(`<p${lang(block.text)}>${block.kind === 'heading' ? `<strong>${inner}</strong>` : inner}</p>`)
      continue
    }
    const depth = block.depth ?? 0
    const tag = block.kind === 'ordered' ? 'ol' : 'ul'
    while (open.length > depth + 1) closeTop()
    if (open.length === depth + 1 && open[depth]!.tag !== tag) closeTop()
    const top = open.at(-1)
    if (open.length === depth + 1 && top?.item) {
      out.push('</li>')
      top.item = false
    }
    while (open.length < depth + 1) {
      const parent = open.at(-1)
      // A nested list lives inside an item of its parent; skipped levels get an item of their own.
      if (parent && !parent.item) {
        out.push('<li>')
        parent.item = true
      }
      const level: 'ul' | 'ol' = open.length === depth ? tag : 'ul'
      const start = level === 'ol' && block.number !== undefined && block.number !== 1 ? ` start="${block.number}"` : ''
      out.push(`<${level}${start}>`)
      open.push({ tag: level, item: false })
    }
    out.push(`<li${value(block)}${lang(block.text)}>${multiline(block.text)}`)
    open.at(-1)!.item = true
  }
  while (open.length > 0) closeTop()
  return out.join('')
}

const value = (block: NoteBlock): string => (block.kind === 'ordered' && block.number !== undefined ? ` value="${block.number}"` : '')

/** An original and its translation side by side (stacked on a narrow page); just the original without one. */
function pair(originalText: string, translation: string | undefined): string {
  const first = originalText.trim() === '' ? '' : `<p${lang(originalText)}>${multiline(originalText)}</p>`
  if (translation === undefined) return first
  if (first === '') return `<div class="translation"${lang(translation)}><p>${multiline(translation)}</p></div>`
  return `<div class="pair translated"><div class="original">${first}</div><div class="translation"${lang(translation)}><p>${multiline(translation)}</p></div></div>`
}

/** A short original in a span carrying its language, when the text gives it away. */
function original(value: string): string {
  const attribute = lang(value)
  return attribute === '' ? text(value) : `<span${attribute}>${text(value)}</span>`
}

function paragraphs(value: string): string {
  return value
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p${lang(paragraph)}>${multiline(paragraph)}</p>`)
    .join('')
}

/** Escaped text whose line breaks are kept as `<br>`. */
function multiline(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => text(line))
    .join('<br>')
}

/** ` lang="ka"` and the like when the text gives its language away; nothing otherwise. */
function lang(value: string): string {
  const language = guessLanguage(value)
  return language === undefined ? '' : ` lang="${language}"`
}

/** Escapes text for element content and attribute values alike. */
export function text(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}
const attr = text
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
