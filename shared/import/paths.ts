import { IMPORT_LIMITS } from '../limits.ts'

/**
 * A zip entry's name as a safe relative path (`a/b/c.md`), or why it is refused. Backslashes are
 * read as separators (Windows zips) before the checks, so `..\..\x` is caught too.
 */
export function safeEntryPath(name: string, limits: Pick<typeof IMPORT_LIMITS, 'maxPathLength' | 'maxDepth'> = IMPORT_LIMITS): string | { reason: string } {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return { reason: 'control characters in the path' }
  const unified = name.replace(/\\/g, '/')
  if (unified.startsWith('/')) return { reason: 'an absolute path' }
  if (/^[A-Za-z]:/.test(unified)) return { reason: 'a drive letter in the path' }
  const parts = unified.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.includes('..')) return { reason: 'a `..` segment (path traversal)' }
  if (unified.length > limits.maxPathLength) return { reason: `a path longer than ${limits.maxPathLength} characters` }
  if (parts.length > limits.maxDepth) return { reason: `more than ${limits.maxDepth} folders deep` }
  return parts.join('/') + (unified.endsWith('/') && parts.length > 0 ? '/' : '')
}

export const dirname = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '')
export const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1)

/**
 * Where a relative link in file `from` points inside the import (`../runbooks/x.md` from
 * `specs/a.md` is `runbooks/x.md`), or null when it leaves the import's root or is not relative.
 */
export function resolveRelative(from: string, href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return null
  let target: string
  try {
    target = decodeURIComponent(href)
  } catch {
    target = href
  }
  const parts = target.startsWith('/') ? [] : dirname(from).split('/').filter(Boolean)
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (parts.length === 0) return null
      parts.pop()
    } else parts.push(seg)
  }
  return parts.length > 0 ? parts.join('/') : null
}
