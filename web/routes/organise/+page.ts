// The organisers' key lives in this device's localStorage: nothing to render on the server.
export const ssr = false
