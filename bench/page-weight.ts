/**
 * The participant's table page on a weak connection (issue 7, "Page weight"): what it costs to
 * open `/cafe/<id>` with a seat on this device, during a running round, on a cold cache — the
 * bytes on the wire per kind (JS, CSS, fonts) and how long until the notes can be typed in.
 * Target: under 150 KB of JS (compressed, as sent).
 *
 * Bytes are Chromium's own count (DevTools protocol: `Network.loadingFinished.encodedDataLength`
 * minus the response headers' bytes), so they are what crossed the wire, compressed as the server
 * sent them. Over plain http Chromium asks for gzip, not brotli (br is offered on https only), so
 * on the venue's LAN these are the gzip sizes.
 *
 * Times are the page's own clock from the start of navigation: first paint and first text
 * (Paint Timing), the table's name shown, the notes editor editable, and the cloth saved (in sync
 * with the server). The network is throttled with `Network.emulateNetworkConditions` to the
 * classic DevTools profiles; the CPU is not throttled (this machine's own, shared with the server).
 */
import { cpus } from 'node:os'
import type { CDPSession, Page } from 'playwright-core'
import { startServer } from '../tests/support/server.js'
import { createCafe, joinCafe } from '../tests/support/cafe.js'
import { connectCafe } from '../tests/support/cafe-socket.js'
import { appUrl, launchBrowser } from '../tests/support/browser.js'
import type { BenchSection } from './bench-section.js'
import { onExitKill } from './child-processes.js'
import { fmt, median } from './stats.js'

const quick = process.env.BENCH_QUICK === '1'
const RUNS = Number(process.env.BENCH_PAGE_RUNS) || (quick ? 1 : 5)
const TARGET_JS_KB = 150
/** After the editor is ready, wait this long without a script, style sheet or font in flight. */
const QUIET_MS = 1_000
const KB = 1024

interface Profile {
  name: string
  /** Bytes a second; undefined: not throttled. */
  down?: number
  up?: number
  latencyMs?: number
}

// The DevTools presets as puppeteer's PredefinedNetworkConditions had them before the 2023 rescale.
const PROFILES: Profile[] = [
  { name: 'Regular 3G (750 kb/s down, 250 kb/s up, 100 ms)', down: (750 * KB) / 8, up: (250 * KB) / 8, latencyMs: 100 },
  { name: 'Good 3G (1.5 Mb/s down, 750 kb/s up, 40 ms)', down: (1.5 * KB * KB) / 8, up: (750 * KB) / 8, latencyMs: 40 },
  { name: 'not throttled (loopback)' },
]

/**
 * This bench run on commit e71ffb4 (before issue 7's page-weight work: the editor already loaded
 * after the cloth was on screen), Regular 3G, medians of 5 loads: printed beside today's figures.
 * Recorded, not re-measured.
 */
const BEFORE: Figures = {
  jsFirstText: 88.9,
  js: 204,
  css: 9.77,
  fonts: 26.0,
  total: 241,
  firstPaint: 620,
  firstText: 1712,
  heading: 1935,
  editor: 3529,
  saved: 2295,
}
const BEFORE_COMMIT = 'e71ffb4'

/** Medians over a profile's loads: bytes in KB, times in ms. */
interface Figures {
  jsFirstText: number
  js: number
  css: number
  fonts: number
  total: number
  firstPaint: number
  firstText: number
  heading: number
  editor: number
  saved: number
}

type Kind = 'document' | 'js' | 'css' | 'font' | 'other'

interface Transfer {
  url: string
  kind: Kind
  /** Body bytes as sent (compressed). */
  body: number
  encoding: string
  /** When the last byte arrived, wall clock (ms), comparable with the page's `performance.timeOrigin`. */
  finishedAt: number
}

interface Marks {
  firstPaint?: number
  firstText?: number
  heading?: number
  editor?: number
  saved?: number
}

interface Load {
  transfers: Transfer[]
  marks: Marks
  /** The page's `performance.timeOrigin` (ms, wall clock). */
  origin: number
}

