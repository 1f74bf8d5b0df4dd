import { m } from '$lib/paraglide/messages.js'
import { errorText } from '$lib/cafe/errors.js'

/** A harvest refusal's code in the person's language; the café's own codes as everywhere else. */
export function harvestErrorText(code: string): string {
  switch (code) {
    case 'unknown_item':
      return m.harvest_error_unknown_item()
    case 'too_few_to_merge':
      return m.harvest_error_too_few_to_merge()
    case 'not_merged':
      return m.harvest_error_not_merged()
    case 'empty_title':
      return m.harvest_error_empty_title()
    case 'already_decided':
      return m.harvest_error_already_decided()
    case 'voting_not_open':
      return m.harvest_error_voting_not_open()
    case 'voting_closed':
      return m.harvest_error_voting_closed()
    case 'voting_open':
      return m.harvest_error_voting_open()
    case 'not_a_voter':
      return m.harvest_error_not_a_voter()
    case 'no_dots_left':
      return m.harvest_error_no_dots_left()
    case 'no_dot_there':
      return m.harvest_error_no_dot_there()
    case 'bad_dot_count':
      return m.harvest_error_bad_dot_count()
    case 'dots_already_placed':
      return m.harvest_error_dots_already_placed()
    default:
      return errorText(code)
  }
}
