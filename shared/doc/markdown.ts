import type { JsonNode } from '../api/docs.ts'
import { parseTaskAttrs, TASK_NODE, type TaskAttrs } from '../blocks/task.ts'
import { attachmentMarkdown, escapeText, inlineMarkdown, type MarkdownOptions } from './markdown-inline.ts'
import { mlMarkdown } from './markdown-ml.ts'
import { TABLE_NODES } from './rich-nodes.ts'
import { tableGrid } from './table-grid.ts'

export type { MarkdownOptions }

/**
 * A document (ProseMirror JSON, `fragmentToJson`, optionally with ML data from
 * `attachBlockData`) as GitHub-flavoured Markdown: for the version API, export and copy. Pure.
 * Blocks are separated by a blank line, except consecutive tasks, which form one task list.
 */
export function toMarkdown(doc: JsonNode, options: MarkdownOptions = {}): string {
  const blocks = doc.content ?? []
  let out = ''
  blocks.forEach((block, i) => {
    const md = blockMarkdown(block, options)
    if (md === '') return
    if (out !== '') out += block.type === TASK_NODE && blocks[i - 1]?.type === TASK_NODE ? '\n' : '\n\n'
    out += md
  })
  return out === '' ? '' : out + '\n'
}

/** A number from an untrusted attr (NaN for anything else, never a throw). */
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN)

const STATUS: Record<string, string> = { todo: 'to do', in_progress: 'in progress', in_review: 'in review', done: 'done', cancelled: 'cancelled' }

function blockMarkdown(node: JsonNode, options: MarkdownOptions): string {
  const inline = () => inlineMarkdown(node.content ?? [], options)
  const children = () =>
    (node.content ?? [])
      .map((c) => blockMarkdown(c, options))
      .filter((s) => s !== '')
      .join('\n\n')
  switch (node.type) {
    case 'paragraph':
      return inline()
    case 'heading': {
      const level = Math.min(6, Math.max(1, num(node.attrs?.level) || 1))
      return `${'#'.repeat(level)} ${inline()}`.trimEnd()
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return list(node, options)
    case 'blockquote':
      return children()
        .split('\n')
        .map((l) => (l === '' ? '>' : `> ${l}`))
        .join('\n')
    case 'codeBlock':
      return codeBlock(node)
    case 'horizontalRule':
      return '---'
    case TABLE_NODES.table:
      return table(node, options)
    case TASK_NODE:
      return task(node, options)
    // Image and file blocks (shared/doc/rich-nodes.ts): a line of their own.
    case 'image':
    case 'fileAttachment':
      return attachmentMarkdown(node, options)
    default: {
      const ml = mlMarkdown(node)
      if (ml !== null) return ml
      // An unknown block: its content, so no text is lost.
      const inlineOnly = (node.content ?? []).every((c) => c.type === 'text' || c.type === 'hardBreak')
      return inlineOnly ? inline() : children()
    }
  }
}

function list(node: JsonNode, options: MarkdownOptions): string {
  const start = Math.max(0, Math.min(1e9, Math.floor(num(node.attrs?.start) || 1)))
  return (node.content ?? [])
    .map((item, i) => {
      const checked = item.type === 'taskItem' ? (item.attrs?.checked ? '[x] ' : '[ ] ') : ''
      const marker = node.type === 'orderedList' ? `${start + i}. ` : '- '
      const body = (item.content ?? []).map((c) => blockMarkdown(c, options)).filter((s) => s !== '')
      // Nested blocks (a second paragraph, a sub-list) are indented under the marker.
      const pad = ' '.repeat(marker.length)
      const text = body.map((b, k) => (k === 0 || b.startsWith('-') || /^\d+\. /.test(b) ? b : `\n${b}`)).join('\n')
      return marker + checked + indent(text, pad)
    })
    .join('\n')
}

const indent = (s: string, pad: string) => s.replace(/\n(?=.)/g, `\n${pad}`)

function codeBlock(node: JsonNode): string {
  const code = (node.content ?? []).map((c) => c.text ?? '').join('')
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const language = typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/[^\w+#.-]/g, '') : ''
  return `${fence}${language}\n${code}${code.endsWith('\n') || code === '' ? '' : '\n'}${fence}`
}

/**
 * A GFM table: the first row is the header row (GFM has no table without one), a merged cell is
 * written once and the slots it covers left empty. A cell's blocks are flattened onto its one
 * line, separated by `<br>` (GitHub renders it; other readers show it as text): lists keep their
 * markers, a heading becomes bold, a code block a code span. Pipes are escaped everywhere,
 * code spans included, so no cell's content can split the row.
 */
function table(node: JsonNode, options: MarkdownOptions): string {
  const grid = tableGrid(node)
  if (grid.length === 0 || grid[0]!.length === 0) return ''
  const rows = grid.map((row) => row.map((slot) => ('cell' in slot ? cellMarkdown(slot.cell, options) : '')))
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(rows[0]!), line(rows[0]!.map(() => '---')), ...rows.slice(1).map(line)].join('\n')
}

function cellMarkdown(cell: JsonNode, options: MarkdownOptions): string {
  const inCell = { ...options, tableCell: true }
  return (cell.content ?? [])
    .map((block) => {
      if (block.type === 'heading') return `**${inlineMarkdown(block.content ?? [], inCell)}**`
      if (block.type === 'codeBlock') return inlineMarkdown([{ type: 'text', text: blockTextOf(block), marks: [{ type: 'code' }] }], inCell)
      return blockMarkdown(block, inCell)
    })
    .filter((s) => s !== '')
    .join('\n')
    .replace(/\\\n|\n/g, '<br>')
    .trim()
}

const blockTextOf = (node: JsonNode): string => (node.content ?? []).map((c) => c.text ?? '').join('')

/** `- [ ] Title — in progress, @assignee, due 2026-12-01, priority high, stage training, estimate 2d, after: t-a, t-b` */
function task(node: JsonNode, options: MarkdownOptions): string {
  const t = parseTaskAttrs(node.attrs ?? {})
  const title = inlineMarkdown(node.content ?? [], options).replace(/\\\n/g, ' ') || 'Untitled task'
  const details = taskFields(t).map(escapeText)
  return `- [${t.status === 'done' ? 'x' : ' '}] ${title}${details.length ? ` — ${details.join(', ')}` : ''}`
}

/** A task's fields as short plain phrases (status unless done, assignee, due, priority, stage, estimate, deps): Markdown and HTML export. */
export function taskFields(t: TaskAttrs): string[] {
  return [
    t.status === 'done' ? null : STATUS[t.status],
    t.assignee ? `@${t.assignee}` : null,
    t.due ? `due ${t.due}` : null,
    t.priority !== 'none' ? `priority ${t.priority}` : null,
    t.stage !== 'none' ? `stage ${t.stage}` : null,
    t.estimate !== null ? `estimate ${t.estimate}d` : null,
    t.deps.length > 0 ? `after: ${t.deps.join(', ')}` : null,
  ].filter((f): f is string => f !== null)
}