export async function run(): Promise<BenchSection> {
  const server = await startServer()
  const unregister = onExitKill(() => void server.stop('SIGKILL'))
  const browser = await launchBrowser()
  try {
    const cafe = await createCafe(server.url, { roundMinutes: 60 })
    const facilitator = await connectCafe(server.url, cafe.cafeId, cafe.facilitatorToken)
    const people = []
    // A fresh person each load: the local copy (IndexedDB) and the cache start empty every time.
    for (let i = 0; i < RUNS * PROFILES.length; i++) people.push(await joinCafe(server.url, cafe.joinCode, `Person ${i + 1}`))
    const started = await facilitator.command({ type: 'start' })
    facilitator.close()
    if (!started.ok) throw new Error(`could not start the round: ${started.code}`)

    const rows: Array<Record<string, string | number>> = []
    let regular: Load[] = []
    let next = 0
    for (const profile of PROFILES) {
      const loads: Load[] = []
      for (let r = 0; r < RUNS; r++) {
        process.stderr.write(`  page-weight: ${profile.name}, load ${r + 1}/${RUNS}…`)
        const person = people[next++]!
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
        try {
          await context.addInitScript(
            ([cafeId, seat]) => localStorage.setItem(`tablecloth:${cafeId}:participant`, seat),
            [
              person.cafeId,
              JSON.stringify({ cafeId: person.cafeId, role: 'participant', token: person.token, participantId: person.participantId, rejoinCode: person.rejoinCode, name: `Person ${next}` }),
            ] as const,
          )
          await context.addInitScript({ content: watchMarks })
          const page = await context.newPage()
          const load = await measureLoad(page, await context.newCDPSession(page), appUrl(server.port, `/cafe/${person.cafeId}`), profile)
          loads.push(load)
          process.stderr.write(` JS ${kb(bytesOf(load, 'js', load.origin + (load.marks.firstText ?? NaN)))} KB to first text, ${kb(bytesOf(load, 'js'))} KB in all, editor at ${fmt(load.marks.editor ?? NaN)} ms\n`)
        } finally {
          await context.close()
        }
      }
      if (regular.length === 0) regular = loads
      rows.push(row(profile.name, loads.length, summarise(loads)))
      if (profile === PROFILES[0]) rows.push(row(`${profile.name}, before (commit ${BEFORE_COMMIT}, recorded)`, 5, BEFORE))
    }

    const now = summarise(regular)
    const verdict = (kb: number) => (kb < TARGET_JS_KB ? 'PASS' : 'MISS')
    const sample = regular[0]!
    const uncompressed = sample.transfers.filter((t) => (t.kind === 'js' || t.kind === 'css') && t.encoding === '' && t.body > 1024)
    return {
      title: 'Page weight: the participant’s table page, cold cache, until the notes can be typed in',
      rows,
      notes: [
        `${verdict(now.js)}: ${fmt(now.js)} KB of JavaScript until the notes can be typed in (everything, the editor too), Regular 3G (target: under ${TARGET_JS_KB} KB)`,
        `${verdict(now.jsFirstText)}: ${fmt(now.jsFirstText)} KB of JavaScript before the page shows its first text (the editor comes after the first paint), Regular 3G (target: under ${TARGET_JS_KB} KB)`,
        `before (commit ${BEFORE_COMMIT}, Regular 3G): JS ${fmt(BEFORE.js)} KB in all, ${fmt(BEFORE.jsFirstText)} KB to first text, editor ready at ${fmt(BEFORE.editor)} ms; now ${fmt(now.js)} KB, ${fmt(now.jsFirstText)} KB, ${fmt(now.editor)} ms. Loaded with the page instead of after its first paint, all of "JS in all" would come before the first text`,
        `where the JavaScript is (npx vite build with source maps, each package gzipped on its own; looked at for issue 7, not measured by this run): the editor chunk ≈ 112 KB — prosemirror-view 30, @tiptap/core 24, prosemirror-model 14, linkifyjs 10 (the link extension's autolink), prosemirror-transform 9, @tiptap/y-tiptap 8, lists 4, prosemirror-state 4, prosemirror-commands 3, the link mark 3; the first load ≈ 90 KB — svelte 20, yjs 18 + lib0 8, socket.io-client 15, SvelteKit 10, the app's own code ≈ 15. ProseMirror and Tiptap's core alone are over 80 KB: with the first load, the whole page cannot come under ${TARGET_JS_KB} KB while the notes are a Tiptap editor`,
        `what was loaded (first Regular 3G load), largest first: ${largest(sample)}`,
        uncompressed.length === 0
          ? `every script and style sheet over 1 KB came compressed (${[...new Set(sample.transfers.filter((t) => t.kind === 'js').map((t) => t.encoding || 'none'))].join(', ')})`
          : `sent uncompressed: ${uncompressed.map((t) => t.url).join(', ')}`,
        `bytes: Chromium's count of the response bodies as sent (DevTools Network.loadingFinished.encodedDataLength minus the headers), every response of the page load until ${QUIET_MS} ms after the editor became editable with no script, style sheet or font in flight; KB = 1024 bytes; "JS in all" is every script (the entry, the route, the lazily loaded editor), "JS to first text" the scripts whose last byte arrived before the first contentful paint`,
        `times: the page's clock from navigation start; first paint / first text from Paint Timing; "table shown" = the table's name in the page; "editor ready" = the notes editor is in the page and editable; "cloth saved" = the page says the server has the cloth (synced); medians of ${RUNS} load(s) each`,
        'each load: a new browser context (empty cache, empty IndexedDB) and a person who just joined, seated by the server, round 1 running, viewport 390×844 (a phone); network throttled by DevTools emulation (latency added per request, bandwidth shared), CPU not throttled',
        `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; the server (the built app, build/) and Debian's Chromium share it`,
      ],
    }
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver output:\n${server.output()}`, { cause: err })
  } finally {
    await browser.close()
    await server.stop()
    unregister()
  }
}

async function measureLoad(page: Page, cdp: CDPSession, url: string, profile: Profile): Promise<Load> {
  const pending = new Map<string, { url: string; kind: Kind; headers: number; encoding: string }>()
  // Chromium stamps network events on a monotonic clock and gives the wall time once, when sent.
  const sentAt = new Map<string, { monotonic: number; wall: number }>()
  const inFlight = new Set<string>()
  const transfers: Transfer[] = []
  cdp.on('Network.requestWillBeSent', (e) => {
    sentAt.set(e.requestId, { monotonic: e.timestamp, wall: e.wallTime })
    if (isCounted(kindOf(e.type, e.request.url))) inFlight.add(e.requestId)
  })
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
    pending.set(e.requestId, {
      url: e.response.url,
      kind: kindOf(e.type, e.response.url),
      headers: e.response.encodedDataLength,
      encoding: headers['content-encoding'] ?? '',
    })
  })
  cdp.on('Network.loadingFinished', (e) => {
    inFlight.delete(e.requestId)
    const r = pending.get(e.requestId)
    const sent = sentAt.get(e.requestId)
    if (!r || !sent) return
    const finishedAt = (sent.wall + (e.timestamp - sent.monotonic)) * 1000
    transfers.push({ url: r.url, kind: r.kind, body: Math.max(0, e.encodedDataLength - r.headers), encoding: r.encoding, finishedAt })
  })
  cdp.on('Network.loadingFailed', (e) => inFlight.delete(e.requestId))
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  if (profile.down !== undefined) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs ?? 0,
      downloadThroughput: profile.down,
      uploadThroughput: profile.up ?? profile.down,
    })
  }
  await page.goto(url, { waitUntil: 'commit' })
  await page.waitForFunction(() => (window as unknown as { benchMarks: Marks }).benchMarks.saved !== undefined, undefined, { timeout: 60_000 })
  // Whatever the page still fetches for the editor's screen (a font for a glyph) is counted too.
  let quietSince = Date.now()
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline && Date.now() - quietSince < QUIET_MS) {
    if (inFlight.size > 0) quietSince = Date.now()
    await new Promise((r) => setTimeout(r, 50))
  }
  const { marks, origin } = await page.evaluate(() => {
    const m = (window as unknown as { benchMarks: Marks }).benchMarks
    for (const p of performance.getEntriesByType('paint')) {
      if (p.name === 'first-paint') m.firstPaint = p.startTime
      if (p.name === 'first-contentful-paint') m.firstText = p.startTime
    }
    return { marks: m, origin: performance.timeOrigin }
  })
  return { transfers, marks, origin }
}

/**
 * Runs in the page before its own scripts: stamps the moments we measure as they happen. A
 * string, not a function: tsx would wrap named functions in a helper the page does not have.
 */
const watchMarks = `(() => {
  const marks = {}
  window.benchMarks = marks
  new MutationObserver(() => {
    if (marks.heading === undefined && document.querySelector('[data-testid=table-name]')) marks.heading = performance.now()
    if (marks.editor === undefined && document.querySelector('[data-testid=notes-editor][contenteditable=true]')) marks.editor = performance.now()
    if (marks.saved === undefined && document.querySelector('#cloth-status[data-status=saved]')) marks.saved = performance.now()
  }).observe(document, { subtree: true, childList: true, attributes: true })
})()`

function kindOf(type: string | undefined, url: string): Kind {
  if (type === 'Document') return 'document'
  if (type === 'Script' || /\.m?js(\?|$)/.test(url)) return 'js'
  if (type === 'Stylesheet' || /\.css(\?|$)/.test(url)) return 'css'
  if (type === 'Font' || /\.(woff2?|ttf|otf)(\?|$)/.test(url)) return 'font'
  return 'other'
}

const isCounted = (kind: Kind) => kind !== 'other'

function bytesOf(load: Load, kind: Kind, until = Number.POSITIVE_INFINITY): number {
  return load.transfers.filter((t) => t.kind === kind && t.finishedAt <= until).reduce((a, t) => a + t.body, 0)
}

function summarise(loads: Load[]): Figures {
  const bytes = (f: (l: Load) => number) => median(loads.map(f)) / KB
  const time = (pick: (m: Marks) => number | undefined) => median(loads.map((l) => pick(l.marks) ?? Number.NaN))
  return {
    jsFirstText: bytes((l) => bytesOf(l, 'js', l.origin + (l.marks.firstText ?? Number.NaN))),
    js: bytes((l) => bytesOf(l, 'js')),
    css: bytes((l) => bytesOf(l, 'css')),
    fonts: bytes((l) => bytesOf(l, 'font')),
    total: bytes((l) => l.transfers.reduce((a, t) => a + t.body, 0)),
    firstPaint: time((m) => m.firstPaint),
    firstText: time((m) => m.firstText),
    heading: time((m) => m.heading),
    editor: time((m) => m.editor),
    saved: time((m) => m.saved),
  }
}

function row(connection: string, loads: number, f: Figures): Record<string, string | number> {
  return {
    connection,
    loads,
    'JS to first text (KB)': fmt(f.jsFirstText),
    'JS in all (KB)': fmt(f.js),
    'CSS (KB)': fmt(f.css),
    'fonts (KB)': fmt(f.fonts),
    'total (KB)': fmt(f.total),
    'first paint (ms)': fmt(f.firstPaint),
    'first text (ms)': fmt(f.firstText),
    'table shown (ms)': fmt(f.heading),
    'editor ready (ms)': fmt(f.editor),
    'cloth saved (ms)': fmt(f.saved),
  }
}

const kb = (bytes: number) => fmt(bytes / KB)

function largest(load: Load): string {
  return [...load.transfers]
    .filter((t) => t.body >= 2 * KB)
    .sort((a, b) => b.body - a.body)
    .map((t) => `${new URL(t.url).pathname.split('/').pop()} (${t.kind}, ${kb(t.body)} KB)`)
    .join(', ')
}
