// The paper lives on a staff token kept on this device (localStorage): nothing to render on the server.
export const ssr = false
