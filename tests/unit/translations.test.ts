/**
 * Every person at the café reads the whole interface in their own language: each of the seven
 * message files holds every message of the English one, with the same placeholders (in every
 * plural variant too), a variant for each plural form of its language, and nothing left in
 * English but the few messages named below.
 */
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const settings = JSON.parse(readFileSync(join(root, 'project.inlang', 'settings.json'), 'utf8')) as {
  baseLocale: string
  locales: string[]
  'plugin.inlang.messageFormat': { pathPattern: string }
}
const base = settings.baseLocale
const translated = settings.locales.filter((l) => l !== base)

/**
 * Messages that may read exactly as in English, each with its reason. Keep it short: anything a
 * person reads as a word of the interface belongs in their language.
 */
const SAME_AS_ENGLISH: { key: string; locales?: string[]; reason: string }[] = [
  { key: 'app_name', reason: 'Tablecloth is the product’s name' },
  { key: 'download_docx', reason: '"Word (DOCX)": a product’s name and a file format' },
  { key: 'download_md', reason: 'Markdown is a file format’s name' },
  { key: 'summary_count_row', reason: '"{name}: {count}": only placeholders and punctuation' },
  { key: 'summary_place', reason: '"{place}.": only a placeholder and a full stop' },
]

/** A message of the inlang message format: plain text, or declarations, selectors and variants. */
type Variants = { declarations: string[]; selectors: string[]; match: Record<string, string> }
type Message = string | Variants[]

function fileOf(locale: string): string {
  return join(root, settings['plugin.inlang.messageFormat'].pathPattern.replace('{locale}', locale))
}

function load(locale: string): Record<string, Message> {
  const raw = JSON.parse(readFileSync(fileOf(locale), 'utf8')) as Record<string, unknown>
  // "$schema" and any other "$" key describe the file, not a message.
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith('$'))) as Record<string, Message>
}

const en = load(base)

function shapeProblem(message: unknown): string | undefined {
  if (typeof message === 'string') return undefined
  if (!Array.isArray(message) || message.length !== 1) return 'is neither text nor one set of variants'
  const v = message[0] as Partial<Variants>
  if (!Array.isArray(v.declarations) || !Array.isArray(v.selectors) || typeof v.match !== 'object' || v.match === null)
    return 'has variants without declarations, selectors and match'
  if (Object.values(v.match).some((text) => typeof text !== 'string')) return 'has a variant that is not text'
  return undefined
}

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\s*([A-Za-z_][\w-]*)\s*\}/g)].map((m) => m[1]!))
}

function textsOf(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message[0]!.match)
}

/** The inputs a message takes: what the English text (all its variants) puts in. */
function inputsOf(message: Message): Set<string> {
  const names = new Set<string>()
  for (const text of textsOf(message)) for (const name of placeholders(text)) names.add(name)
  if (typeof message !== 'string')
    for (const d of message[0]!.declarations) {
      const input = /^input\s+(\S+)$/.exec(d.trim())
      if (input) names.add(input[1]!)
    }
  return names
}

type PluralKind = 'cardinal' | 'ordinal'

/** `local countPlural = count: plural` → countPlural → count (cardinal; `type=ordinal` for "1st", "2nd"). */
function pluralSelectors(v: Variants): Map<string, { input: string; type: PluralKind }> {
  const out = new Map<string, { input: string; type: PluralKind }>()
  for (const d of v.declarations) {
    const local = /^local\s+(\S+)\s*=\s*(\S+)\s*:\s*plural\b(.*)$/.exec(d.trim())
    if (local) out.set(local[1]!, { input: local[2]!, type: /\btype\s*=\s*ordinal\b/.test(local[3]!) ? 'ordinal' : 'cardinal' })
  }
  return out
}

/** "countPlural=one, totalPlural=few" → { countPlural: 'one', totalPlural: 'few' }. */
function conditions(key: string): Map<string, string> {
  return new Map(
    key.split(',').map((part) => {
      const [selector = '', value = ''] = part.split('=').map((s) => s.trim())
      return [selector, value] as [string, string]
    }),
  )
}

function categories(locale: string, type: PluralKind): string[] {
  return new Intl.PluralRules(locale, { type }).resolvedOptions().pluralCategories
}

/**
 * A variant may leave out the number itself only where its plural form holds one number in this
 * language: German's "one" is only 1 ("einen Punkt"), Russian's "one" is 1, 21, 31… and must
 * show which.
 */
function holdsOneNumber(locale: string, type: PluralKind, category: string): boolean {
  const rules = new Intl.PluralRules(locale, { type })
  let count = 0
  for (let n = 0; n <= 1000; n++) if (rules.select(n) === category) count++
  return count === 1
}

