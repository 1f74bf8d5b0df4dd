/**
 * Who is connected right now, per café: a person may have several sockets (a laptop and a
 * phone); they are online while at least one is open. Only ids leave this module — the café
 * state already says who they are.
 */
export interface Presence {
  /** Records a socket; returns true when the person just came online. */
  connect(cafeId: string, personId: string, socketId: string): boolean
  /** Forgets a socket; returns true when the person just went offline. */
  disconnect(cafeId: string, personId: string, socketId: string): boolean
  online(cafeId: string): string[]
  /** Cafés with someone online. */
  cafes(): string[]
}

export function createPresence(): Presence {
  const cafes = new Map<string, Map<string, Set<string>>>()
  return {
    connect(cafeId, personId, socketId) {
      const people = cafes.get(cafeId) ?? new Map<string, Set<string>>()
      cafes.set(cafeId, people)
      const sockets = people.get(personId) ?? new Set<string>()
      people.set(personId, sockets)
      sockets.add(socketId)
      return sockets.size === 1
    },
    disconnect(cafeId, personId, socketId) {
      const people = cafes.get(cafeId)
      const sockets = people?.get(personId)
      if (!people || !sockets?.delete(socketId)) return false
      if (sockets.size > 0) return false
      people.delete(personId)
      if (people.size === 0) cafes.delete(cafeId)
      return true
    },
    online(cafeId) {
      return [...(cafes.get(cafeId)?.keys() ?? [])]
    },
    cafes: () => [...cafes.keys()],
  }
}
