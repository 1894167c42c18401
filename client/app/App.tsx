import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react'
import { KeyboardHelp } from '../components/KeyboardHelp.tsx'
import { isHelpKey } from '../lib/list-keys.ts'
import { HubPage } from '../features/hub/HubPage.tsx'
import { ProjectRedirect } from '../features/hub/ProjectRedirect.tsx'
import { AppShell } from '../features/hub/sidebar/AppShell.tsx'
import { SearchPage } from '../features/search/SearchPage.tsx'
import { MyTasksPage } from '../features/tasks/MyTasksPage.tsx'
import { TasksPage } from '../features/tasks/TasksPage.tsx'
import { ImportPage } from '../features/import/ImportPage.tsx'
import { RunsComparePage } from '../features/ml/RunsComparePage.tsx'
import { AccountPage } from '../pages/AccountPage.tsx'
import { DocumentPage } from '../pages/DocumentPage.tsx'
import { ForgotPasswordPage } from '../pages/ForgotPasswordPage.tsx'
import { HomePage } from '../pages/HomePage.tsx'
import { InvitePage } from '../pages/InvitePage.tsx'
import { NotFoundPage } from '../pages/NotFoundPage.tsx'
import { ResetPasswordPage } from '../pages/ResetPasswordPage.tsx'
import { SignInPage } from '../pages/SignInPage.tsx'
import { WorkspacePage } from '../pages/WorkspacePage.tsx'
import { isPublic, matchRoute, navigate, signInPath, useLocation, type Route } from '../lib/router.ts'
import { useSession } from '../lib/auth-session.tsx'

export function App() {
  const { pathname } = useLocation()
  const route = matchRoute(pathname)
  if (isPublic(route)) return <PublicPage route={route} />
  return (
    <RequireSession>
      <AppShell>
        <PrivatePage route={route} />
      </AppShell>
      <HelpKey />
    </RequireSession>
  )
}

/** "?" outside an editable field opens the keyboard help (components/KeyboardHelp.tsx). */
function HelpKey() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || !isHelpKey(event)) return
      event.preventDefault()
      setOpen((o) => !o)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return open ? <KeyboardHelp onClose={() => setOpen(false)} /> : null
}

function PublicPage({ route }: { route: Route }) {
  switch (route.kind) {
    case 'sign-in':
      return <SignInPage />
    case 'forgot-password':
      return <ForgotPasswordPage />
    case 'reset-password':
      return <ResetPasswordPage />
    case 'invite':
      return <InvitePage key={route.secret} secret={route.secret} />
    default:
      return <NotFoundPage />
  }
}

function PrivatePage({ route }: { route: Route }) {
  switch (route.kind) {
    case 'home':
      return <HomePage />
    case 'account':
      return <AccountPage />
    case 'workspace':
      return <WorkspacePage key={route.workspaceId} workspaceId={route.workspaceId} />
    case 'project':
      return <ProjectRedirect key={route.projectId} projectId={route.projectId} />
    case 'hub':
      return <HubPage key={route.projectId} workspaceId={route.workspaceId} projectId={route.projectId} />
    case 'doc':
      return <DocumentPage key={route.docId} docId={route.docId} />
    case 'tasks':
      return <TasksPage key={route.projectId} workspaceId={route.workspaceId} projectId={route.projectId} />
    case 'my-tasks':
      return <MyTasksPage />
    case 'search':
      return <SearchPage />
    case 'import':
      return <ImportPage key={route.projectId} workspaceId={route.workspaceId} projectId={route.projectId} />
    case 'runs':
      return <RunsComparePage key={route.projectId} workspaceId={route.workspaceId} projectId={route.projectId} />
    default:
      return <NotFoundPage />
  }
}

/** Every page but sign-in and invites needs a session: without one, sign in and come back here. */
function RequireSession({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession()
  const { href } = useLocation()

  useLayoutEffect(() => {
    if (state.status === 'signed-out') navigate(signInPath(href), { replace: true })
  }, [state.status, href])

  if (state.status === 'signed-in') return <>{children}</>
  if (state.status === 'unreachable') {
    return (
      <main className="empty-state" data-testid="unreachable">
        <h1>Keel can’t reach the server</h1>
        <p>You seem to be offline, and this device has no saved sign-in yet. Documents you opened before still work offline once you’ve signed in here.</p>
        <button type="button" className="button" onClick={() => void refresh()}>
          Try again
        </button>
      </main>
    )
  }
  return <div className="splash" aria-busy="true" />
}
