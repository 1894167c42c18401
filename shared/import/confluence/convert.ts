import type { JsonNode } from '../../api/docs.ts'
import { TASK_NODE } from '../../blocks/task.ts'
import { tableNode } from '../../doc/rich-nodes.ts'
import type { ImportMember } from '../adapter.ts'
import { type ImageResolver, type LinkResolver, remoteImage } from '../markdown/inline.ts'
import { type Dropped, Notes } from '../markdown/notes.ts'
import { type ChildNode, childElements, classes, type Element, findFirst, hasClass, isElement, REMOVED, textOf } from './html.ts'
import { type Ctx, INLINE, inlineNodes, remove, tidy } from './inline.ts'
import { codeLanguage } from './macros.ts'

export interface ConvertOptions {
  /** What a link's href becomes (a Keel page link, the same URL, or text with why); default: unchanged. */
  resolveLink?: LinkResolver
  /** Where an image's src points (an attachment of the export, a remote URL); default: `attachments/…` files not stored, remote URLs links. */
  resolveImage?: ImageResolver
  /** Who a user mention can become (by email, or username as an email's local part). */
  members?: readonly ImportMember[]
  /** The id of the page's n-th task block (stable, so a re-import updates the same tasks). */
  taskId?: (n: number) => string
}

export interface ConvertedBody {
  content: JsonNode[]
  tasks: number
  warnings: string[]
  dropped: Dropped[]
}

/** Confluence's information panels, by the class suffix the export gives them, and the word their first line starts with. */
const PANELS: Record<string, string> = { information: 'Info', info: 'Info', note: 'Note', warning: 'Warning', tip: 'Tip' }
/** Macros read here; any other `data-macro-name` (or `…-macro` class) at block level is dropped with a note. */
const KNOWN_MACROS = new Set(['code', 'noformat', 'info', 'note', 'warning', 'tip', 'panel'])

/**
 * The body of a Confluence page (the children of `#main-content`) as the editor's JSON. Pure.
 * Headings, paragraphs, marks, links, nested lists, code macros (with their brush as the
 * language), the info/note/warning/tip panels (a blockquote whose first line names the kind), task
 * lists (task blocks, done when checked), tables (header cells from a first row of `th`), images
 * and files of attachments (blocks after the paragraph that held them), and mentions of members
 * (a plain name for anyone else). Only those nodes are ever emitted, so scripts,
 * styles, frames, handlers and unknown macros cannot pass: they are dropped, and noted.
 */
