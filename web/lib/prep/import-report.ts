/** What the facilitator reads about an import, in their language: file rejections and rows by line. */
import { m } from '$lib/paraglide/messages.js'
import type { RowProblem } from '$shared/prep/registrations-csv.js'

/** A whole-file rejection (`csv_<reason>` from the server), or undefined for any other code. */
export function rejectionText(code: string): string | undefined {
  switch (code) {
    case 'csv_empty':
      return m.prep_rejected_empty()
    case 'csv_not_text':
      return m.prep_rejected_not_text()
    case 'csv_too_large':
    case 'body_too_large':
      return m.prep_rejected_too_large()
    case 'csv_too_many_rows':
      return m.prep_rejected_too_many_rows()
    case 'csv_no_name_column':
      return m.prep_rejected_no_name_column()
    default:
      return undefined
  }
}

/** "Line 5: no name", in the person's language. */
export function problemText(p: RowProblem): string {
  const reason = {
    missing_name: () => m.prep_reason_missing_name(),
    too_long: () => m.prep_reason_too_long({ column: p.column ?? '' }),
    bad_email: () => m.prep_reason_bad_email(),
    column_count: () => m.prep_reason_column_count(),
    unclosed_quote: () => m.prep_reason_unclosed_quote(),
  }[p.reason]()
  return m.prep_report_line({ line: p.line, reason })
}
