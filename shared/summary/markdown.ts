/**
 * The summary as Markdown (CommonMark with a GFM table), for organisers who paste it into a
 * wiki, an e-mail or a report. Every piece of text people typed is escaped, so a note that
 * happens to look like Markdown or HTML (`# 1`, `<script>`, `|`) reads back as typed and never
 * becomes markup in whatever renders the file.
 */
import type { NoteBlock, Summary, SummaryProposal, SummaryRoundNotes, SummaryTable } from './summary.js'
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

/** The whole summary as one Markdown document (LF line ends, ending with a newline). */
export function summaryMarkdown(s: Summary): string {
  const out: string[] = [`# ${oneLine(s.title)}`, '']
  const facts: string[] = []
  if (s.title.trim() !== s.topic.trim()) facts.push(`**${LABELS.topic}:** ${oneLine(s.topic)}`)
  facts.push(`**${LABELS.date}:** ${s.date}`)
  out.push(facts.join('  \n'), '')
  if (s.introduction !== '') out.push(...paragraphs(s.introduction), '')

  out.push(`## ${LABELS.questions}`, '')
  s.questions.forEach((question, i) => out.push(`${i + 1}. ${oneLine(question)}`))
  out.push('')

  out.push(`## ${LABELS.participants}`, '')
  out.push(
    [
      `${participantsSentence(s)}.`,
      `**${LABELS.countries}:** ${escape(countRowsLine(s.participants.countries, s.participants.withoutCountry))}`,
      `**${LABELS.organisations}:** ${escape(countRowsLine(s.participants.organisations, s.participants.withoutOrganisation))}`,
    ].join('  \n'),
    '',
  )

  out.push(`## ${LABELS.ranked}`, '', `*${escape(votingSentence(s))}*`, '')
  if (s.proposals.length > 0) {
    out.push(...proposalsTable(s.proposals), '')
    for (const proposal of s.proposals) out.push(...proposalSection(proposal))
  }

  out.push(`## ${LABELS.tables}`, '')
  for (const table of s.tables) out.push(...tableSection(table))

  out.push(`---`, '', `*${LABELS.generated} ${generatedLine(s)} by Tablecloth.*`, '')
  return out.join('\n')
}

function proposalsTable(proposals: SummaryProposal[]): string[] {
  const rows = [
    `| ${LABELS.place} | ${LABELS.proposal} | ${LABELS.dots} | ${LABELS.voters} | ${LABELS.fromTables} |`,
    '|---:|---|---:|---:|---|',
  ]
  for (const p of proposals) {
    const title = p.title.translation === undefined ? cell(p.title.text) : `${cell(p.title.text)}<br>*${cell(p.title.translation)}*`
    rows.push(`| ${p.place} | ${title} | ${p.dots} | ${p.voters} | ${cell(sourceTables(p).join(', '))} |`)
  }
  return rows
}

function proposalSection(p: SummaryProposal): string[] {
  const out = [`### ${p.place}. ${oneLine(p.title.text)}`, '']
  if (p.title.translation !== undefined) out.push(translationLine(p.title.translation), '')
  if (p.what.text.trim() !== '') out.push(...paragraphs(p.what.text), '')
  if (p.what.translation !== undefined) out.push(translationLine(p.what.translation), '')
  out.push(`**${LABELS.dots}:** ${p.dots} · **${LABELS.voters}:** ${p.voters}`, '')
  const own = isOwnOriginal(p)
  out.push(`**${LABELS.sources}:**`, '')
  for (const source of p.sources) {
    const details: string[] = []
    if (!own) {
      details.push(`“${inline(source.title, '  ')}”${source.what.trim() === '' ? '' : ` — ${inline(source.what, '  ')}`}`)
      if (source.titleTranslation !== undefined) details.push(`*${LABELS.translation}:* ${inline(source.titleTranslation, '  ')}`)
      if (source.whatTranslation !== undefined) details.push(`*${LABELS.translation}:* ${inline(source.whatTranslation, '  ')}`)
    }
    if (source.who.trim() !== '') details.push(`*${LABELS.who}:* ${inline(source.who, '  ')}`)
    if (source.when.trim() !== '') details.push(`*${LABELS.when}:* ${inline(source.when, '  ')}`)
    // One list item: where from, then each detail after a hard line break.
    out.push(`- ${[escape(provenanceLine(source)), ...details].join('  \n  ')}`)
  }
  out.push('')
  return out
}

function tableSection(table: SummaryTable): string[] {
  const out = [`### ${oneLine(tableLabel(table.table, table.name))}`, '']
  if (table.host !== undefined) out.push(`**${LABELS.host}:** ${oneLine(table.host)}`, '')
  for (const round of table.rounds) out.push(...roundSection(round))
  return out
}

function roundSection(round: SummaryRoundNotes): string[] {
  const heading = round.question.trim() === '' ? `${LABELS.round} ${round.round}` : `${LABELS.round} ${round.round}: ${oneLine(round.question)}`
  const out = [`#### ${heading}`, '']
  const contributors = contributorsLine(round)
  if (contributors !== '') out.push(`*${escape(contributors)}*`, '')
  if (round.blocks.length === 0) out.push(`*${LABELS.noNotes}*`, '')
  else out.push(...noteBlocks(round.blocks), '')
  if (round.translation !== undefined) {
    out.push(`> **${LABELS.translation}:**`, '>', ...paragraphs(round.translation).map((line) => (line === '' ? '>' : `> ${line}`)), '')
  }
  return out
}

/**
 * Notes as Markdown blocks. Consecutive list items form one list (a blank line before and after
 * it); a heading of the notes becomes bold text, not a heading, so that the document's outline
 * stays table → round.
 */
function noteBlocks(blocks: NoteBlock[]): string[] {
  const groups: string[][] = []
  let list: string[] | undefined
  for (const block of blocks) {
    if (block.kind === 'bullet' || block.kind === 'ordered') {
      // Four spaces per level: inside the parent item for any marker up to "99. ".
      const indent = '    '.repeat(block.depth ?? 0)
      const marker = block.kind === 'ordered' ? `${block.number ?? 1}.` : '-'
      if (!list) groups.push((list = []))
      list.push(`${indent}${marker} ${inline(block.text, `${indent}${' '.repeat(marker.length + 1)}`)}`)
      continue
    }
    list = undefined
    groups.push([block.kind === 'heading' ? `**${inline(block.text, '')}**` : inline(block.text, '')])
  }
  return groups.flatMap((group, i) => (i === 0 ? group : ['', ...group]))
}

function translationLine(text: string): string {
  return `*${LABELS.translation}:* ${inline(text, '')}`
}

/** Text people typed, split into paragraphs at blank lines, each line escaped. */
function paragraphs(text: string): string[] {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .flatMap((paragraph, i) => [...(i > 0 ? [''] : []), inline(paragraph, '')])
}

/** One piece of typed text; its line breaks kept as hard breaks, continued at `indent`. */
function inline(text: string, indent: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escape(line.trim()))
    .join(`\\\n${indent}`)
}

/** Text on one line (headings, table cells): line breaks become spaces. */
function oneLine(text: string): string {
  return escape(text.replace(/\s+/g, ' ').trim())
}

/** A GFM table cell: escaped, with line breaks as `<br>` (the only HTML this writer emits). */
function cell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escape(line.trim()))
    .join('<br>')
}

/**
 * Backslash-escapes everything CommonMark or GFM could read as markup: inline punctuation
 * anywhere, and block markers (list, heading, quote, rule, setext underline) at the start of a
 * line. `&` only where it would start an entity, so "R&D" stays readable.
 */
export function escape(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~#]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}
