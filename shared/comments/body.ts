/**
 * The body of a comment: plain text with two tokens (docs/decisions/0009-comments.md).
 *
 *   `@[Name](user:ID)`    a mention of a member (the server refuses a non-member)
 *   `[[Title]](doc:ID)`   a link to a page
 *
 * The name and title are what was shown when the token was written; the id is what counts.
 * Everything else is markdown-lite, rendered by the client (client/features/comments/render.tsx).
 */

export const MENTION_TOKEN = /@\[([^\]\n]{1,200})\]\(user:([A-Za-z0-9_-]{1,100})\)/g
export const PAGE_TOKEN = /\[\[([^\]\n]{1,300})\]\]\(doc:([A-Za-z0-9_-]{1,100})\)/g

export const mentionToken = (name: string, userId: string): string => `@[${name.replace(/[\]\n]/g, ' ')}](user:${userId})`
export const pageToken = (title: string, docId: string): string => `[[${title.replace(/[\]\n]/g, ' ')}]](doc:${docId})`

/** The distinct user ids a body mentions, in order of first mention. */
export function mentionsOf(body: string): string[] {
  const ids = new Set<string>()
  for (const m of body.matchAll(MENTION_TOKEN)) ids.add(m[2]!)
  return [...ids]
}

/** The distinct document ids a body links to. */
export function pageLinksOf(body: string): string[] {
  const ids = new Set<string>()
  for (const m of body.matchAll(PAGE_TOKEN)) ids.add(m[2]!)
  return [...ids]
}

/** The body as plain text, mentions as `@Name` and page links as their title: what search indexes. */
export const plainText = (body: string): string => body.replace(MENTION_TOKEN, (_, name: string) => `@${name}`).replace(PAGE_TOKEN, (_, title: string) => title)

export type BodyPart =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; name: string; userId: string }
  | { kind: 'page'; title: string; docId: string }
  | { kind: 'link'; href: string }
  | { kind: 'bold' | 'italic' | 'code'; text: string }

const INLINE = new RegExp(
  [
    MENTION_TOKEN.source,
    PAGE_TOKEN.source,
    /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/.source,
    /\*\*([^*\n]+)\*\*/.source,
    /\*([^*\n]+)\*/.source,
    /`([^`\n]+)`/.source,
  ].join('|'),
  'g',
)

/** The body split into what to render: text, tokens, links and markdown-lite spans (no nesting). */
export function parseBody(body: string): BodyPart[] {
  const parts: BodyPart[] = []
  let last = 0
  for (const m of body.matchAll(INLINE)) {
    if (m.index > last) parts.push({ kind: 'text', text: body.slice(last, m.index) })
    if (m[2] !== undefined) parts.push({ kind: 'mention', name: m[1]!, userId: m[2] })
    else if (m[4] !== undefined) parts.push({ kind: 'page', title: m[3]!, docId: m[4] })
    else if (m[5] !== undefined) parts.push({ kind: 'link', href: m[5] })
    else if (m[6] !== undefined) parts.push({ kind: 'bold', text: m[6] })
    else if (m[7] !== undefined) parts.push({ kind: 'italic', text: m[7] })
    else parts.push({ kind: 'code', text: m[8]! })
    last = m.index + m[0].length
  }
  if (last < body.length) parts.push({ kind: 'text', text: body.slice(last) })
  return parts
}
