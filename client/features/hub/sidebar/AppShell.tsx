import { useEffect, useRef, type ReactNode } from 'react'
import { matchRoute, useLocation, type Route } from '../../../lib/router.ts'
import { setNavDrawerOpen, useNavDrawerOpen } from '../../../lib/nav-drawer.ts'
import { QuickSwitcher } from '../../switcher/QuickSwitcher.tsx'
import { recordVisit } from '../../../lib/recent-docs.ts'
import { useProject } from '../use-project.ts'
import { Sidebar } from './Sidebar.tsx'
import { useShowSidebar, useSidebarProjectId } from './sidebar-store.ts'

/** The project a route names in its path (its page tree shows at once, before the page loads). */
const routeProject = (route: Route): string | null =>
  route.kind === 'hub' || route.kind === 'tasks' || route.kind === 'runs' || route.kind === 'import' ? route.projectId : null

/** Pages that show the project's page tree: documents, a project's hub, tasks, runs and import, and my tasks (the last project). */
const withTree = (route: Route): boolean => route.kind === 'doc' || route.kind === 'my-tasks' || routeProject(route) !== null

/**
 * The signed-in app: the project sidebar (on document and project pages) beside the page.
 * Rendered above the route switch so the sidebar is not rebuilt on every navigation between
 * pages. On a narrow screen the sidebar is a drawer, opened from the top bar's menu button and
 * closed by a navigation, Escape or a tap outside. The quick switcher (Ctrl/Cmd+K) lives here
 * too: it works on every signed-in page.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation()
  const route = matchRoute(pathname)
  const fromRoute = routeProject(route)
  useShowSidebar(fromRoute)
  const stored = useSidebarProjectId()
  const projectId = fromRoute ?? stored
  const showing = withTree(route) && projectId !== null
  const project = useProject(showing ? projectId : null)
  const docId = route.kind === 'doc' ? route.docId : null
  useEffect(() => {
    if (docId !== null) recordVisit(docId)
  }, [docId])
  const drawerOpen = useNavDrawerOpen()
  useEffect(() => setNavDrawerOpen(false), [pathname])
  const drawer = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!drawerOpen) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') setNavDrawerOpen(false)
    }
    document.addEventListener('keydown', onKey)
    // Into the drawer, so a keyboard or screen reader user lands in it.
    drawer.current?.querySelector<HTMLElement>('a, button')?.focus()
    return () => document.removeEventListener('keydown', onKey)
  }, [drawerOpen])
  const ready = showing && project.state === 'ready' && project.project.id === projectId
  const sidebar = ready ? <Sidebar project={project.project} currentDocId={docId} /> : null
  // One structure whether or not the sidebar shows: the page below must never remount for it.
  return (
    <div className={`shell${sidebar ? ' shell--sidebar' : ''}${sidebar && drawerOpen ? ' shell--drawer-open' : ''}`}>
      <div className="shell__nav" id="nav-drawer" ref={drawer}>
        {sidebar}
      </div>
      {sidebar && drawerOpen && <div className="shell__scrim" data-testid="nav-scrim" aria-hidden="true" onClick={() => setNavDrawerOpen(false)} />}
      <div className="shell__main">{children}</div>
      <QuickSwitcher />
    </div>
  )
}
