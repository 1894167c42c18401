import type { JsonNode } from '../api/docs.ts'
import { attachmentDownloadUrl, attachmentUrl } from '../attachments/attachment.ts'
import { attachmentOfNode } from '../attachments/node-ref.ts'
import { parseTaskAttrs, TASK_NODE } from '../blocks/task.ts'
import { mentionText } from '../doc/markdown-inline.ts'
import { mlMarkdown } from '../doc/markdown-ml.ts'
import { MENTION_NODE, TABLE_NODES } from '../doc/rich-nodes.ts'
import { span } from '../doc/table-grid.ts'
import { taskFields } from '../doc/markdown.ts'
import { DOC_LINK_NODE, docIdFromHref } from '../hub/links.ts'
import { isSafeHref } from '../hub/safe-href.ts'
import { mlHtml } from './html-ml.ts'

/** How doc links are written in HTML: the linked page's file (relative), else plain text, and its title. */
export interface HtmlOptions {
  docTitle?: (docId: string) => string | null
  docHref?: (docId: string) => string | null
  /** An attachment's relative path in the archive (URL-encoded), or null when it holds none; default its URL here. */
  attachmentHref?: (attachmentId: string) => string | null
}

/**
 * Sanitised by construction: every character of content goes through `esc`, no attribute or tag
 * name ever comes from content, hrefs only pass `isSafeHref` (http, https, mailto, same-site
 * paths) or are our own relative file paths, and nothing the document holds is passed through as
 * HTML. A document written with raw Yjs updates can hold any element name; unknown ones render
 * as their text.
 */
export const esc = (s: string): string =>
  s.replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!)

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** A document's blocks as HTML (the body of a page). */
export function toHtml(doc: JsonNode, options: HtmlOptions = {}): string {
  return (doc.content ?? []).map((b) => block(b, options)).join('\n')
}

function block(node: JsonNode, o: HtmlOptions): string {
  const kids = () => (node.content ?? []).map((c) => block(c, o)).join('')
  switch (node.type) {
    case 'paragraph':
      return `<p>${inline(node.content ?? [], o)}</p>`
    case 'heading': {
      const level = Math.min(6, Math.max(1, Math.floor(num(node.attrs?.level)) || 1))
      return `<h${level}>${inline(node.content ?? [], o)}</h${level}>`
    }
    case 'bulletList':
    case 'taskList':
      return `<ul>${kids()}</ul>`
    case 'orderedList': {
      const start = Math.max(0, Math.min(1e9, Math.floor(num(node.attrs?.start) || 1)))
      return `<ol start="${start}">${kids()}</ol>`
    }
    case 'listItem':
      return `<li>${kids()}</li>`
    case 'taskItem':
      return `<li class="check"><input type="checkbox" disabled${node.attrs?.checked ? ' checked' : ''}> ${kids()}</li>`
    case 'blockquote':
      return `<blockquote>${kids()}</blockquote>`
    case 'codeBlock':
      return `<pre><code>${esc((node.content ?? []).map((c) => c.text ?? '').join(''))}</code></pre>`
    case 'horizontalRule':
      return '<hr>'
    case TABLE_NODES.table:
      return tableHtml(node, o)
    case TASK_NODE:
      return task(node, o)
    case 'image':
    case 'fileAttachment':
      return `<p>${attachmentHtml(node, o)}</p>`
    default: {
      const mlBlock = mlHtml(node, esc)
      if (mlBlock !== null) return mlBlock
      // Other ML blocks (a run comparison): the line version history's Markdown has, as text.
      const ml = mlMarkdown(node)
      if (ml !== null)
        return `<section class="block">${esc(ml)
          .split('\n')
          .map((l) => `${l}<br>`)
          .join('')}</section>`
      const inlineOnly = (node.content ?? []).every((c) => c.type === 'text' || c.type === 'hardBreak' || c.type === DOC_LINK_NODE || c.type === MENTION_NODE)
      return inlineOnly ? `<p>${inline(node.content ?? [], o)}</p>` : `<div>${kids()}</div>`
    }
  }
}

/** A table in a scrolling wrapper (wide tables scroll, the page does not); spans are whole numbers, never content. */
function tableHtml(node: JsonNode, o: HtmlOptions): string {
  const rows = (node.content ?? []).filter((r) => r.type === TABLE_NODES.row)
  const body = rows.map((row) => `<tr>${(row.content ?? []).map((cell) => cellHtml(cell, o)).join('')}</tr>`).join('')
  return `<div class="table"><table><tbody>${body}</tbody></table></div>`
}

function cellHtml(cell: JsonNode, o: HtmlOptions): string {
  if (cell.type !== TABLE_NODES.cell && cell.type !== TABLE_NODES.header) return ''
  const tag = cell.type === TABLE_NODES.header ? 'th' : 'td'
  const colspan = span(cell.attrs?.colspan)
  const rowspan = span(cell.attrs?.rowspan)
  const attrs = `${colspan > 1 ? ` colspan="${colspan}"` : ''}${rowspan > 1 ? ` rowspan="${rowspan}"` : ''}`
  return `<${tag}${attrs}>${(cell.content ?? []).map((c) => block(c, o)).join('')}</${tag}>`
}

