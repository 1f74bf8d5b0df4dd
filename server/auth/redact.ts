/**
 * Tokens travel in query strings (the stock y-websocket client puts them there), and so do
 * personal codes (a slip's QR code opens `/join/CODE?code=XXXX-XXXX`); logs must never hold one.
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|auth|code)=)[^&#]*/gi, '$1[redacted]')
}
