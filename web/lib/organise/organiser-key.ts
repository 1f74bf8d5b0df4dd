/**
 * The server's organiser key on this device: kept in localStorage so the organisers' area opens
 * again without typing it, on this browser only, until the person asks to forget it. (It opens
 * every café on the server: on a shared laptop, forget it when done.)
 */
const KEY = 'tablecloth:organiser-key'

export function loadOrganiserKey(): string | undefined {
  try {
    return localStorage.getItem(KEY) ?? undefined
  } catch {
    return undefined
  }
}

export function saveOrganiserKey(key: string): void {
  localStorage.setItem(KEY, key)
}

export function forgetOrganiserKey(): void {
  localStorage.removeItem(KEY)
}
