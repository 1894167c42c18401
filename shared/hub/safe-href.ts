/**
 * Which URLs Keel renders as clickable links. Every `href` that comes from content (a link mark,
 * a run's tracker URL, a checklist item's evidence) passes through here, whoever wrote it: a
 * paste, the REST API, or a raw Yjs update that never met a server-side schema.
 */

/** Schemes a link may use. Everything else (javascript:, data:, vbscript:, file:, blob:, …) is refused. */
export const LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const
/** For links that open an external web page (tracker, evidence). */
export const WEB_PROTOCOLS = ['http', 'https'] as const

/** What a browser ignores when it reads a URL: leading/trailing C0 controls and spaces; tabs and newlines anywhere. */
// eslint-disable-next-line no-control-regex -- matching C0 control characters is the point
const trim = (url: string): string => url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
const BASE = 'https://keel.invalid/'

/**
 * `url` if following it is safe, else null. Safe: an absolute URL whose scheme (as the browser
 * parses it) is one of `protocols`, or a path on this site (`/d/…`; not `//host`, not `/\host`).
 */
export function safeHref(url: unknown, protocols: readonly string[] = LINK_PROTOCOLS): string | null {
  if (typeof url !== 'string') return null
  const s = trim(url)
  if (s === '' || s.length > 4000) return null
  let parsed: URL
  try {
    parsed = new URL(s, BASE)
  } catch {
    return null
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return protocols.includes(parsed.protocol.slice(0, -1).toLowerCase()) ? url : null
  // No scheme: a path relative to this site, and it must stay on this site.
  return s.startsWith('/') && parsed.origin === new URL(BASE).origin ? url : null
}

export const isSafeHref = (url: unknown, protocols?: readonly string[]): boolean => safeHref(url, protocols) !== null