function placeholderProblems(locale: string, key: string, message: Message): string[] {
  const expected = inputsOf(en[key]!)
  const problems: string[] = []
  const show = (names: Iterable<string>) => [...names].map((n) => `{${n}}`).join(' ')
  if (typeof message === 'string') {
    const found = placeholders(message)
    const missing = [...expected].filter((n) => !found.has(n))
    const unknown = [...found].filter((n) => !expected.has(n))
    if (missing.length) problems.push(`${key}: misses ${show(missing)}`)
    if (unknown.length) problems.push(`${key}: has ${show(unknown)}, which English does not`)
    return problems
  }
  const v = message[0]!
  const selected = pluralSelectors(v)
  for (const d of v.declarations) {
    const input = /^input\s+(\S+)$/.exec(d.trim())
    if (input && !expected.has(input[1]!)) problems.push(`${key}: declares input ${input[1]}, which English does not take`)
  }
  for (const [selector, { input }] of selected)
    if (!expected.has(input)) problems.push(`${key}: ${selector} counts {${input}}, which English does not take`)
  for (const selector of v.selectors)
    if (!selected.has(selector) && !v.declarations.some((d) => d.trim().startsWith(`local ${selector} `)))
      problems.push(`${key}: selects on ${selector}, which it does not declare`)
  for (const [variant, text] of Object.entries(v.match)) {
    const found = placeholders(text)
    const pinned = conditions(variant)
    const unknown = [...found].filter((n) => !expected.has(n))
    const missing = [...expected].filter((n) => {
      if (found.has(n)) return false
      // Only the number a plural form pins down may go unsaid.
      return ![...pinned].some(([selector, category]) => {
        const plural = selected.get(selector)
        return plural?.input === n && holdsOneNumber(locale, plural.type, category)
      })
    })
    if (missing.length) problems.push(`${key} [${variant}]: misses ${show(missing)}`)
    if (unknown.length) problems.push(`${key} [${variant}]: has ${show(unknown)}, which English does not`)
  }
  return problems
}

/** Every combination of the language's plural forms reaches a variant (a "*" matches any). */
function pluralProblems(locale: string, key: string, message: Message): string[] {
  if (typeof message === 'string') return []
  const v = message[0]!
  const selected = pluralSelectors(v)
  const variants = Object.keys(v.match).map(conditions)
  for (const variant of variants)
    for (const selector of variant.keys())
      if (!v.selectors.includes(selector)) return [`${key}: a variant names ${selector}, which is not a selector`]
  let combos: Map<string, string>[] = [new Map()]
  for (const selector of v.selectors) {
    const plural = selected.get(selector)
    // A selector that is not a plural (none are, today) cannot be checked form by form.
    if (!plural) return variants.some((c) => c.get(selector) === '*') ? [] : [`${key}: ${selector} has no "*" variant`]
    const forms = categories(locale, plural.type)
    combos = combos.flatMap((c) => forms.map((f) => new Map([...c, [selector, f]])))
  }
  const unmatched = combos.filter((combo) =>
    !variants.some((variant) => [...variant].every(([selector, value]) => value === '*' || combo.get(selector) === value)),
  )
  return unmatched.map((combo) => `${key}: no variant for ${[...combo].map(([s, f]) => `${s}=${f}`).join(', ')}`)
}

function sameAsEnglish(key: string, message: Message): boolean {
  const english = new Set(textsOf(en[key]!))
  return textsOf(message).every((text) => english.has(text))
}

function excused(locale: string, key: string): boolean {
  return SAME_AS_ENGLISH.some((e) => e.key === key && (!e.locales || e.locales.includes(locale)))
}

function requireFile(locale: string): Record<string, Message> {
  const file = fileOf(locale)
  expect(existsSync(file), `${file.slice(root.length + 1)} is not written yet`).toBe(true)
  return load(locale)
}

describe('the interface in every language of the café', () => {
  it('is offered in English, Georgian, Russian, Ukrainian, Azerbaijani, Romanian and German', () => {
    expect([...settings.locales].sort()).toEqual(['az', 'de', 'en', 'ka', 'ro', 'ru', 'uk'])
    expect(base).toBe('en')
  })

  it('English: every message is well formed, and every number agrees with its noun in each plural form', () => {
    const problems = Object.entries(en).flatMap(([key, message]) => {
      const shape = shapeProblem(message)
      return shape ? [`${key}: ${shape}`] : pluralProblems(base, key, message)
    })
    expect(problems).toEqual([])
  })

  it('the named exceptions are messages English has, each with a reason', () => {
    for (const e of SAME_AS_ENGLISH) {
      expect(Object.keys(en)).toContain(e.key)
      expect(e.reason.length).toBeGreaterThan(10)
      for (const l of e.locales ?? []) expect(translated).toContain(l)
    }
  })

  describe.each(translated)('%s', (locale) => {
    it('has every message of the English file, and none it lacks', () => {
      const messages = requireFile(locale)
      const missing = Object.keys(en).filter((key) => !(key in messages))
      const extra = Object.keys(messages).filter((key) => !(key in en))
      expect({ missing, extra }).toEqual({ missing: [], extra: [] })
    })

    it('keeps the English placeholders in every message and every plural variant', () => {
      const messages = requireFile(locale)
      const problems = Object.entries(messages).flatMap(([key, message]) => {
        if (!(key in en)) return []
        const shape = shapeProblem(message)
        return shape ? [`${key}: ${shape}`] : placeholderProblems(locale, key, message)
      })
      expect(problems).toEqual([])
    })

    it('has a variant for each plural form of the language wherever it counts', () => {
      const messages = requireFile(locale)
      const problems = Object.entries(messages).flatMap(([key, message]) =>
        shapeProblem(message) ? [] : pluralProblems(locale, key, message),
      )
      expect(problems).toEqual([])
    })

    it('leaves nothing in English but the named exceptions', () => {
      const messages = requireFile(locale)
      const untranslated = Object.entries(messages)
        .filter(([key, message]) => key in en && !shapeProblem(message) && sameAsEnglish(key, message) && !excused(locale, key))
        .map(([key, message]) => `${key}: ${JSON.stringify(message)}`)
      expect(untranslated).toEqual([])
    })
  })
})
