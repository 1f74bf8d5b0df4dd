/**
 * Error codes every client can show in the person's language. HTTP errors carry them as
 * `{ error: { code, message } }`; socket acks as `{ ok: false, code, message }`.
 */
export const ErrorCode = {
  BadRequest: 'bad_request',
  BodyTooLarge: 'body_too_large',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  UnknownCafe: 'unknown_cafe',
  Internal: 'internal',
  StorageFailed: 'storage_failed',
  RateLimited: 'rate_limited',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** The JSON body of every HTTP error response. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] }
}

/**
 * Close codes of the Yjs WebSocket endpoint, in the 4000–4999 range the WebSocket standard
 * leaves to applications; numbered after their HTTP cousins so a log reads at a glance.
 */
export const CloseCode = {
  BadFrame: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  StorageFailed: 4503,
  ShuttingDown: 4001,
  Timeout: 4408,
  /** The café's rehearsal was reset: its documents are gone; a client must drop its copy, not send it back. */
  RehearsalReset: 4410,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]
