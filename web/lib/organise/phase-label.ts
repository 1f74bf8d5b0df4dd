import { m } from '$lib/paraglide/messages.js'
import type { OrganiserCafe } from '$shared/protocol/http.js'

/** Where a café is, in a word or two, for the organisers' list. */
export function phaseLabel(cafe: Pick<OrganiserCafe, 'phase' | 'round'>): string {
  const round = cafe.round ?? 0
  switch (cafe.phase) {
    case 'lobby':
      return m.organise_phase_lobby()
    case 'running':
      return m.organise_phase_running({ round })
    case 'paused':
      return m.organise_phase_paused({ round })
    case 'ended':
      return m.organise_phase_ended({ round })
    case 'rotating':
      return m.organise_phase_rotating()
    case 'harvest':
      return m.organise_phase_harvest()
    case 'closed':
      return m.organise_phase_closed()
  }
}