export function convertBody(nodes: ChildNode[], options: ConvertOptions = {}): ConvertedBody {
  const ctx: Ctx = {
    notes: new Notes(),
    resolve: options.resolveLink ?? ((href) => ({ href })),
    resolveImage:
      options.resolveImage ??
      ((src) =>
        remoteImage(src) ?? (/^(\.\/)?attachments\//.test(src) ? { file: src, attachment: null } : { text: 'not an attachment of the export: not imported' })),
    members: options.members ?? [],
    lifted: [],
    taskId: options.taskId ?? (() => null),
    tasks: 0,
    removed: new Map(),
  }
  const content = blocks(nodes, ctx)
  for (const [tag, n] of ctx.removed) ctx.notes.drop(`${n} <${tag}> element(s)`, 'scripts, styles, frames, forms and embedded content are never imported')
  const { warnings, dropped } = ctx.notes.finish()
  return { content, tasks: ctx.tasks, warnings, dropped }
}

const paragraph = (content: JsonNode[]): JsonNode => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' })
const codeBlock = (language: string | null, text: string): JsonNode => ({
  type: 'codeBlock',
  attrs: { language },
  ...(text ? { content: [{ type: 'text', text }] } : {}),
})
const isInline = (n: ChildNode) => !isElement(n) || (INLINE.has(n.name) && !REMOVED.has(n.name))

/** Block content: runs of inline nodes between blocks become paragraphs (as a browser would lay them out). */
function blocks(nodes: ChildNode[], ctx: Ctx): JsonNode[] {
  const out: JsonNode[] = []
  let run: ChildNode[] = []
  const flush = () => {
    const content = tidy(inlineNodes(run, ctx))
    run = []
    if (content.length > 0) out.push(paragraph(content))
    out.push(...ctx.lifted.splice(0))
  }
  for (const n of nodes) {
    if (isInline(n)) run.push(n)
    else {
      flush()
      // The images and files a block's text referred to follow it.
      out.push(...block(n as Element, ctx), ...ctx.lifted.splice(0))
    }
  }
  flush()
  return out
}

function block(el: Element, ctx: Ctx): JsonNode[] {
  if (REMOVED.has(el.name)) {
    remove(ctx, el)
    return []
  }
  const heading = /^h([1-6])$/.exec(el.name)
  if (heading) {
    const content = tidy(inlineNodes(el.children, ctx))
    return content.length > 0 ? [{ type: 'heading', attrs: { level: Number(heading[1]) }, content }] : []
  }
  switch (el.name) {
    case 'p': {
      const content = tidy(inlineNodes(el.children, ctx))
      return content.length > 0 ? [paragraph(content)] : []
    }
    case 'ul':
    case 'ol':
      return hasClass(el, 'inline-task-list') ? tasks(el, ctx) : [list(el, ctx)]
    case 'table':
      return table(el, ctx)
    case 'pre':
      return [code(el)]
    case 'blockquote': {
      const inner = blocks(el.children, ctx)
      return [{ type: 'blockquote', content: inner.length > 0 ? inner : [paragraph([])] }]
    }
    case 'hr':
      return [{ type: 'horizontalRule' }]
    default:
      return container(el, ctx)
  }
}

/** A div (or other container): a macro Confluence rendered, or layout whose content is read through. */
function container(el: Element, ctx: Ctx): JsonNode[] {
  const cls = classes(el)
  if ((cls.includes('code') && cls.includes('panel')) || el.attribs['data-macro-name'] === 'code') {
    const pre = findFirst(el.children, (e) => e.name === 'pre')
    return pre ? [code(pre)] : []
  }
  if (cls.includes('preformatted') || el.attribs['data-macro-name'] === 'noformat') {
    const pre = findFirst(el.children, (e) => e.name === 'pre')
    return [codeBlock(null, pre ? preText(pre) : textOf(el))]
  }
  if (cls.includes('confluence-information-macro')) return [panel(el, ctx)]
  const macro = el.attribs['data-macro-name'] ?? cls.find((c) => /^[a-z]+(-[a-z]+)*-macro$/.test(c) && c !== 'conf-macro')?.replace(/-macro$/, '')
  if (macro && !KNOWN_MACROS.has(macro)) {
    ctx.notes.drop(`macro "${macro.slice(0, 40)}"`, 'a Confluence macro Keel does not read: not imported')
    return []
  }
  if (cls.includes('panel')) {
    const body = findFirst(el.children, (e) => hasClass(e, 'panelContent'))
    const inner = blocks(body ? body.children : el.children, ctx)
    return [{ type: 'blockquote', content: inner.length > 0 ? inner : [paragraph([])] }]
  }
  return blocks(el.children, ctx)
}

/** A `<pre>`'s text as written (line breaks kept; `<br>` is one). */
const preText = (el: Element): string => {
  const parts: string[] = []
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') parts.push(n.data)
      else if (isElement(n) && !REMOVED.has(n.name)) {
        if (n.name === 'br') parts.push('\n')
        else walk(n.children)
      }
    }
  }
  walk(el.children)
  return parts.join('').replace(/\r\n?/g, '\n').replace(/\n$/, '')
}

/** A code macro's `<pre>`: its text exactly, its brush (`data-syntaxhighlighter-params="brush: py; …"`) as the language. */
function code(pre: Element): JsonNode {
  return codeBlock(codeLanguage(pre.attribs['data-syntaxhighlighter-params'] ?? ''), preText(pre))
}

