/**
 * Finds an open link trigger in the text before the cursor: `[[` anywhere, or `@` at the start of
 * a word. Returns where the trigger starts (an offset into `text`) and what was typed after it.
 * Pure, so the rules are tested without an editor.
 */
export interface TriggerMatch {
  trigger: '[[' | '@'
  /** Offset of the trigger's first character in `text`. */
  start: number
  query: string
}

const BRACKETS = /\[\[([^[\]\n]{0,60})$/
// "@" after a space or at the start (not in an email address); the query may hold single spaces.
const AT = /(?:^|[\s(])@((?:[^\s@]+ ?){0,6})$/

export function findTrigger(text: string): TriggerMatch | null {
  const b = BRACKETS.exec(text)
  if (b) return { trigger: '[[', start: b.index, query: b[1]! }
  const a = AT.exec(text)
  if (a) {
    const at = a.index + a[0].indexOf('@', a[0].length - a[1]!.length - 1)
    return { trigger: '@', start: at, query: a[1]! }
  }
  return null
}
