import { marked, type Token, type Tokens } from 'marked'
import type { JsonNode } from '../../api/docs.ts'
import { TASK_NODE } from '../../blocks/task.ts'
import { decodeEntities, inlineNodes, type LinkResolver } from './inline.ts'
import { type Dropped, Notes } from './notes.ts'
import { type Properties, splitFrontMatter } from './front-matter.ts'

export type { LinkResolver }

export interface ConvertOptions {
  /** Rewrites link hrefs (links between imported files become Keel page links); default: unchanged. */
  resolveLink?: LinkResolver
  /** Task block ids: `taskId(n)` for the n-th task of the page (stable, so a re-import updates the same tasks). */
  taskId?: (n: number) => string
}

export interface Converted {
  /** The editor's JSON blocks (the content of the `default` XmlFragment). */
  content: JsonNode[]
  /** Front matter, kept as page properties. */
  properties: Properties
  /** The title the file gives itself: front matter `title`, else its first block when that is a heading; null if neither. */
  title: string | null
  tasks: number
  warnings: string[]
  dropped: Dropped[]
}

/**
 * A Markdown file (GitHub-flavoured, with optional YAML front matter) as the editor's JSON. Pure.
 * Maps what the editor has: headings, paragraphs, bold/italic/strike/code/links, bullet and ordered
 * lists (nested), code blocks with their language, blockquotes, horizontal rules, hard breaks;
 * `- [ ]` / `- [x]` items become task blocks. The editor has no table block yet: a table is kept as
 * a Markdown code block (its text intact) with a warning. Raw HTML is never passed through.
 */
export function convertMarkdown(source: string, options: ConvertOptions = {}): Converted {
  const { body, properties, warnings } = splitFrontMatter(source.replace(/\r\n?/g, '\n'))
  const notes = new Notes()
  for (const w of warnings) notes.warn(w)
  const ctx: Ctx = { notes, resolve: options.resolveLink ?? ((href) => ({ href })), taskId: options.taskId ?? (() => null), tasks: 0 }
  const content = blocks(marked.lexer(body, { gfm: true }), ctx)
  const fm = typeof properties.title === 'string' && properties.title.trim() !== '' ? properties.title.trim() : null
  const first = content[0]
  const heading = first?.type === 'heading' ? plain(first).trim() : ''
  const { warnings: all, dropped } = notes.finish()
  return { content, properties, title: fm ?? (heading || null), tasks: ctx.tasks, warnings: all, dropped }
}

interface Ctx {
  notes: Notes
  resolve: LinkResolver
  taskId: (n: number) => string | null
  tasks: number
}

const plain = (node: JsonNode): string => (node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plain).join(''))
const paragraph = (content: JsonNode[]): JsonNode => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' })

function blocks(tokens: readonly Token[], ctx: Ctx): JsonNode[] {
  const out: JsonNode[] = []
  for (const token of tokens) out.push(...block(token, ctx))
  return out
}

function block(token: Token, ctx: Ctx): JsonNode[] {
  switch (token.type) {
    case 'space':
    case 'def':
      return []
    case 'heading': {
      const t = token as Tokens.Heading
      return [{ type: 'heading', attrs: { level: Math.min(6, Math.max(1, t.depth)) }, content: inlineNodes(t.tokens, ctx.notes, ctx.resolve) }]
    }
    case 'paragraph': {
      const content = inlineNodes((token as Tokens.Paragraph).tokens, ctx.notes, ctx.resolve)
      return content.length > 0 ? [paragraph(content)] : []
    }
    case 'text': {
      const t = token as Tokens.Text
      const content = t.tokens ? inlineNodes(t.tokens, ctx.notes, ctx.resolve) : [{ type: 'text', text: decodeEntities(t.text) }]
      return content.length > 0 ? [paragraph(content)] : []
    }
    case 'code': {
      const t = token as Tokens.Code
      // A language is a word (`python`, `c++`, `objective-c`): anything else is dropped, never put in a class attribute.
      const word = t.lang ? (t.lang.split(/\s/)[0] ?? '') : ''
      const language = /^[A-Za-z0-9_+#.-]{1,40}$/.test(word) ? word : ''
      return [{ type: 'codeBlock', attrs: { language: language || null }, ...(t.text ? { content: [{ type: 'text', text: t.text }] } : {}) }]
    }
    case 'blockquote': {
      const inner = blocks((token as Tokens.Blockquote).tokens, ctx)
      return [{ type: 'blockquote', content: inner.length > 0 ? inner : [paragraph([])] }]
    }
    case 'hr':
      return [{ type: 'horizontalRule' }]
    case 'list':
      return list(token as Tokens.List, ctx)
    case 'table': {
      ctx.notes.warn('tables are kept as Markdown text in a code block (the editor has no table block yet)')
      return [{ type: 'codeBlock', attrs: { language: 'markdown' }, content: [{ type: 'text', text: token.raw.trim() }] }]
    }
    case 'html': {
      ctx.notes.html()
      const text = htmlText((token as Tokens.HTML).text)
      return text ? [paragraph([{ type: 'text', text }])] : []
    }
    default:
      return 'raw' in token && token.raw.trim() ? [paragraph([{ type: 'text', text: token.raw.trim() }])] : []
  }
}

/**
 * A list, split around its task items: `- [ ]` items become task blocks at this level (a task is a
 * block of its own in Keel, not a list item), the other items stay lists. A task's nested items
 * follow it at the same level.
 */
function list(token: Tokens.List, ctx: Ctx): JsonNode[] {
  const out: JsonNode[] = []
  let items: JsonNode[] = []
  let start = typeof token.start === 'number' ? token.start : 1
  const flush = () => {
    if (items.length === 0) return
    out.push(token.ordered ? { type: 'orderedList', attrs: { start }, content: items } : { type: 'bulletList', content: items })
    start += items.length
    items = []
  }
  for (const item of token.items) {
    if (item.task) {
      flush()
      const [first, ...rest] = item.tokens.filter((t) => t.type !== 'checkbox')
      const title = first && (first.type === 'text' || first.type === 'paragraph') ? inlineNodes((first as Tokens.Text).tokens, ctx.notes, ctx.resolve) : []
      const id = ctx.taskId(ctx.tasks++)
      out.push({ type: TASK_NODE, attrs: { ...(id ? { id } : {}), status: item.checked ? 'done' : 'todo' }, ...(title.length > 0 ? { content: title } : {}) })
      out.push(...blocks(first && title.length === 0 ? [first, ...rest] : rest, ctx))
      continue
    }
    const content = blocks(item.tokens, ctx)
    // A list item starts with a paragraph in the editor's schema.
    if (content[0]?.type !== 'paragraph') content.unshift(paragraph([]))
    items.push({ type: 'listItem', content })
  }
  flush()
  return out
}

/** The text of a block of raw HTML, with scripts, styles, comments and every tag removed. */
function htmlText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style|iframe|object|template)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/[<>]/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}