function task(node: JsonNode, o: HtmlOptions): string {
  const t = parseTaskAttrs(node.attrs ?? {})
  const title = inline(node.content ?? [], o) || 'Untitled task'
  const fields = taskFields(t)
  return (
    `<div class="task" data-status="${esc(t.status)}"><input type="checkbox" disabled${t.status === 'done' ? ' checked' : ''}> ` +
    `<span class="title">${title}</span>${fields.length ? ` <span class="fields">${esc(fields.join(' · '))}</span>` : ''}</div>`
  )
}

const MARK_TAGS: Record<string, string> = { bold: 'strong', italic: 'em', strike: 's', code: 'code', underline: 'u' }

function inline(nodes: readonly JsonNode[], o: HtmlOptions): string {
  return nodes
    .map((n) => {
      if (n.type === 'hardBreak') return '<br>'
      if (n.type === DOC_LINK_NODE) {
        const id = str(n.attrs?.docId)
        const title = esc((id && o.docTitle?.(id)) || 'Linked page')
        const href = id ? o.docHref?.(id) : null
        return href ? `<a href="${esc(href)}">${title}</a>` : `<span class="link">${title}</span>`
      }
      if (n.type === MENTION_NODE) return `<span class="mention">${esc(mentionText(n))}</span>`
      if (n.type === 'image' || n.type === 'fileAttachment') return attachmentHtml(n, o)
      if (n.type !== 'text') return ''
      let html = esc(n.text ?? '')
      for (const m of n.marks ?? []) {
        if (m.type === 'link') {
          const href = str(m.attrs?.href).trim()
          const id = docIdFromHref(href)
          const local = id ? o.docHref?.(id) : null
          if (local) html = `<a href="${esc(local)}">${html}</a>`
          else if (isSafeHref(href)) html = `<a href="${esc(href)}" rel="noopener noreferrer">${html}</a>`
        } else if (MARK_TAGS[m.type]) html = `<${MARK_TAGS[m.type]}>${html}</${MARK_TAGS[m.type]}>`
      }
      return html
    })
    .join('')
}

/**
 * An image as `<img>`, a file as a download link with its size: our attachments at the caller's
 * path (an export's `attachments/<name>`) or their URL here, another site's image only at a safe
 * src. What cannot be placed is its alt text or name, as text.
 */
function attachmentHtml(node: JsonNode, o: HtmlOptions): string {
  const image = node.type === 'image'
  const id = attachmentOfNode(node)
  const label = image ? str(node.attrs?.alt) : str(node.attrs?.name) || 'file'
  const src = str(node.attrs?.src).trim()
  const href = id ? (o.attachmentHref ? o.attachmentHref(id) : image ? attachmentUrl(id) : attachmentDownloadUrl(id)) : image && isSafeHref(src) ? src : null
  if (href === null) return esc(label)
  if (image) return `<img src="${esc(href)}" alt="${esc(label)}">`
  const size = num(node.attrs?.size)
  return `<a class="file" href="${esc(href)}" download>${esc(label)}</a>${Number.isFinite(size) && size >= 0 ? ` <span class="fields">${esc(bytes(size))}</span>` : ''}`
}

/** A size as people read it: 812 B, 14.2 KB, 3.1 MB. */
function bytes(n: number): string {
  if (n < 1000) return `${Math.round(n)} B`
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} KB`
  return `${(n / 1_000_000).toFixed(1)} MB`
}

const STYLE = `body{font:16px/1.55 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}
nav{font-size:.9rem;margin-bottom:1.5rem}a{color:#0b57d0}pre{background:#f4f4f5;padding:.75rem;overflow:auto}
code{font-family:ui-monospace,monospace;font-size:.92em}.table{overflow-x:auto;margin:1rem 0}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;text-align:left}th{background:#f4f4f5}td>p,th>p{margin:0}
.mention{padding:0 .2em;border-radius:4px;background:#edf1fd;color:#2c4aa8;white-space:nowrap}
img{max-width:100%;height:auto}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1rem;color:#555}.task{margin:.25rem 0}.fields{color:#666;font-size:.9em}
.block{border:1px solid #ddd;border-radius:6px;padding:.75rem;margin:1rem 0;font-size:.92em}.block h4{margin:0 0 .5rem}ul.tree{list-style:none;padding-left:1.2rem}
@media (prefers-color-scheme:dark){body{color:#e8e8ea;background:#17171a}pre,th{background:#26262b}td,th{border-color:#444}a{color:#8ab4f8}.fields{color:#aaa}
.mention{background:#1f2744;color:#a3b6ff}}`

/**
 * A whole self-contained page: inline stylesheet, no script, and a Content-Security-Policy that
 * would refuse one anyway (defence in depth: the body is escaped by construction above).
 */
export function htmlPage(title: string, body: string, nav: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file: http: https: data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<nav>${nav}</nav>
<main>
${body}
</main>
</body>
</html>
`
}

/** One page in the index (index.html): plain title and href, escaped when written. */
export interface IndexEntry {
  title: string
  href: string
  children: IndexEntry[]
}

export function indexList(entries: readonly IndexEntry[]): string {
  if (entries.length === 0) return ''
  return `<ul class="tree">${entries.map((e) => `<li><a href="${esc(e.href)}">${esc(e.title)}</a>${indexList(e.children)}</li>`).join('')}</ul>`
}
