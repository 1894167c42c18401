import { useEffect } from 'react'
import { Link } from '../../components/Link.tsx'
import { hubPath, navigate } from '../../lib/router.ts'
import { EmptyState, PageShell } from '../../components/PageShell.tsx'
import { useProject } from './use-project.ts'

/** `/p/:projectId` (links from before the hub had its workspace in the path): replaced by the hub's URL. */
export function ProjectRedirect({ projectId }: { projectId: string }) {
  const project = useProject(projectId)
  const target = project.state === 'ready' ? hubPath(project.project.workspaceId, project.project.id) : null
  useEffect(() => {
    if (target !== null) navigate(target, { replace: true })
  }, [target])
  if (project.state === 'missing' || project.state === 'error') {
    return (
      <PageShell topBar={{ workspaceId: null, crumbs: [] }}>
        <EmptyState
          title={project.state === 'missing' ? "This project doesn't exist or isn't shared with you" : "This project can't be shown right now"}
          testId="project-unavailable"
        >
          <p>Check the link, or ask someone in its workspace for access.</p>
          <Link href="/" className="button">
            Go to your workspace
          </Link>
        </EmptyState>
      </PageShell>
    )
  }
  return <div className="splash" aria-busy="true" />
}