/** An info/note/warning/tip panel: a blockquote whose first line says which ("Note:"), with the panel's title if it has one. */
function panel(el: Element, ctx: Ctx): JsonNode {
  const kind = classes(el)
    .map((c) => /^confluence-information-macro-(\w+)$/.exec(c)?.[1])
    .find((k) => k !== undefined && k in PANELS)
  const title = findFirst(el.children, (e) => e.name === 'p' && hasClass(e, 'title'))
  const body = findFirst(el.children, (e) => hasClass(e, 'confluence-information-macro-body'))
  const label: JsonNode[] = [{ type: 'text', text: `${PANELS[kind ?? 'info']}:`, marks: [{ type: 'bold' }] }]
  const heading = title ? textOf(title) : ''
  if (heading) label.push({ type: 'text', text: ` ${heading}` })
  return { type: 'blockquote', content: [paragraph(label), ...blocks(body ? body.children : [], ctx)] }
}

function list(el: Element, ctx: Ctx): JsonNode {
  const items = childElements(el)
    .filter((li) => li.name === 'li')
    .map((li) => {
      const content = blocks(li.children, ctx)
      // A list item starts with a paragraph in the editor's schema.
      if (content[0]?.type !== 'paragraph') content.unshift(paragraph([]))
      return { type: 'listItem', content }
    })
  if (items.length === 0) items.push({ type: 'listItem', content: [paragraph([])] })
  if (el.name === 'ol') return { type: 'orderedList', attrs: { start: Math.max(1, Number.parseInt(el.attribs.start ?? '1', 10) || 1) }, content: items }
  return { type: 'bulletList', content: items }
}

/** `ul.inline-task-list`: each item a task block (done when the item is `.checked`); an item's nested lists follow it. */
function tasks(el: Element, ctx: Ctx): JsonNode[] {
  const out: JsonNode[] = []
  for (const li of childElements(el).filter((c) => c.name === 'li')) {
    const isList = (n: ChildNode) => isElement(n) && (n.name === 'ul' || n.name === 'ol')
    const title = tidy(
      inlineNodes(
        li.children.filter((n) => !isList(n)),
        ctx,
      ),
    )
    const id = ctx.taskId(ctx.tasks++)
    out.push({
      type: TASK_NODE,
      attrs: { ...(id ? { id } : {}), status: hasClass(li, 'checked') ? 'done' : 'todo' },
      ...(title.length > 0 ? { content: title } : {}),
    })
    out.push(...ctx.lifted.splice(0), ...blocks(li.children.filter(isList), ctx))
  }
  return out
}

/** A table's rows (in thead, tbody, tfoot or the table itself; not those of a table nested in a cell) and their cells. */
function rowsOf(table: Element): Element[][] {
  const rows: Element[] = []
  const collect = (parent: Element) => {
    for (const c of childElements(parent)) {
      if (c.name === 'tr') rows.push(c)
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') collect(c)
    }
  }
  collect(table)
  return rows.map((tr) => childElements(tr).filter((c) => c.name === 'td' || c.name === 'th'))
}

/**
 * A table: a first row of header cells (`th`) is the header row; each cell holds its blocks
 * (paragraphs, lists, code, images…). Merged cells become one cell and empty ones (the editor's
 * tables are rectangles of single cells); a table inside a cell is flattened to a line of text per row.
 */
function table(el: Element, ctx: Ctx): JsonNode[] {
  const rows = rowsOf(el).filter((r) => r.length > 0)
  if (rows.length === 0) return []
  if (ctx.inTable) {
    ctx.notes.warn('a table inside a table cell is flattened to one line of text per row')
    return rows.flatMap((cells) => {
      const line = tidy(cells.flatMap((c, i) => [...(i > 0 ? [{ type: 'text', text: ' · ' }] : []), ...inlineNodes(c.children, ctx)]))
      return line.length > 0 ? [paragraph(line)] : []
    })
  }
  if (rows.some((cells) => cells.some((c) => Number(c.attribs.colspan ?? 1) > 1 || Number(c.attribs.rowspan ?? 1) > 1)))
    ctx.notes.warn('merged table cells are split: the content stays in the first cell')
  ctx.inTable = true
  try {
    const content = rows.map((cells) => cells.map((c) => blocks(c.children, ctx)))
    return [tableNode(content, { header: rows[0]!.every((c) => c.name === 'th') })]
  } finally {
    ctx.inTable = false
  }
}
