import type { JsonNode } from '../../api/docs.ts'
import { mentionNode } from '../../doc/rich-nodes.ts'
import { safeHref } from '../../hub/safe-href.ts'
import type { ImportMember } from '../adapter.ts'
import { type ImageResolver, liftAttachment, type LinkResolver } from '../markdown/inline.ts'
import type { Notes } from '../markdown/notes.ts'
import { memberOf } from '../members.ts'
import { basename } from '../paths.ts'
import { type ChildNode, type Element, hasClass, isElement, REMOVED, textOf } from './html.ts'

type Mark = NonNullable<JsonNode['marks']>[number]

export interface Ctx {
  notes: Notes
  resolve: LinkResolver
  resolveImage: ImageResolver
  /** Who a mention can become. */
  members: readonly ImportMember[]
  /** Image and file blocks the current block's text referred to: they follow it. */
  lifted: JsonNode[]
  /** Inside a table's cell (a nested table is flattened). */
  inTable?: boolean
  taskId: (n: number) => string | null
  tasks: number
  /** Markup removed whole (scripts, styles, frames…), by tag: reported once per page with a count. */
  removed: Map<string, number>
}

/** Elements that sit inside a paragraph; everything else starts a block. */
export const INLINE = new Set(['a', 'span', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'strike', 'ins', 'code', 'tt', 'kbd', 'samp', 'var', 'sub', 'sup'])
for (const tag of ['small', 'big', 'mark', 'abbr', 'cite', 'q', 'time', 'font', 'label', 'img', 'br', 'dfn', 'bdi', 'bdo', 'wbr']) INLINE.add(tag)

const MARKS: Record<string, Mark['type']> = {
  strong: 'bold',
  b: 'bold',
  em: 'italic',
  i: 'italic',
  cite: 'italic',
  s: 'strike',
  del: 'strike',
  strike: 'strike',
}
for (const tag of ['code', 'tt', 'kbd', 'samp']) MARKS[tag] = 'code'

const textNode = (text: string, marks: Mark[]): JsonNode => (marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text })

export const remove = (ctx: Ctx, el: Element): void => void ctx.removed.set(el.name, (ctx.removed.get(el.name) ?? 0) + 1)

const isMention = (el: Element) => hasClass(el, 'confluence-userlink') || hasClass(el, 'user-mention') || el.attribs['data-username'] !== undefined

/**
 * Inline HTML as text nodes with the editor's marks (bold, italic, strike, code, link), hard
 * breaks and mentions. Only text, those marks and mentions of members come out: no attribute of
 * the source is copied except a link's href, and that only after the resolver and safeHref accept
 * it. Images of attachments and links to attachments are lifted (`ctx.lifted`) into image and file
 * blocks, which hold only the attachment the server stored: never a URL of the source.
 */
export function inlineNodes(nodes: ChildNode[], ctx: Ctx, marks: Mark[] = []): JsonNode[] {
  const out: JsonNode[] = []
  for (const node of nodes) {
    if (node.type === 'text' && node.data !== '') out.push(textNode(node.data.replace(/\s+/g, ' '), marks))
    if (!isElement(node)) continue
    const mark = MARKS[node.name]
    if (REMOVED.has(node.name)) remove(ctx, node)
    else if (node.name === 'br') out.push({ type: 'hardBreak' })
    else if (mark) out.push(...inlineNodes(node.children, ctx, marks.some((m) => m.type === mark) ? marks : [...marks, { type: mark }]))
    else if (node.name === 'img') out.push(...image(node, ctx, marks))
    else if (node.name === 'a') out.push(...link(node, ctx, marks))
    else {
      const macro = node.attribs['data-macro-name']
      if (macro) ctx.notes.warn(`inline macro "${macro.slice(0, 40)}" kept as its text`)
      out.push(...inlineNodes(node.children, ctx, marks))
    }
  }
  return out
}

