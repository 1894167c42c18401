import { useSyncExternalStore } from 'react'
import { DOC_ID_PATTERN } from '#shared/limits'

/**
 * A handful of routes does not need a library: the path lives in `location`, changes go through
 * the History API, and back/forward arrive as `popstate`. `navigate` dispatches its own event
 * because pushState does not fire popstate.
 */
const NAVIGATE_EVENT = 'keel:navigate'

export type Route =
  | { kind: 'home' }
  | { kind: 'sign-in' }
  /** "Forgot password?": ask for a reset link. */
  | { kind: 'forgot-password' }
  /** A reset link lands here; its secret is the URL fragment (never sent to the server). */
  | { kind: 'reset-password' }
  | { kind: 'invite'; secret: string }
  | { kind: 'account' }
  | { kind: 'workspace'; workspaceId: string }
  | { kind: 'project'; projectId: string }
  /** The project hub; `/p/:projectId` (older links) redirects here once the workspace is known. */
  | { kind: 'hub'; workspaceId: string; projectId: string }
  | { kind: 'doc'; docId: string }
  /** A project's tasks: list, board, graph (client/features/tasks). */
  | { kind: 'tasks'; workspaceId: string; projectId: string }
  /** Tasks assigned to me across projects. */
  | { kind: 'my-tasks' }
  /** Every experiment run of a project, filtered, sorted and compared (client/features/ml, client/blocks/ml). */
  | { kind: 'runs'; workspaceId: string; projectId: string }
  /** The import wizard (client/features/import); `?job=<id>` names the import being shown. */
  | { kind: 'import'; workspaceId: string; projectId: string }
  /** Full-text search results (client/features/search); the query and filters are the query string. */
  | { kind: 'search' }
  | { kind: 'not-found' }

/** Routes anyone may open; every other page needs a session. */
export const isPublic = (route: Route): boolean =>
  route.kind === 'sign-in' || route.kind === 'forgot-password' || route.kind === 'reset-password' || route.kind === 'invite' || route.kind === 'not-found'

const ID = /^[A-Za-z0-9_-]{1,128}$/

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/' || path === '') return { kind: 'home' }
  if (path === '/sign-in') return { kind: 'sign-in' }
  if (path === '/forgot-password') return { kind: 'forgot-password' }
  if (path === '/reset-password') return { kind: 'reset-password' }
  if (path === '/settings/account') return { kind: 'account' }
  if (path === '/me/tasks') return { kind: 'my-tasks' }
  if (path === '/search') return { kind: 'search' }
  // A project's pages: its hub (`/w/:ws/p/:project`), and its tasks, runs and import pages below it.
  const project = /^\/w\/([^/]+)\/p\/([^/]+)(?:\/(tasks|runs|import))?$/.exec(path)
  if (project) {
    const [workspaceId, projectId] = [decode(project[1]!), decode(project[2]!)]
    if (workspaceId === null || projectId === null || !ID.test(workspaceId) || !ID.test(projectId)) return { kind: 'not-found' }
    return { kind: (project[3] ?? 'hub') as 'hub' | 'tasks' | 'runs' | 'import', workspaceId, projectId }
  }
  const m = /^\/(d|w|p|invite)\/([^/]+)$/.exec(path)
  const id = m ? decode(m[2]!) : null
  if (!m || id === null) return { kind: 'not-found' }
  switch (m[1]) {
    case 'd':
      return DOC_ID_PATTERN.test(id) ? { kind: 'doc', docId: id } : { kind: 'not-found' }
    case 'w':
      return ID.test(id) ? { kind: 'workspace', workspaceId: id } : { kind: 'not-found' }
    case 'p':
      return ID.test(id) ? { kind: 'project', projectId: id } : { kind: 'not-found' }
    default:
      return id.length <= 200 ? { kind: 'invite', secret: id } : { kind: 'not-found' }
  }
}

export const docPath = (docId: string): string => `/d/${encodeURIComponent(docId)}`
export const workspacePath = (id: string): string => `/w/${encodeURIComponent(id)}`
export const projectPath = (id: string): string => `/p/${encodeURIComponent(id)}`
export const hubPath = (workspaceId: string, projectId: string): string => `/w/${encodeURIComponent(workspaceId)}/p/${encodeURIComponent(projectId)}`
export const tasksPagePath = (workspaceId: string, projectId: string): string =>
  `/w/${encodeURIComponent(workspaceId)}/p/${encodeURIComponent(projectId)}/tasks`
export const importPagePath = (workspaceId: string, projectId: string): string =>
  `/w/${encodeURIComponent(workspaceId)}/p/${encodeURIComponent(projectId)}/import`
export const myTasksPath = '/me/tasks'
export const searchPath = (q: string): string => `/search?q=${encodeURIComponent(q)}`
/** A block of a document: tasks keep their `#task-` links (board, graph), other blocks `#block-` (search hits). */
export const blockHref = (docId: string, blockId: string | null, kind?: string): string =>
  docPath(docId) + (blockId === null ? '' : kind === 'task' ? `#task-${encodeURIComponent(blockId)}` : `#block-${encodeURIComponent(blockId)}`)
export const signInPath = (next: string): string => `/sign-in?next=${encodeURIComponent(next)}`

/** Only same-app paths are followed after signing in (never `//evil.example` or a full URL). */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/'
}

export function navigate(path: string, { replace = false } = {}): void {
  if (path === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

/** The current path and query string, e.g. `/sign-in?next=%2Fd%2Fabc`. */
export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, () => location.pathname + location.search)
  const q = href.indexOf('?')
  return { pathname: q === -1 ? href : href.slice(0, q), search: new URLSearchParams(q === -1 ? '' : href.slice(q)), href }
}
