/**
 * The address people join at, shared by the console (where the facilitator picks it) and the
 * board (which draws it as a QR code). The pick is kept in this browser's localStorage, so a
 * board opened in another tab follows a new pick at once (the `storage` event).
 */
import { api } from '$lib/api.js'
import { chooseJoinBase, isLoopback, joinUrl } from './join-base.js'

const key = (cafeId: string) => `tablecloth:${cafeId}:join-base`

export class JoinAddress {
  /** Addresses the server says other laptops can reach it on (loopback left out). */
  choices = $state<string[]>([])
  picked = $state<string | undefined>()
  /** The base URL people join at, or undefined while none is known. */
  readonly base = $derived(chooseJoinBase(this.picked, this.choices, location.origin))
  private readonly onStorage = (event: StorageEvent) => {
    if (event.key === key(this.cafeId)) this.picked = event.newValue ?? undefined
  }

  constructor(private readonly cafeId: string) {
    this.picked = localStorage.getItem(key(cafeId)) ?? undefined
    window.addEventListener('storage', this.onStorage)
    void api.addresses().then((reply) => {
      if (reply.ok) this.choices = reply.value.urls.filter((url) => !isLoopback(url))
    })
  }

  /** The join page of the café, or undefined while no reachable address is known. */
  url(joinCode: string): string | undefined {
    return this.base ? joinUrl(this.base, joinCode) : undefined
  }

  pick(url: string): void {
    if (!this.choices.includes(url)) return
    this.picked = url
    localStorage.setItem(key(this.cafeId), url)
  }

  close(): void {
    window.removeEventListener('storage', this.onStorage)
  }
}
