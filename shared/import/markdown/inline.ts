import type { Token, Tokens } from 'marked'
import type { JsonNode } from '../../api/docs.ts'
import type { AttachmentMeta } from '../../attachments/attachment.ts'
import { attachmentBlock, fileNode } from '../../doc/rich-nodes.ts'
import { safeHref } from '../../hub/safe-href.ts'
import type { Notes } from './notes.ts'

type Mark = NonNullable<JsonNode['marks']>[number]

/**
 * What a link in the file becomes: a rewritten href (a Keel page), the same href, plain text (with
 * why), or a file of the archive stored as an attachment (`attachment` null while it is not, or
 * could not be, stored: then the link's text stays, as text).
 */
export type LinkResolver = (href: string) => { href: string } | { text: string } | FileTarget | null
export interface FileTarget {
  file: string
  attachment: AttachmentMeta | null
}

/**
 * Where an image's src points: a file of the archive (stored as an attachment, or not yet), a
 * remote URL (kept as a link: the import fetches nothing), or nowhere it can read (text, with why).
 */
export type ImageResolver = (src: string) => FileTarget | { remote: string } | { text: string }

/** What inline conversion needs besides the tokens; `lifted` collects the blocks (images, files) that follow the current block. */
export interface InlineCtx {
  notes: Notes
  resolve: LinkResolver
  resolveImage: ImageResolver
  lifted: JsonNode[]
}

/** Remote images stay links: an import never fetches from the network (and a src of ours is only ever an attachment URL). */
export const remoteImage = (src: string): { remote: string } | null => (/^https?:\/\//i.test(src.trim()) ? { remote: src.trim() } : null)

/** The blocks an inline reference to an attachment adds after its block: an image (or a file, for types not shown inline) or a file. */
export function liftAttachment(ctx: { lifted: JsonNode[] }, attachment: AttachmentMeta, as: 'image' | 'file', alt = ''): void {
  if (as === 'file') {
    // A file linked twice from one block is one file block.
    if (!ctx.lifted.some((n) => n.attrs?.attachmentId === attachment.id)) ctx.lifted.push(fileNode(attachment))
  } else ctx.lifted.push(attachmentBlock(attachment, alt))
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', mdash: '—', ndash: '–', hellip: '…' }

/** marked leaves character references as written (a renderer would pass them to HTML): decode the usual ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (all, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : all
    }
    return ENTITIES[ref.toLowerCase()] ?? all
  })
}

/**
 * Inline tokens as text nodes with the editor's marks (bold, italic, strike, code, link) and hard
 * breaks. Raw HTML never passes through: inline tags are removed (their text content, written
 * outside the tags, stays) and noted. An image of the archive, or a link to a file of it that is
 * not a page, is lifted out of the text into a block of its own after the current block
 * (`ctx.lifted`, in order): Keel's images and files are blocks, and the file block (not a link
 * to the attachment's URL) is what export, backup and search know as a reference to the file.
 */
export function inlineNodes(tokens: readonly Token[] | undefined, ctx: InlineCtx, marks: Mark[] = []): JsonNode[] {
  const { notes } = ctx
  const out: JsonNode[] = []
  const text = (t: string, extra: Mark[] = []) => {
    if (t === '') return
    const all = [...marks, ...extra]
    out.push(all.length > 0 ? { type: 'text', text: t, marks: all } : { type: 'text', text: t })
  }
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'text':
      case 'escape':
        if ('tokens' in token && token.tokens && token.tokens.length > 0) out.push(...inlineNodes(token.tokens, ctx, marks))
        else text(decodeEntities((token as Tokens.Text).text))
        break
      case 'strong':
        out.push(...inlineNodes((token as Tokens.Strong).tokens, ctx, [...marks, { type: 'bold' }]))
        break
      case 'em':
        out.push(...inlineNodes((token as Tokens.Em).tokens, ctx, [...marks, { type: 'italic' }]))
        break
      case 'del':
        out.push(...inlineNodes((token as Tokens.Del).tokens, ctx, [...marks, { type: 'strike' }]))
        break
      case 'codespan':
        text(decodeEntities((token as Tokens.Codespan).text), [{ type: 'code' }])
        break
      case 'br':
        out.push({ type: 'hardBreak' })
        break
      case 'link': {
        const link = token as Tokens.Link
        const target = ctx.resolve(link.href)
        if (target && 'file' in target) {
          // The link's words stay where they were; the file follows the block.
          if (target.attachment) liftAttachment(ctx, target.attachment, 'file')
          out.push(...inlineNodes(link.tokens, ctx, marks))
          break
        }
        const href = target && 'href' in target ? safeHref(target.href) : null
        if (target && 'text' in target) notes.warn(target.text)
        else if (!href) notes.warn(`link to "${link.href.slice(0, 100)}" is not a safe URL: kept as text`)
        out.push(...inlineNodes(link.tokens, ctx, href ? [...marks, { type: 'link', attrs: { href } }] : marks))
        break
      }
      case 'image': {
        const image = token as Tokens.Image
        const alt = decodeEntities(image.text ?? '').slice(0, 500)
        const target = ctx.resolveImage(image.href)
        if ('file' in target) {
          if (target.attachment) liftAttachment(ctx, target.attachment, 'image', alt)
          else if (alt) text(`[image: ${alt}]`)
        } else if ('remote' in target) {
          const href = safeHref(target.remote)
          notes.warn('remote images are kept as links (an import never fetches from the web)')
          text(alt || target.remote, href ? [{ type: 'link', attrs: { href } }] : [])
        } else {
          notes.warn(target.text)
          if (alt) text(`[image: ${alt}]`)
        }
        break
      }
      case 'html':
        notes.html()
        break
      default:
        // A token kind we do not map (footnote refs, extensions): its raw text, so nothing is lost.
        if ('raw' in token && typeof token.raw === 'string') text(token.raw)
    }
  }
  return mergeText(out)
}

/** Adjacent text with the same marks as one node, as the editor holds it (removed tags and lifted images leave neighbours). */
function mergeText(nodes: JsonNode[]): JsonNode[] {
  const out: JsonNode[] = []
  for (const n of nodes) {
    const prev = out.at(-1)
    if (n.type === 'text' && prev?.type === 'text' && JSON.stringify(prev.marks) === JSON.stringify(n.marks))
      out[out.length - 1] = { ...prev, text: prev.text! + n.text! }
    else out.push(n)
  }
  return out
}
