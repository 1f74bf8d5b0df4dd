import { config } from 'zod'

// The browser parses what the server sends with the shared zod schemas. Without this, zod probes
// once with `new Function('')` to decide whether it may compile parsers, and our CSP (no
// 'unsafe-eval') reports that probe as a violation on every page, although zod catches it. The
// server keeps the compiled parsers.
config({ jitless: true })
