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
    case 'timer_not_due':
      return m.error_timer_not_due()
    case 'bad_minutes':
      return m.error_bad_minutes()
    case 'unknown_person':
      return m.error_unknown_person()
    case 'unknown_table':
      return m.error_unknown_table()
    case 'bad_person':
      return m.error_bad_person()
    case 'already_joined':
      return m.error_already_joined()
    case 'host_stays':
      return m.error_host_stays()
    case 'no_host':
      return m.error_no_host()
    case 'no_tables':
      return m.error_no_tables()
    case 'conflict':
      return m.error_conflict()
    case 'storage_failed':
      return m.error_storage_failed()
    case 'offline':
    case 'timeout':
      return m.error_offline()
    default:
      return m.error_generic()
  }
}
