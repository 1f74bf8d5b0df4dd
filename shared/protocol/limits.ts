/**
 * The limits a client meets, in one place so both ends and docs/PROTOCOL.md agree. Each is
 * counted per connection (or per café / token, never per IP address: a whole hall shares one).
 */

/** Largest socket.io message (either transport); larger ones close that connection. */
export const SOCKET_MAX_MESSAGE_BYTES = 256 * 1024
/** socket.io events a connection may send per second, sustained … */
export const SOCKET_EVENTS_PER_SECOND = 20
/** … and in one burst; beyond it an event is answered `rate_limited` and not run. */
export const SOCKET_EVENT_BURST = 60
/** Refused events in a row after which the connection is closed (a client that ignores the answers). */
export const SOCKET_REFUSALS_BEFORE_CLOSE = 200

/** Largest Yjs WebSocket frame; larger ones close the connection with 1009. */
export const YJS_MAX_FRAME_BYTES = 2 * 1024 * 1024
/** Yjs frames a connection may send per second, sustained (fast typing is about 15) … */
export const YJS_FRAMES_PER_SECOND = 200
/**
 * … and in one burst (a reconnect replays a backlog). Beyond it the server stops reading that
 * connection for a moment: the sender slows down, nothing is dropped or closed.
 */
export const YJS_FRAME_BURST = 400
/** How long a connection over its frame limit is left unread. */
export const YJS_OVER_LIMIT_PAUSE_MS = 250

/**
 * Cafés created on this server: a burst, then a steady rate. A hall never needs more; a script
 * filling the disk with cafés meets `429 too_many_requests`.
 */
export const CAFES_CREATED_BURST = 120
export const CAFES_CREATED_PER_SECOND = 2
/**
 * Joins per café (not per address: the whole hall shares one): a hall of 500 arriving at once
 * fits the burst; beyond it `429 too_many_requests`, and the join screen asks to try again.
 */
export const JOINS_BURST_PER_CAFE = 1000
export const JOINS_PER_SECOND_PER_CAFE = 50
