import { useEffect } from 'react'
import { canEdit } from '#shared/auth/roles'
import type { ProjectView } from '../../lib/api-types.ts'
import { hubPath } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { EmptyState, PageShell } from '../../components/PageShell.tsx'
import { ImportWizard } from './ImportWizard.tsx'
import './import.css'

/** `/w/:ws/p/:project/import`: bring Markdown, Confluence, Notion or Jira exports into the project (the wizard), for its editors. */
export function ImportPage({ workspaceId, projectId }: { workspaceId: string; projectId: string }) {
  const project = useApi<ProjectView>(`/api/projects/${encodeURIComponent(projectId)}`)
  const p = project.data
  useEffect(() => {
    document.title = `Import · ${p?.name ?? 'Project'} · Keel`
  }, [p?.name])
  const topBar = { workspaceId, crumbs: p ? [{ label: p.name, href: hubPath(workspaceId, projectId) }, { label: 'Import' }] : [] }
  if (p && !canEdit(p.role)) {
    return (
      <PageShell topBar={topBar}>
        <EmptyState title="Only editors of this project can import" testId="import-forbidden" />
      </PageShell>
    )
  }
  return (
    <PageShell topBar={topBar} testId="import-page">
      <div className="screen__column import-page">
        <h1 className="screen__title">Import</h1>
        <p className="screen__subtitle">
          Markdown, Confluence, Notion or Jira into {p?.name ?? 'this project'}. Nothing is written until you run it; an import can be undone as one action.
        </p>
        <ImportWizard projectId={projectId} onDone={() => {}} />
      </div>
    </PageShell>
  )
}
