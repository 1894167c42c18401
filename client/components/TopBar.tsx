import type { ReactNode } from 'react'
import { Link } from './Link.tsx'
import { useReportWorkspace } from '../lib/recent-docs.ts'
import { setNavDrawerOpen, useNavDrawerOpen } from '../lib/nav-drawer.ts'
import { UserMenu } from './UserMenu.tsx'
import { InboxBell } from './inbox/InboxBell.tsx'
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx'

export interface Crumb {
  label: string
  href?: string
  /** Shown faint (an untitled document, a name still loading). */
  placeholder?: boolean
  testId?: string
}

export interface TopBarProps {
  /** The workspace the page belongs to, for the switcher (null: not known yet). */
  workspaceId: string | null
  crumbs: readonly Crumb[]
  /** Right-hand status for the page (presence, badges on a document). */
  children?: ReactNode
}

/** Where you are (workspace / project / document), the page's status, and your account. */
export function TopBar({ workspaceId, crumbs, children }: TopBarProps) {
  // The quick switcher and the link picker search the workspace of the page you are on.
  useReportWorkspace(workspaceId)
  const drawerOpen = useNavDrawerOpen()
  // A crumb with no words would draw as "/ /": leave it out.
  const shown = crumbs.filter((c) => c.label.trim() !== '')
  return (
    <header className="topbar">
      {/* Shown only on a narrow screen beside a page that has the page tree (topbar.css). */}
      <button
        type="button"
        className="topbar__menu"
        aria-label={drawerOpen ? 'Close pages' : 'Pages'}
        aria-expanded={drawerOpen}
        aria-controls="nav-drawer"
        data-testid="nav-menu"
        onClick={() => setNavDrawerOpen(!drawerOpen)}
      >
        <MenuIcon />
      </button>
      <nav className="topbar__left" aria-label="Breadcrumb">
        <Link href="/" className="wordmark" aria-label="Keel home">
          <KeelMark />
        </Link>
        <WorkspaceSwitcher workspaceId={workspaceId} />
        {shown.map((crumb, i) => (
          <span key={i} className={`crumb${crumb.href ? ' crumb--ancestor' : ''}`}>
            <span className="topbar__sep" aria-hidden="true">
              /
            </span>
            {crumb.href ? (
              <Link href={crumb.href} className={`crumb__link${crumb.placeholder ? ' crumb--placeholder' : ''}`} data-testid={crumb.testId} title={crumb.label}>
                {crumb.label}
              </Link>
            ) : (
              <span
                className={`crumb__current${crumb.placeholder ? ' crumb--placeholder' : ''}`}
                data-testid={crumb.testId}
                title={crumb.label}
                aria-current="page"
              >
                {crumb.label}
              </span>
            )}
          </span>
        ))}
      </nav>
      <div className="topbar__right">
        {children}
        <InboxBell />
        <UserMenu />
      </div>
    </header>
  )
}

function MenuIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
      <path d="M3.5 5.5h13M3.5 10h13M3.5 14.5h13" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" fill="none" />
    </svg>
  )
}

/** A hull and keel, drawn small enough to sit next to the workspace name. */
function KeelMark() {
  return (
    <svg className="wordmark__mark" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="currentColor" />
      <path d="M5 9.5h14l-2.6 5.2a2 2 0 0 1-1.8 1.1H9.4a2 2 0 0 1-1.8-1.1z" fill="#fff" className="mark__cut" />
      <path d="M12 15.8v3.2" stroke="#fff" className="mark__keel" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}
