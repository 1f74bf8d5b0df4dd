import { sveltekit } from '@sveltejs/kit/vite'
import { paraglideVitePlugin } from '@inlang/paraglide-js'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Tests exercise the server, shared code and the real built app; the app's build plugins would
  // only keep watchers alive after the run.
  plugins: process.env.VITEST
    ? []
    : [
    paraglideVitePlugin({
      project: './project.inlang',
      outdir: './web/lib/paraglide',
      // The locale is a per-person choice kept in a cookie, never in the URL, so a join link
      // or a QR code works for everyone whatever language they read.
      // Keep in step with the `i18n` script in package.json (used by `npm run check`).
      strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
    }),
    sveltekit(),
      ],
  test: {
    include: ['tests/**/*.test.ts'],
    // A whole browser step (open pages, join four people, each wait up to 10 s) on a loaded
    // 2-core machine can pass 30 s without anything being wrong; each wait keeps its own 10 s.
    testTimeout: 60_000,
    // Tests wait for behaviour, up to ~10 s on a 2-core machine; a test that asserts nothing fails.
    expect: { requireAssertions: true, poll: { timeout: 10_000, interval: 50 } },
    hookTimeout: 60_000,
    // Integration and browser tests start real servers; two cores cannot run many at once.
    fileParallelism: true,
    maxWorkers: 2,
  },
})
