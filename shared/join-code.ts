/**
 * Join codes are read aloud in a hall and typed on phones: six characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), upper case only.
 */
export const JOIN_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY'
export const JOIN_CODE_LENGTH = 6

/** Builds a join code from random bytes (one byte per character; the caller supplies randomness). */
export function joinCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < JOIN_CODE_LENGTH) throw new RangeError('need one random byte per character')
  let code = ''
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
    // 25 symbols: the modulo bias over 256 is under 1 %, harmless for codes that are also rate limited.
    code += JOIN_CODE_ALPHABET[bytes[i]! % JOIN_CODE_ALPHABET.length]
  }
  return code
}

/** What a person typed, made into a code: case-folded, spaces and dashes dropped. */
export function normaliseJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '')
}

/** True when the text is a well-formed join code (after normalisation). */
export function isJoinCode(code: string): boolean {
  return code.length === JOIN_CODE_LENGTH && [...code].every((c) => JOIN_CODE_ALPHABET.includes(c))
}
