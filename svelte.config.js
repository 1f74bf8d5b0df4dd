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
  },
}
