import type { JsonNode } from '../api/docs.ts'

/** Small builders for template content, in the shape Tiptap's StarterKit uses. */
export const text = (t: string, ...marks: string[]): JsonNode =>
  marks.length ? { type: 'text', text: t, marks: marks.map((type) => ({ type })) } : { type: 'text', text: t }
export const p = (...content: (JsonNode | string)[]): JsonNode => ({
  type: 'paragraph',
  ...(content.length ? { content: content.map((c) => (typeof c === 'string' ? text(c) : c)) } : {}),
})
export const h = (level: 1 | 2 | 3, t: string): JsonNode => ({ type: 'heading', attrs: { level }, content: [text(t)] })
export const ul = (...items: string[]): JsonNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [p(i)] })) })
export const ol = (...items: string[]): JsonNode => ({
  type: 'orderedList',
  attrs: { start: 1 },
  content: items.map((i) => ({ type: 'listItem', content: [p(i)] })),
})
