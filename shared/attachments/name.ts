import { ATTACHMENT_LIMITS } from '../limits.ts'

/** Longest extension kept whole when a long name is cut (".parquet", ".safetensors"). */
const MAX_EXTENSION_CHARS = 16

/**
 * An uploaded file's name as we store and show it: the last path segment only (a browser or a
 * zip may send `C:\Users\me\plot.png` or `../../x`), without control or format characters (no
 * bidi overrides that make `gpj.exe` read as `exe.jpg`), whitespace collapsed, at most
 * `ATTACHMENT_LIMITS.maxNameChars` code points with the extension kept, and never empty.
 */
export function cleanAttachmentName(raw: string): string {
  const segment = raw.split(/[/\\]/).pop() ?? ''
  const cleaned = segment
    .normalize('NFC')
    // Line breaks and tabs separate words: spaces; every other control character goes.
    .replace(/[\t\n\r\v\f]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return 'file'
  const chars = [...cleaned]
  if (chars.length <= ATTACHMENT_LIMITS.maxNameChars) return cleaned
  const dot = cleaned.lastIndexOf('.')
  const extension = dot > 0 ? [...cleaned.slice(dot)] : []
  const keep = extension.length > 1 && extension.length <= MAX_EXTENSION_CHARS ? extension : []
  const base = chars
    .slice(0, ATTACHMENT_LIMITS.maxNameChars - keep.length)
    .join('')
    .trimEnd()
  return base + keep.join('')
}
