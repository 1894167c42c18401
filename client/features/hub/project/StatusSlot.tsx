import { Link } from '../../../components/Link.tsx'
import { tasksPagePath } from '../../../lib/router.ts'
import { Section } from '../../../components/Section.tsx'
import { StatusDigest } from '../../tasks/StatusDigest.tsx'

/**
 * Where the project stands, from the task graph: progress per stage, blocked and overdue work,
 * and when the critical path ends, with a way into the full task views.
 */
export function StatusSlot({ projectId, workspaceId }: { projectId: string; workspaceId: string }) {
  return (
    <Section title="Status" testId="status-digest">
      <StatusDigest projectId={projectId} />
      <p className="section-footer">
        <Link href={tasksPagePath(workspaceId, projectId)}>Open the task list, board and dependency graph →</Link>
      </p>
    </Section>
  )
}
