import { marked, type Token, type Tokens } from 'marked'
import type { JsonNode } from '../../api/docs.ts'
import { TASK_NODE } from '../../blocks/task.ts'
import { inlineCell, tableNode } from '../../doc/rich-nodes.ts'
import { decodeEntities, type ImageResolver, type InlineCtx, inlineNodes, type LinkResolver, remoteImage } from './inline.ts'
import { type Dropped, Notes } from './notes.ts'
import { type Properties, splitFrontMatter } from './front-matter.ts'

export type { ImageResolver, LinkResolver }

export interface ConvertOptions {
  /** Rewrites link hrefs (links between imported files become Keel page links); default: unchanged. */
  resolveLink?: LinkResolver
  /** Where an image's src points (a file of the archive, a remote URL); default: remote URLs are links, the rest files not stored. */
  resolveImage?: ImageResolver
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
 * lists (nested), code blocks with their language, blockquotes, horizontal rules, hard breaks,
 * tables (the header row as header cells, marks kept in cells); `- [ ]` / `- [x]` items become
 * task blocks; images and links to files of the archive become image and file blocks after the
 * block that held them (inline.ts). Raw HTML is never passed through.
 */
export function convertMarkdown(source: string, options: ConvertOptions = {}): Converted {
  const { body, properties, warnings } = splitFrontMatter(source.replace(/\r\n?/g, '\n'))
  const notes = new Notes()
  for (const w of warnings) notes.warn(w)
  const ctx: Ctx = {
    notes,
    resolve: options.resolveLink ?? ((href) => ({ href })),
    resolveImage: options.resolveImage ?? ((src) => remoteImage(src) ?? { file: src, attachment: null }),
    lifted: [],
    taskId: options.taskId ?? (() => null),
    tasks: 0,
  }
  const content = blocks(marked.lexer(body, { gfm: true }), ctx)
  const fm = typeof properties.title === 'string' && properties.title.trim() !== '' ? properties.title.trim() : null
  const first = content[0]
  const heading = first?.type === 'heading' ? plain(first).trim() : ''
  const { warnings: all, dropped } = notes.finish()
  return { content, properties, title: fm ?? (heading || null), tasks: ctx.tasks, warnings: all, dropped }
}

interface Ctx extends InlineCtx {
  taskId: (n: number) => string | null
  tasks: number
}

const plain = (node: JsonNode): string => (node.type === 'text' ? (node.text ?? '') : (node.content ?? []).map(plain).join(''))
const paragraph = (content: JsonNode[]): JsonNode => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' })

function blocks(tokens: readonly Token[], ctx: Ctx): JsonNode[] {
  const out: JsonNode[] = []
  // The images and files a block's text referred to follow it, in order.
  for (const token of tokens) out.push(...block(token, ctx), ...ctx.lifted.splice(0))
  return out
}

function block(token: Token, ctx: Ctx): JsonNode[] {
  switch (token.type) {
    case 'space':
    case 'def':
      return []
    case 'heading': {
      const t = token as Tokens.Heading
      return [{ type: 'heading', attrs: { level: Math.min(6, Math.max(1, t.depth)) }, content: inlineNodes(t.tokens, ctx) }]
    }
    case 'paragraph': {
      const content = inlineNodes((token as Tokens.Paragraph).tokens, ctx)
      return content.length > 0 ? [paragraph(content)] : []
    }
    case 'text': {
      const t = token as Tokens.Text
      const content = t.tokens ? inlineNodes(t.tokens, ctx) : [{ type: 'text', text: decodeEntities(t.text) }]
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
      const t = token as Tokens.Table
      // A cell holds its inline content, then any image or file its text referred to.
      const cell = (c: Tokens.TableCell) => [...inlineCell(inlineNodes(c.tokens, ctx)), ...ctx.lifted.splice(0)]
      return [tableNode([t.header.map(cell), ...t.rows.map((row) => row.map(cell))], { header: true })]
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
      const title = first && (first.type === 'text' || first.type === 'paragraph') ? inlineNodes((first as Tokens.Text).tokens, ctx) : []
      const id = ctx.taskId(ctx.tasks++)
      out.push({ type: TASK_NODE, attrs: { ...(id ? { id } : {}), status: item.checked ? 'done' : 'todo' }, ...(title.length > 0 ? { content: title } : {}) })
      out.push(...ctx.lifted.splice(0))
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
