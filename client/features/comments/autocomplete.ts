import { mentionToken, pageToken } from '#shared/comments/body'

/**
 * The pure part of the comment input's autocomplete (CommentsPanel's Composer): what is being
 * typed at the caret, which pages match it, and the text once a choice is inserted. People are
 * matched by the editor's own `@` matcher (client/blocks/mention/people.ts: matchPeople).
 */

/** `@ada` (a person) or `[[eval` (a page) being typed just before the caret; `start` is where the trigger begins. */
export type Trigger = { kind: 'person' | 'page'; query: string; start: number }

/**
 * The trigger the caret is in, or null. `@` must start a word (not `ana@x.test`) and be followed
 * by letters, digits, dots or dashes and at most one space ("@Ana Li"), so a finished sentence does not
 * keep the list open; `[[` may be followed by any title text up to the caret (no `]`, no newline).
 */
export function triggerAt(text: string, caret: number): Trigger | null {
  const before = text.slice(0, caret)
  const page = /\[\[([^\]\n]{0,60})$/.exec(before)
  if (page) return { kind: 'page', query: page[1]!, start: page.index }
  const person = /(^|[\s(])@([\p{L}\p{N}._-]*(?: [\p{L}\p{N}._-]*)?)$/u.exec(before)
  if (person) return { kind: 'person', query: person[2]!, start: person.index + person[1]!.length }
  return null
}

/** The pages whose title has a word starting with the query (titles starting with it first); at most `max`. */
export function matchPages<P extends { id: string; title: string }>(pages: readonly P[], query: string, max = 5): P[] {
  const q = query.trim().toLowerCase()
  const score = (p: P): number => {
    const t = p.title.toLowerCase()
    if (t.startsWith(q)) return 0
    if (t.split(/\s+/).some((w) => w.startsWith(q))) return 1
    return t.includes(q) ? 2 : -1
  }
  return pages
    .map((p) => ({ p, s: score(p) }))
    .filter((x) => x.s >= 0 && x.p.title.trim() !== '')
    .sort((a, b) => a.s - b.s || a.p.title.localeCompare(b.p.title))
    .slice(0, max)
    .map((x) => x.p)
}

export type Choice = { kind: 'person'; userId: string; name: string } | { kind: 'page'; id: string; title: string }

/** The text with the trigger (from its start to the caret) replaced by the choice's token and a space; the caret after it. */
export function insertChoice(text: string, caret: number, trigger: Trigger, choice: Choice): { text: string; caret: number } {
  const token = choice.kind === 'person' ? mentionToken(choice.name, choice.userId) : pageToken(choice.title, choice.id)
  const after = text.slice(caret)
  const insert = after.startsWith(' ') ? token : `${token} `
  return { text: text.slice(0, trigger.start) + insert + after, caret: trigger.start + insert.length }
}

/** The highlighted row after an arrow key, wrapping around a list of `count`. */
export const moveHighlight = (index: number, count: number, delta: 1 | -1): number => (count === 0 ? 0 : (index + delta + count) % count)
