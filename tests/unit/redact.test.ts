import { describe, expect, it } from 'vitest'
import { redactUrl, withoutPassword } from '../../server/auth/redact.js'

describe('what logs may show of a URL', () => {
  it('masks tokens and personal codes in query strings', () => {
    expect(redactUrl('/yjs/c/table/1?token=abc&x=1')).toBe('/yjs/c/table/1?token=[redacted]&x=1')
    expect(redactUrl('/join/ABCD?code=WXYZ-1234')).toBe('/join/ABCD?code=[redacted]')
  })

  it("masks a database's or Redis' password, and shows nothing of a URL it cannot parse", () => {
    expect(withoutPassword('postgres://tc:s3cret@db:5432/tablecloth')).toBe('postgres://tc:***@db:5432/tablecloth')
    expect(withoutPassword('redis://:s3cret@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379')
    expect(withoutPassword('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379')
    expect(withoutPassword('postgres://tc:s3cret@[bad')).toBe('postgres://…')
    expect(withoutPassword('not a url s3cret')).not.toContain('s3cret')
  })
})
