// The board lives on this device's token (localStorage): nothing to render on the server.
export const ssr = false
