import adapter from '@sveltejs/adapter-node'
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte'

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // Serve scripts and styles precompressed (.gz, .br beside each file): laptops and phones at the
    // venue load the app over wifi that may be weak. (adapter-node's default, stated on purpose.)
    adapter: adapter({ out: 'build', precompress: true }),
    files: {
      assets: 'web/static',
      lib: 'web/lib',
      routes: 'web/routes',
      appTemplate: 'web/app.html',
      errorTemplate: 'web/error.html',
      hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
      params: 'web/params',
    },
    alias: { $shared: 'shared' },
    // Pages may run only our own scripts: SvelteKit puts a nonce on its inline start-up script
    // (a hash on prerendered pages), so nothing typed into a café can ever run as a script.
    // Styles stay 'unsafe-inline': Svelte and the editor set style attributes. `connect-src 'self'`
    // covers the same-origin WebSockets (socket.io and the Yjs endpoint).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'worker-src': ['self'],
        'manifest-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
}
