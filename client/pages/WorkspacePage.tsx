import { useEffect } from 'react'
import { canManage } from '#shared/auth/roles'
import { ApiError, describeError } from '../lib/http.ts'
import type { WorkspaceView } from '../lib/api-types.ts'
import { aRole } from '../lib/format.ts'
import { Link } from '../components/Link.tsx'
import { useMe } from '../lib/auth-session.tsx'
import { useApi } from '../lib/use-api.ts'
import { EmptyState, PageShell } from '../components/PageShell.tsx'
import { AuditSection } from './workspace/AuditSection.tsx'
import { DeletedPagesSection } from './workspace/DeletedPagesSection.tsx'
import { HistorySection } from './workspace/HistorySection.tsx'
import { BackupsSection } from './workspace/BackupsSection.tsx'
import { InvitesSection } from './workspace/InvitesSection.tsx'
import { MembersSection } from './workspace/MembersSection.tsx'
import { ProjectsSection } from './workspace/ProjectsSection.tsx'
import { TokensSection } from './workspace/TokensSection.tsx'

/** `/w/:workspaceId`: its projects, its people, invite links and your API tokens for it. */
export function WorkspacePage({ workspaceId }: { workspaceId: string }) {
  const me = useMe()
  const workspace = useApi<WorkspaceView>(`/api/workspaces/${encodeURIComponent(workspaceId)}`)
  const name = workspace.data?.name ?? me.workspaces.find((w) => w.id === workspaceId)?.name

  useEffect(() => {
    document.title = `${name ?? 'Workspace'} · Keel`
  }, [name])

  const topBar = { workspaceId, crumbs: [] }
  if (workspace.error) {
    const missing = workspace.error instanceof ApiError && workspace.error.status === 404
    return (
      <PageShell topBar={topBar}>
        <EmptyState
          title={missing ? "This workspace doesn't exist or you're not a member" : "This workspace can't be shown right now"}
          testId="workspace-unavailable"
        >
          <p>{missing ? 'Ask one of its owners for an invite link.' : describeError(workspace.error)}</p>
          <Link href="/" className="button">
            Go to your workspace
          </Link>
        </EmptyState>
      </PageShell>
    )
  }

  const role = workspace.data?.role
  return (
    <PageShell topBar={topBar} testId="workspace-page">
      <div className="screen__column">
        <header className="screen__header">
          <h1 className="screen__title">{name ?? ' '}</h1>
          {role && <p className="screen__subtitle">You’re {aRole(role)} in this workspace.</p>}
        </header>
        {role && (
          <>
            <ProjectsSection workspaceId={workspaceId} role={role} />
            <MembersSection workspaceId={workspaceId} role={role} />
            {canManage(role) && <InvitesSection workspaceId={workspaceId} />}
            {me.via === 'session' && <TokensSection workspaceId={workspaceId} />}
            {role === 'owner' && <DeletedPagesSection workspaceId={workspaceId} />}
            {role === 'owner' && <HistorySection workspaceId={workspaceId} />}
            {/* Backups cover the whole server: only an instance administrator (always a session) sees them. */}
            {role === 'owner' && me.admin && <BackupsSection workspaceId={workspaceId} />}
            {role === 'owner' && me.via === 'session' && <AuditSection workspaceId={workspaceId} />}
          </>
        )}
      </div>
    </PageShell>
  )
}
