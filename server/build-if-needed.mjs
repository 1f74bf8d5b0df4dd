// `npm start` on a fresh clone must build the web app first; later starts skip the build when
// nothing the build depends on changed since.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const stamp = join(root, 'build', 'handler.js')
const inputs = ['web', 'shared', 'messages', 'project.inlang', 'svelte.config.js', 'vite.config.ts', 'package-lock.json']

function newest(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    // The generated translations live inside web/ but are build output, not input.
    if (entry === 'paraglide') continue
    latest = Math.max(latest, newest(join(path, entry)))
  }
  return latest
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
if (inputs.some((p) => newest(join(root, p)) > built)) {
  console.log('Building the web app (first start, or something changed)…')
  execSync('npx vite build', { cwd: root, stdio: 'inherit' })
}
