/**
 * Tokens travel in query strings (the stock y-websocket client puts them there), and so do
 * personal codes (a slip's QR code opens `/join/CODE?code=XXXX-XXXX`); logs must never hold one.
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|auth|code)=)[^&#]*/gi, '$1[redacted]')
}

/**
 * A database or Redis URL as logs and messages may show it: its password masked (an unparsable
 * one shown as its scheme alone, since it might hold a password we cannot find).
 */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return `${/^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'url:'}//…`
  }
}
