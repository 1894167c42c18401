/**
 * The path of a request as the log may show it. Query strings never appear (sync tickets travel
 * there), and path segments that are secrets themselves (one-time sign-in links, invite links)
 * are replaced: a log file is read by more people than should be able to sign in as someone.
 */
const SECRET_SEGMENTS = [/^(\/auth\/link\/)[^/]+/, /^(\/api\/invites\/)[^/]+/]

export function loggedPath(url: string): string {
  let path = url.split('?')[0] ?? ''
  for (const pattern of SECRET_SEGMENTS) path = path.replace(pattern, '$1[secret]')
  return path
}
