import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isJoinCode, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, joinCodeFromBytes, normaliseJoinCode } from '../../shared/join-code.js'

describe('join codes people can read aloud and type on a phone', () => {
  it('has no look-alike characters in its alphabet', () => {
    for (const c of '0O1IL5S2Z8B') expect(JOIN_CODE_ALPHABET).not.toContain(c)
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length)
  })

  it('makes a valid six-character code from any random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: JOIN_CODE_LENGTH, maxLength: 16 }), (bytes) => {
        const code = joinCodeFromBytes(bytes)
        expect(code).toHaveLength(6)
        expect(isJoinCode(code)).toBe(true)
      }),
    )
  })

  it('accepts a code typed in lower case, with spaces or a dash', () => {
    expect(normaliseJoinCode(' acd-efg ')).toBe('ACDEFG')
    expect(isJoinCode(normaliseJoinCode('ac dE fg'))).toBe(true)
  })

  it('rejects codes of the wrong length or with letters outside the alphabet', () => {
    expect(isJoinCode('ACDEF')).toBe(false)
    expect(isJoinCode('ACDEFGH')).toBe(false)
    expect(isJoinCode('ACDEF0')).toBe(false)
    expect(() => joinCodeFromBytes(new Uint8Array(3))).toThrow(RangeError)
  })
})
