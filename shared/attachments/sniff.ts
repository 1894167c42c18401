/**
 * The content type of an attachment, from its first bytes only. The upload's declared type is
 * never used: a browser sends whatever the OS guessed, and a script can send anything, so what
 * we serve inline (ATTACHMENT_LIMITS.inlineImageTypes) must be what the bytes are.
 *
 * Text is recognised by being valid UTF-8 without NUL bytes; among text types the file name's
 * extension only chooses the label (CSV, YAML, Markdown), which changes nothing about how the
 * file is served (every non-image is a download). SVG is text that a browser would run scripts
 * in: it is labelled image/svg+xml so the client can show a file card, and served as a download.
 */

/** Bytes of the file's head that sniffing looks at (the server keeps this many while storing). */
export const SNIFF_BYTES = 8192

export const OCTET_STREAM = 'application/octet-stream'

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((v, i) => b[at + i] === v)
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))

const MAGIC: readonly { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/png', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', test: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { type: 'image/webp', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  { type: 'application/pdf', test: (b) => startsWith(b, ascii('%PDF-')) },
  // A local file header, or the end record of an empty archive.
  { type: 'application/zip', test: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) },
  { type: 'application/gzip', test: (b) => startsWith(b, [0x1f, 0x8b]) },
]

/**
 * Whether `b` is UTF-8 (no NUL, no overlong forms or surrogates). With `truncated` (the head of a
 * longer file), a sequence cut off at the very end is allowed.
 */
export function isUtf8Text(b: Uint8Array, truncated = false): boolean {
  let i = 0
  while (i < b.length) {
    const c = b[i]!
    if (c === 0) return false
    if (c < 0x80) {
      i++
      continue
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (n < 0) return false
    if (i + n >= b.length) {
      // Cut off by the head's end: allowed for a head, and the bytes there must be continuations.
      if (!truncated) return false
      for (let k = i + 1; k < b.length; k++) if ((b[k]! & 0xc0) !== 0x80) return false
      return true
    }
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false
    const second = b[i + 1]!
    // Overlong three- and four-byte forms, UTF-16 surrogates, and code points past U+10FFFF.
    if (c === 0xe0 && second < 0xa0) return false
    if (c === 0xed && second > 0x9f) return false
    if (c === 0xf0 && second < 0x90) return false
    if (c === 0xf4 && second > 0x8f) return false
    i += n + 1
  }
  return true
}

/** The text's start without a BOM, comments, XML declaration or doctype, lower-cased (for SVG). */
function markupStart(text: string): string {
  let t = text.replace(/^\uFEFF/, '').trimStart()
  for (;;) {
    const next = t
      .replace(/^<\?xml[\s\S]*?\?>/i, '')
      .replace(/^<!--[\s\S]*?-->/, '')
      .replace(/^<!doctype[^>]*>/i, '')
      .trimStart()
    if (next === t) return t.slice(0, 5).toLowerCase()
    t = next
  }
}

const TEXT_BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  md: 'text/markdown',
}

const extensionOf = (name: string): string => /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? ''

/**
 * The content type of a file whose first bytes are `head`. `truncated`: the file is longer than
 * `head`. `name` (already cleaned) only labels text.
 */
export function sniffContentType(head: Uint8Array, options: { name?: string; truncated?: boolean } = {}): string {
  for (const m of MAGIC) if (m.test(head)) return m.type
  if (head.length === 0 || !isUtf8Text(head, options.truncated ?? false)) return OCTET_STREAM
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head)
  if (markupStart(text).startsWith('<svg')) return 'image/svg+xml'
  const labelled = TEXT_BY_EXTENSION[extensionOf(options.name ?? '')]
  if (labelled === 'application/json' && !/^\uFEFF?\s*[[{"]/.test(text)) return 'text/plain'
  return labelled ?? 'text/plain'
}
