// The writer thread's entry point. A worker thread does not load TypeScript by itself — not under
// vitest, and not even under tsx, whose hooks do not reach a worker's first module on Node 20 —
// so it registers tsx's loader first, then loads the writer.
import { register } from 'tsx/esm/api'

register()
await import('./sqlite-writer.ts')
