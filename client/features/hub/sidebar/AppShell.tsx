import { useEffect, type ReactNode } from 'react'
import { matchRoute, useLocation } from '../../../lib/router.ts'
import { QuickSwitcher } from '../../switcher/QuickSwitcher.tsx'
import { recordVisit } from '../../../lib/recent-docs.ts'
import { useProject } from '../use-project.ts'
import { Sidebar } from './Sidebar.tsx'
import { useSidebarProjectId } from './sidebar-store.ts'

/**
 * The signed-in app: the project sidebar (on document pages) beside the page. Rendered above the
 * route switch so the sidebar is not rebuilt on every navigation between documents. The quick
 * switcher (Ctrl/Cmd+K) lives here too: it works on every signed-in page.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation()
  const route = matchRoute(pathname)
  const projectId = useSidebarProjectId()
  const showing = route.kind === 'doc' && projectId !== null
  const project = useProject(showing ? projectId : null)
  const docId = route.kind === 'doc' ? route.docId : null
  useEffect(() => {
    if (docId !== null) recordVisit(docId)
  }, [docId])
  const sidebar = showing && project.state === 'ready' ? <Sidebar project={project.project} currentDocId={route.kind === 'doc' ? route.docId : null} /> : null
  // One structure whether or not the sidebar shows: the page below must never remount for it.
  return (
    <div className={`shell${sidebar ? ' shell--sidebar' : ''}`}>
      {sidebar}
      <div className="shell__main">{children}</div>
      <QuickSwitcher />
    </div>
  )
}
