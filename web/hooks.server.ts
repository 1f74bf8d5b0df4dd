import type { Handle } from '@sveltejs/kit'
import { paraglideMiddleware } from '$lib/paraglide/server.js'

// Sets the page's language for server rendering and fills in <html lang>.
export const handle: Handle = ({ event, resolve }) =>
  paraglideMiddleware(event.request, ({ request, locale }) => {
    event.request = request
    return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) })
  })
