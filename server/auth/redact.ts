/** Tokens travel in query strings (the stock y-websocket client puts them there); logs must never hold one. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|auth)=)[^&#]*/gi, '$1[redacted]')
}
