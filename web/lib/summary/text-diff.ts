/**
 * A text field and a shared Y.Text, kept in step. A textarea only tells us its whole new value,
 * but a Y.Text must be told what changed: writing the whole value would overwrite whatever
 * someone else typed meanwhile, while one small change (delete here, insert there) merges with
 * theirs. And when someone else's change arrives, the caret must stay by the word it was at.
 *
 * Positions are UTF-16 code units, as in both the DOM and Yjs; a change never splits a pair of
 * surrogates (an emoji), so neither side ever holds half a character.
 */

/** Delete `remove` characters at `index`, then insert `insert` there. */
export interface TextChange {
  index: number
  remove: number
  insert: string
}

/** One step of a Y.Text event's delta (retain, insert or delete), as Yjs reports it. */
export interface DeltaStep {
  retain?: number
  insert?: unknown
  delete?: number
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * The one change turning `before` into `after`, or undefined when they are equal. With `caret`
 * (where the caret is in `after`, i.e. right after what was typed or pasted) an ambiguous change
 * — typing "a" into "aa" — is placed where the person typed, not at the end.
 */
export function textChange(before: string, after: string, caret?: number): TextChange | undefined {
  if (before === after) return undefined
  const shortest = Math.min(before.length, after.length)
  // Whatever follows the caret was not typed: it is common to both.
  const suffixLimit = caret === undefined ? shortest : Math.min(shortest, Math.max(0, after.length - caret))
  let suffix = 0
  while (suffix < suffixLimit && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++
  // Never cut between the two halves of a surrogate pair: widen the change over the whole pair.
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--
  let prefix = 0
  const prefixLimit = shortest - suffix
  while (prefix < prefixLimit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) }
}

/** `text` with the change made (what the Y.Text will hold once it is applied). */
export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.index) + change.insert + text.slice(change.index + change.remove)
}

/**
 * Where a position in the old text ends up after someone else's change (a Y.Text event's delta).
 * Text inserted exactly at the position goes after it: the caret stays where this person was
 * typing. A position inside deleted text moves to where the deletion was.
 */
export function mapPosition(position: number, delta: readonly DeltaStep[]): number {
  let oldAt = 0
  let shift = 0
  for (const step of delta) {
    if (oldAt > position) break
    if (step.retain !== undefined) {
      oldAt += step.retain
    } else if (step.insert !== undefined) {
      const length = typeof step.insert === 'string' ? step.insert.length : 1
      if (oldAt < position) shift += length
    } else if (step.delete !== undefined) {
      shift -= Math.min(step.delete, position - oldAt)
      oldAt += step.delete
    }
  }
  return Math.max(0, position + shift)
}
