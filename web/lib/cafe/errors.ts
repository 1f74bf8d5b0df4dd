import { m } from '$lib/paraglide/messages.js'

/** A refusal's code in the person's language; unknown codes get the generic message. */
export function errorText(code: string): string {
  switch (code) {
    case 'round_not_running':
      return m.error_round_not_running()
    case 'not_paused':
      return m.error_not_paused()
    case 'forbidden':
      return m.error_forbidden()
    case 'wrong_phase':
      return m.error_wrong_phase()
    case 'no_plan':
      return m.error_no_plan()
    case 'no_more_rounds':
      return m.error_no_more_rounds()
    case 'cafe_closed':
      return m.error_cafe_closed()
    case 'offline':
    case 'timeout':
      return m.error_offline()
    default:
      return m.error_generic()
  }
}
