/**
 * Codes people read aloud in a hall and type on phones. Join codes (six characters, one per
 * café) and personal rejoin codes (eight, one per person) use an alphabet without look-alikes
 * (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), upper case only.
 */
export const JOIN_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY'
export const JOIN_CODE_LENGTH = 6
/** Rejoin codes are longer (about 37 bits): each opens one person's seat. */
export const REJOIN_CODE_LENGTH = 8

/** A code of `length` characters from random bytes (one byte per character; the caller supplies randomness). */
function codeFromBytes(bytes: Uint8Array, length: number): string {
  if (bytes.length < length) throw new RangeError('need one random byte per character')
  let code = ''
  for (let i = 0; i < length; i++) {
    // 25 symbols: the modulo bias over 256 is under 1 %, harmless for codes that are also rate limited.
    code += JOIN_CODE_ALPHABET[bytes[i]! % JOIN_CODE_ALPHABET.length]
  }
  return code
}

function isCode(code: string, length: number): boolean {
  return code.length === length && [...code].every((c) => JOIN_CODE_ALPHABET.includes(c))
}

/** Builds a café's join code from random bytes. */
export function joinCodeFromBytes(bytes: Uint8Array): string {
  return codeFromBytes(bytes, JOIN_CODE_LENGTH)
}

/** Builds a personal rejoin code from random bytes, shown as XXXX-XXXX. */
export function rejoinCodeFromBytes(bytes: Uint8Array): string {
  const code = codeFromBytes(bytes, REJOIN_CODE_LENGTH)
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** What a person typed, made into a code: case-folded, spaces and dashes dropped. */
export function normaliseJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '')
}

/** True when the text is a well-formed join code (after normalisation). */
export function isJoinCode(code: string): boolean {
  return isCode(code, JOIN_CODE_LENGTH)
}

/** True when the text (after normalisation, which drops the dash) is a well-formed rejoin code. */
export function isRejoinCode(code: string): boolean {
  return isCode(code, REJOIN_CODE_LENGTH)
}