/** Inline nodes with HTML's whitespace rules (runs collapsed across elements, none at the ends), equal neighbours merged. */
export function tidy(nodes: JsonNode[]): JsonNode[] {
  const out: JsonNode[] = []
  let afterSpace = true
  for (const n of nodes) {
    if (n.type !== 'text') {
      out.push(n)
      afterSpace = true
      continue
    }
    const t: string = afterSpace ? (n.text ?? '').replace(/^ /, '') : (n.text ?? '')
    if (t === '') continue
    const prev = out.at(-1)
    // Adjacent text with the same marks is one node, as the editor would hold it.
    if (prev?.type === 'text' && JSON.stringify(prev.marks) === JSON.stringify(n.marks)) out[out.length - 1] = { ...prev, text: prev.text + t }
    else out.push({ ...n, text: t })
    afterSpace = t.endsWith(' ')
  }
  // Trailing spaces and line breaks end nothing: drop them.
  while (out.length > 0) {
    const last: JsonNode = out[out.length - 1]!
    if (last.type === 'hardBreak') out.pop()
    else if (last.type === 'text' && last.text!.endsWith(' ')) {
      const trimmed = last.text!.replace(/ $/, '')
      if (trimmed !== '') {
        out[out.length - 1] = { ...last, text: trimmed }
        break
      }
      out.pop()
    } else break
  }
  return out
}

function link(el: Element, ctx: Ctx, marks: Mark[]): JsonNode[] {
  if (isMention(el)) return [mention(el, ctx, marks)]
  const raw = el.attribs.href
  if (raw === undefined) return inlineNodes(el.children, ctx, marks)
  const target = ctx.resolve(raw)
  if (target && 'file' in target) {
    // The link's words stay; the file follows the block.
    if (target.attachment) liftAttachment(ctx, target.attachment, 'file')
    return inlineNodes(
      el.children,
      ctx,
      marks.filter((m) => m.type !== 'link'),
    )
  }
  const href = target && 'href' in target ? safeHref(target.href) : null
  if (target && 'text' in target) ctx.notes.warn(target.text)
  else if (!href)
    ctx.notes.drop(`link to "${raw.slice(0, 100)}"`, 'not a safe URL (only http, https, mailto and links between the pages are kept): its text is kept')
  return inlineNodes(el.children, ctx, href ? [...marks.filter((m) => m.type !== 'link'), { type: 'link', attrs: { href } }] : marks)
}

/**
 * A user link (`a.confluence-userlink[data-username]`, href `…/display/~user`): a mention of the
 * member with that email, or whose email's local part is that username (when only one has it);
 * else the person's name as text.
 */
function mention(el: Element, ctx: Ctx, marks: Mark[]): JsonNode {
  const username = el.attribs['data-username'] ?? /\/~([^/?#]+)/.exec(el.attribs.href ?? '')?.[1] ?? null
  const name = (textOf(el) || username || 'someone').slice(0, 200)
  const member = memberOf(ctx.members, { email: el.attribs['data-email'] ?? null, username })
  if (member) return mentionNode({ id: member.id, name: member.name || name })
  ctx.notes.warn(`mention of "${name}" matches no member of the project by email or username: kept as the name`)
  return textNode(name, marks)
}

/**
 * An image: an attachment of the export becomes an image block after the paragraph (its
 * alias as the alt text); a remote one is kept as a link (nothing is fetched); Confluence's icons
 * and anything else are dropped and listed.
 */
function image(el: Element, ctx: Ctx, marks: Mark[]): JsonNode[] {
  const src = el.attribs.src ?? el.attribs['data-image-src'] ?? ''
  const alt = (el.attribs['data-linked-resource-default-alias'] || el.attribs.alt || basename(src.split('?')[0]!)).slice(0, 200)
  const target = ctx.resolveImage(src)
  if ('file' in target) {
    if (target.attachment) liftAttachment(ctx, target.attachment, 'image', alt)
    return !target.attachment && alt ? [textNode(`[image: ${alt}]`, marks)] : []
  }
  if ('remote' in target) {
    const href = safeHref(target.remote)
    ctx.notes.warn('remote images are kept as links (an import never fetches from the web)')
    return [textNode(alt || target.remote, href ? [...marks.filter((m) => m.type !== 'link'), { type: 'link', attrs: { href } }] : marks)]
  }
  ctx.notes.drop(`image ${src.slice(0, 200)}`, target.text)
  return []
}
