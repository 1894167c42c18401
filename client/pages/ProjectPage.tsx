import { useEffect, useState } from 'react'
import { canEdit } from '#shared/auth/roles'
import { api, ApiError, describeError } from '../api/http.ts'
import type { DocSummary, ProjectView } from '../api/types.ts'
import { aRole, timeAgo } from '../app/format.ts'
import { Link } from '../app/Link.tsx'
import { docPath, navigate } from '../app/router.ts'
import { useApi } from '../app/use-api.ts'
import { FormMessage } from '../components/Field.tsx'
import { EmptyState, PageShell } from '../components/PageShell.tsx'
import { Section, SectionState } from './workspace/Section.tsx'

/** `/p/:projectId`: the project's documents, newest first, and a way to start one. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const project = useApi<ProjectView>(`/api/projects/${encodeURIComponent(projectId)}`)
  const docs = useApi<DocSummary[]>(`/api/projects/${encodeURIComponent(projectId)}/docs`)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const p = project.data

  useEffect(() => {
    document.title = `${p?.name ?? 'Project'} · Keel`
  }, [p?.name])

  const topBar = { workspaceId: p?.workspaceId ?? null, crumbs: p ? [{ label: p.name }] : [] }
  if (project.error) {
    const missing = project.error instanceof ApiError && project.error.status === 404
    return (
      <PageShell topBar={topBar}>
        <EmptyState title={missing ? "This project doesn't exist or isn't shared with you" : "This project can't be shown right now"} testId="project-unavailable">
          <p>{missing ? 'Check the link, or ask someone in its workspace for access.' : describeError(project.error)}</p>
          <Link href="/" className="button">
            Go to your workspace
          </Link>
        </EmptyState>
      </PageShell>
    )
  }

  const create = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const doc = await api<DocSummary>(`/api/projects/${encodeURIComponent(projectId)}/docs`, { method: 'POST', body: { title: '' } })
      navigate(docPath(doc.id))
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  const sorted = docs.data ? [...docs.data].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) : undefined
  const editor = p !== undefined && canEdit(p.role)
  return (
    <PageShell topBar={topBar} testId="project-page">
      <div className="screen__column">
        <header className="screen__header screen__header--row">
          <div>
            <h1 className="screen__title">{p?.name ?? ' '}</h1>
            {p && (
              <p className="screen__subtitle">
                {sorted ? `${sorted.length} ${sorted.length === 1 ? 'document' : 'documents'} · ` : ''}You’re {aRole(p.role)} here.
              </p>
            )}
          </div>
          {editor && (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void create()} data-testid="new-document">
              {busy ? 'Creating…' : 'New document'}
            </button>
          )}
        </header>
        {error && <FormMessage tone="error">{error}</FormMessage>}
        <Section title="Documents" testId="documents-section">
          <SectionState
            loaded={{ ...docs, data: sorted, mutate: () => {} }}
            empty={sorted?.length === 0}
            emptyText={editor ? 'No documents yet. Start one with “New document”.' : 'No documents yet.'}
          >
            <ul className="rows">
              {sorted?.map((d) => (
                <li key={d.id}>
                  <Link href={docPath(d.id)} className="row row--link" data-testid="doc-link">
                    <span className="row__icon" aria-hidden="true">
                      <DocIcon />
                    </span>
                    <div className="row__main">
                      <div className={`row__title${d.title ? '' : ' row__title--placeholder'}`}>{d.title || 'Untitled'}</div>
                    </div>
                    <span className="row__meta">Edited {timeAgo(d.updatedAt)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </SectionState>
        </Section>
      </div>
    </PageShell>
  )
}

function DocIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round">
      <path d="M4 1.75h5.5L12.5 4.75v9.5H4z" />
      <path d="M9.25 1.75v3.25h3.25M6 8h4.5M6 10.75h4.5" strokeLinecap="round" />
    </svg>
  )
}
