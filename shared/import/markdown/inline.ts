import type { Token, Tokens } from 'marked'
import type { JsonNode } from '../../api/docs.ts'
import { safeHref } from '../../hub/safe-href.ts'
import type { Notes } from './notes.ts'

type Mark = NonNullable<JsonNode['marks']>[number]

/** What a link in the file becomes: a rewritten href (a Keel page), the same href, or plain text (with why). */
export type LinkResolver = (href: string) => { href: string } | { text: string } | null

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
 * outside the tags, stays) and noted. Images are not imported yet: noted, their alt text kept.
 */
export function inlineNodes(tokens: readonly Token[] | undefined, notes: Notes, resolve: LinkResolver, marks: Mark[] = []): JsonNode[] {
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
        if ('tokens' in token && token.tokens && token.tokens.length > 0) out.push(...inlineNodes(token.tokens, notes, resolve, marks))
        else text(decodeEntities((token as Tokens.Text).text))
        break
      case 'strong':
        out.push(...inlineNodes((token as Tokens.Strong).tokens, notes, resolve, [...marks, { type: 'bold' }]))
        break
      case 'em':
        out.push(...inlineNodes((token as Tokens.Em).tokens, notes, resolve, [...marks, { type: 'italic' }]))
        break
      case 'del':
        out.push(...inlineNodes((token as Tokens.Del).tokens, notes, resolve, [...marks, { type: 'strike' }]))
        break
      case 'codespan':
        text(decodeEntities((token as Tokens.Codespan).text), [{ type: 'code' }])
        break
      case 'br':
        out.push({ type: 'hardBreak' })
        break
      case 'link': {
        const link = token as Tokens.Link
        const target = resolve(link.href)
        const href = target && 'href' in target ? safeHref(target.href) : null
        if (target && 'text' in target) notes.warn(target.text)
        else if (!href) notes.warn(`link to "${link.href.slice(0, 100)}" is not a safe URL: kept as text`)
        out.push(...inlineNodes(link.tokens, notes, resolve, href ? [...marks, { type: 'link', attrs: { href } }] : marks))
        break
      }
      case 'image': {
        const image = token as Tokens.Image
        notes.drop(`image ${image.href.slice(0, 200)}`, 'skipped: attachments are not supported yet')
        if (image.text) text(`[image: ${image.text}]`)
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
  return out
}
