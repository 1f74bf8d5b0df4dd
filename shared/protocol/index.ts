/**
 * The one protocol module shared by server and web app: HTTP bodies, socket.io event maps,
 * Yjs document names and the named error and close codes.
 */
export * from './errors.js'
export * from './documents.js'
export * from './http.js'
export * from './socket.js'
export * from './commands.js'

/** Bumped whenever a message changes shape; clients compare it on `hello`. */
export const PROTOCOL_VERSION = 1
export * from './harvest.js'
