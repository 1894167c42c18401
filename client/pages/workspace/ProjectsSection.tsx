import { useState, type FormEvent } from 'react'
import { canManage } from '#shared/auth/roles'
import { api, describeError } from '../../lib/http.ts'
import type { ProjectView, Role } from '../../lib/api-types.ts'
import { roleLabel } from '../../lib/format.ts'
import { Link } from '../../components/Link.tsx'
import { hubPath, navigate } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

export function ProjectsSection({ workspaceId, role }: { workspaceId: string; role: Role }) {
  const projects = useApi<ProjectView[]>(`/api/workspaces/${encodeURIComponent(workspaceId)}/projects`)
  const [creating, setCreating] = useState(false)
  // Projects are workspace structure: owners create them (docs/ROLES.md).
  const canCreate = canManage(role)

  return (
    <Section
      title="Projects"
      description="Each project holds its documents. Everyone in the workspace can open them."
      testId="projects-section"
      action={
        canCreate &&
        !creating && (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New project
          </button>
        )
      }
    >
      {creating && <NewProjectForm workspaceId={workspaceId} onCancel={() => setCreating(false)} />}
      <SectionState
        loaded={projects}
        empty={projects.data?.length === 0}
        emptyText={canCreate ? 'No projects yet. Create one to start writing.' : 'No projects yet.'}
      >
        <ul className="project-grid">
          {projects.data?.map((p) => (
            <li key={p.id}>
              <Link href={hubPath(p.workspaceId, p.id)} className="project-card" data-testid="project-link">
                <span className="project-card__icon" aria-hidden="true">
                  {p.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="project-card__name">{p.name}</span>
                <span className="project-card__meta">{roleLabel[p.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}

function NewProjectForm({ workspaceId, onCancel }: { workspaceId: string; onCancel: () => void }) {
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const project = await api<ProjectView>(`/api/workspaces/${encodeURIComponent(workspaceId)}/projects`, { method: 'POST', body: { name } })
      navigate(hubPath(project.workspaceId, project.id))
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <input
        className="input"
        placeholder="Project name, e.g. Churn model v3"
        aria-label="Project name"
        maxLength={120}
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="button button--primary" disabled={busy || name.trim() === ''}>
        {busy ? 'Creating…' : 'Create project'}
      </button>
      <button type="button" className="button button--ghost" onClick={onCancel}>
        Cancel
      </button>
      {error && <FormMessage tone="error">{error}</FormMessage>}
    </form>
  )
}
