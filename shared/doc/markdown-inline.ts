import type { JsonNode } from '../api/docs.ts'
import { attachmentDownloadUrl, attachmentUrl } from '../attachments/attachment.ts'
import { attachmentOfNode } from '../attachments/node-ref.ts'
import { DOC_LINK_NODE, docIdFromHref } from '../hub/links.ts'
import { isSafeHref } from '../hub/safe-href.ts'
import { MENTION_NODE } from './rich-nodes.ts'

/** How doc links are written: their target's path and, if the caller knows it, its title. */
export interface MarkdownOptions {
  docTitle?: (docId: string) => string | null
  /**
   * Where a doc link (and a link mark to `/d/<id>`) points: an export's relative path to the page's
   * file, URL-encoded by the caller (written as is); default `/d/<id>`.
   */
  docHref?: (docId: string) => string | null
  /**
   * Where an image or file node's attachment points: an export's relative path to the file in its
   * archive, URL-encoded by the caller, or null when the archive does not hold it (its name or alt
   * text is written instead). Default: the attachment's URL on this server.
   */
  attachmentHref?: (attachmentId: string) => string | null
  /** Inside a GFM table cell (markdown.ts sets it): a pipe in a code span is escaped too. */
  tableCell?: boolean
}

/** Backslash-escapes what Markdown would read as syntax anywhere in a line. */
export function escapeText(s: string): string {
  // An underscore inside a word (val_f1) is never emphasis: left as is, it stays readable.
  return s.replace(/[\\`*[\]<>|~&]/g, (c) => `\\${c}`).replace(/_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_/gu, '\\_')
}

/** What would start a heading, list, quote, rule or table at the beginning of a line. */
function escapeLineStarts(s: string): string {
  return s.replace(/(^|\n)([ \t]*)(#{1,6}(?=\s|$)|[-+=](?=\s|$)|-{3,}|={3,}|\d{1,9}(?=[.)](?:\s|$)))/g, (_m, nl: string, sp: string, tok: string) =>
    /^\d/.test(tok) ? `${nl}${sp}${tok}\\` : `${nl}${sp}\\${tok}`,
  )
}

type Mark = { type: string; attrs?: Record<string, unknown> }
/** Outermost first: a link wraps emphasis, code is innermost (its content is literal). */
const ORDER = ['link', 'bold', 'italic', 'strike', 'code']
const DELIM: Record<string, string> = { bold: '**', italic: '*', strike: '~~' }
/** Attr values from untrusted JSON: only strings are text (an object here must not throw). */
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const markKey = (m: Mark) => (m.type === 'link' ? `link:${str(m.attrs?.href)}` : m.type)

/**
 * A block's inline content: text runs with their marks (opened and closed across runs, so
 * "**a *b***" rather than "**a*****b***"), doc links as links, hard breaks as `\` + newline.
 */
export function inlineMarkdown(nodes: readonly JsonNode[], options: MarkdownOptions = {}): string {
  let out = ''
  const open: { mark: Mark; close: string }[] = []
  const closeTo = (depth: number) => {
    // Whitespace before a closing delimiter would stop it closing: move it after.
    const trailing = /\s*$/.exec(out)![0]
    out = out.slice(0, out.length - trailing.length)
    while (open.length > depth) out += open.pop()!.close
    out += trailing
  }
  for (const node of nodes) {
    if (node.type !== 'text') {
      closeTo(0)
      if (node.type === 'hardBreak') out += '\\\n'
      else if (node.type === DOC_LINK_NODE) out += docLink(node, options)
      else if (node.type === MENTION_NODE) out += escapeText(mentionText(node))
      else if (node.type === 'image' || node.type === 'fileAttachment') out += attachmentMarkdown(node, options)
      continue
    }
    const text = node.text ?? ''
    const marks = (node.marks ?? []).filter((m) => ORDER.includes(m.type)).sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type))
    let keep = 0
    while (keep < open.length && keep < marks.length && markKey(open[keep]!.mark) === markKey(marks[keep]!) && marks[keep]!.type !== 'code') keep++
    closeTo(keep)
    const lead = open.length < marks.length ? /^\s*/.exec(text)![0] : ''
    out += lead
    const isCode = marks.some((m) => m.type === 'code')
    for (const m of marks.slice(keep)) {
      const [opener, close] = delimiters(m, text, options)
      open.push({ mark: m, close })
      out += opener
    }
    const body = text.slice(lead.length)
    out += isCode ? codeBody(body, options.tableCell === true) : escapeText(body)
  }
  closeTo(0)
  return escapeLineStarts(out)
}

function delimiters(m: Mark, text: string, options: MarkdownOptions): [string, string] {
  if (m.type === 'link') {
    // A link to a Keel page (`/d/<id>`) that the caller can place (an export's file) points there.
    const id = docIdFromHref(str(m.attrs?.href))
    const local = id ? options.docHref?.(id) : null
    return ['[', `](${local ?? linkTarget(str(m.attrs?.href))})`]
  }
  if (m.type !== 'code') return [DELIM[m.type]!, DELIM[m.type]!]
  // A code span's delimiter is longer than any backtick run inside it.
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1)
  return [fence + (text.startsWith('`') ? ' ' : ''), fence]
}
// In a table cell GFM splits the row at every unescaped pipe, code spans included; `\|` is a pipe there.
const codeBody = (text: string, tableCell: boolean) => {
  const one = text.replace(/\n/g, ' ') + (text.endsWith('`') ? ' ' : '')
  return tableCell ? one.replace(/\|/g, '\\|') : one
}

/** A mention as text: "@" and the name it was written with (kept when the member leaves); never empty. */
export function mentionText(node: JsonNode): string {
  const label =
    typeof node.attrs?.label === 'string' && node.attrs.label.trim() !== '' ? node.attrs.label : typeof node.attrs?.id === 'string' ? node.attrs.id : ''
  return `@${label || 'someone'}`
}

/** Only the hrefs the editor lets through (http(s), mailto, /d/…); anything else links nowhere. */
function linkTarget(href: string): string {
  const h = href.trim()
  if (!isSafeHref(h)) return '<>'
  return /[\s()<>]/.test(h) ? `<${h.replace(/[<>]/g, encodeURIComponent)}>` : h
}

/**
 * An image as `![alt](target)`, a file as `[name](target)`: for one of our attachments the
 * caller's path (an export's `attachments/<name>`) or its URL here; an image of another site keeps
 * its (safe) src. An attachment the caller cannot place is its alt text or name, as text.
 */
export function attachmentMarkdown(node: JsonNode, options: MarkdownOptions): string {
  const image = node.type === 'image'
  const src = str(node.attrs?.src)
  const id = attachmentOfNode(node)
  const label = image ? str(node.attrs?.alt) : str(node.attrs?.name) || 'file'
  let target: string | null
  if (id) target = options.attachmentHref ? options.attachmentHref(id) : image ? attachmentUrl(id) : attachmentDownloadUrl(id)
  else target = image && src !== '' ? linkTarget(src) : null
  if (target === null) return escapeText(label)
  return `${image ? '!' : ''}[${escapeText(label)}](${target})`
}

function docLink(node: JsonNode, options: MarkdownOptions): string {
  const id = typeof node.attrs?.docId === 'string' ? node.attrs.docId : ''
  const title = (id && options.docTitle?.(id)) || 'Linked page'
  return `[${escapeText(title)}](${(id && options.docHref?.(id)) || `/d/${encodeURIComponent(id)}`})`
}
