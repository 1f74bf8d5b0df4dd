/**
 * Who is at the table now, from the cloth's awareness: every connection that writes there sets
 * `{ user: { name, color, personId } }`; readers (an organiser, a facilitator looking in) set
 * nothing and are not listed. One person with two devices is listed once.
 */
import type { Awareness } from 'y-protocols/awareness'
import type { PresenceUser } from './cloth-session.svelte.js'

export interface PresentPerson extends PresenceUser {
  self: boolean
}

const COLOR = /^#[0-9a-f]{6}$/i

function userOf(state: Record<string, unknown> | undefined): PresenceUser | undefined {
  const user = state?.user as Partial<PresenceUser> | undefined
  if (!user || typeof user.name !== 'string' || typeof user.personId !== 'string') return undefined
  return { name: user.name.slice(0, 80), personId: user.personId, color: typeof user.color === 'string' && COLOR.test(user.color) ? user.color : '#4a403a' }
}

export class TablePresence {
  people = $state<PresentPerson[]>([])
  private readonly onChange = () => this.read()

  constructor(private readonly awareness: Awareness) {
    awareness.on('change', this.onChange)
    this.read()
  }

  private read(): void {
    const self = userOf(this.awareness.getLocalState() ?? undefined)
    const byPerson = new Map<string, PresentPerson>()
    for (const state of this.awareness.getStates().values()) {
      const user = userOf(state)
      if (user && !byPerson.has(user.personId)) byPerson.set(user.personId, { ...user, self: user.personId === self?.personId })
    }
    this.people = [...byPerson.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
  }

  dispose(): void {
    this.awareness.off('change', this.onChange)
  }
}
