import { useEffect, useState } from 'react'
import { PAGE_TYPES, SEARCH_KINDS, type FullTextHit, type SearchResults } from '#shared/api/search'
import { TASK_STAGES, TASK_STATUSES } from '#shared/blocks/task'
import { STAGE_LABEL, STATUS_LABEL } from '../../blocks/task/api.ts'
import { Link } from '../../components/Link.tsx'
import { PageShell } from '../../components/PageShell.tsx'
import { useMe } from '../../lib/auth-session.tsx'
import type { ProjectView } from '../../lib/api-types.ts'
import { api } from '../../lib/http.ts'
import { navigate, useLocation } from '../../lib/router.ts'
import { searchUrl, type SearchFilters, useFullTextSearch } from '../../lib/use-full-text.ts'
import { hitHref, KIND_LABEL, withoutTitleEchoes } from './hits.ts'
import { Highlighted } from './Highlighted.tsx'
import './search.css'

const FILTERS = ['projectId', 'kind', 'type', 'status', 'stage', 'since'] as const
const TYPE_LABEL: Record<(typeof PAGE_TYPES)[number], string> = {
  'experiment-log': 'Experiment logs',
  checklist: 'Checklists',
  'model-card': 'Model cards',
  'task-list': 'Pages with tasks',
}

/**
 * `/search?q=…`: every hit for a query, with filters (project, what, page type, task status and
 * stage, changed since), kept in the URL so a search can be shared and Back restores it.
 */
export function SearchPage() {
  const { search } = useLocation()
  const q = search.get('q') ?? ''
  const filters: SearchFilters = Object.fromEntries(FILTERS.map((k) => [k, search.get(k) ?? '']))
  const [text, setText] = useState(q)
  const first = useFullTextSearch(q, filters, 0)
  const [more, setMore] = useState<{ key: string; hits: FullTextHit[]; next: string | null }>({ key: '', hits: [], next: null })
  const key = searchUrl(q, filters)
  const hits = withoutTitleEchoes(more.key === key ? [...first.hits, ...more.hits] : first.hits)
  const next = more.key === key ? more.next : first.next
  const projects = useProjects()

  useEffect(() => {
    document.title = q ? `${q} · Search · Keel` : 'Search · Keel'
  }, [q])
  useEffect(() => setText(q), [q])

  const update = (patch: Record<string, string>): void => {
    const params = new URLSearchParams(search)
    for (const [k, v] of Object.entries(patch)) {
      if (v) params.set(k, v)
      else params.delete(k)
    }
    navigate(`/search?${params}`, { replace: true })
  }
  // The URL follows typing a moment later, as the switcher's search does.
  useEffect(() => {
    if (text.trim() === q.trim()) return
    const t = setTimeout(() => update({ q: text }), 200)
    return () => clearTimeout(t)
  })

  const loadMore = async (): Promise<void> => {
    if (!next) return
    const r = await api<SearchResults>(searchUrl(q, filters, next))
    setMore((m) => ({ key, hits: [...(m.key === key ? m.hits : []), ...r.hits], next: r.next }))
  }

  const select = (name: (typeof FILTERS)[number], label: string, options: readonly (readonly [string, string])[]) => (
    <select
      className="task-input"
      aria-label={label}
      value={filters[name] ?? ''}
      onChange={(e) => update({ [name]: e.target.value })}
      data-testid={`search-${name}`}
    >
      <option value="">{label}</option>
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  )

  return (
    <PageShell topBar={{ workspaceId: null, crumbs: [{ label: 'Search' }] }} testId="search-page">
      <div className="screen__column">
        <header className="screen__header">
          <h1 className="screen__title">Search</h1>
        </header>
        <form className="search-page__form" role="search" onSubmit={(e) => (e.preventDefault(), update({ q: text }))}>
          <input
            className="task-input search-page__q"
            type="search"
            placeholder="Search pages, tasks, runs, comments…"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label="Search"
            autoFocus
            data-testid="search-q"
          />
          {select(
            'projectId',
            'Any project',
            projects.map((p) => [p.id, p.name]),
          )}
          {select(
            'kind',
            'Anything',
            SEARCH_KINDS.map((k) => [k, KIND_LABEL[k]]),
          )}
          {select(
            'type',
            'Any page',
            PAGE_TYPES.map((t) => [t, TYPE_LABEL[t]]),
          )}
          {select(
            'status',
            'Any status',
            TASK_STATUSES.map((s) => [s, STATUS_LABEL[s]]),
          )}
          {select(
            'stage',
            'Any stage',
            TASK_STAGES.map((s) => [s, STAGE_LABEL[s]]),
          )}
          <input
            className="task-input"
            type="date"
            aria-label="Changed since"
            title="Changed since"
            value={filters.since ?? ''}
            onChange={(e) => update({ since: e.target.value })}
            data-testid="search-since"
          />
        </form>
        {q.trim() === '' ? (
          <p className="tasks-empty">Type a word from a page, a task, a run or a comment.</p>
        ) : hits.length === 0 ? (
          <p className="tasks-empty">{first.loading ? 'Searching…' : 'Nothing matches. Fewer words or fewer filters may find it.'}</p>
        ) : (
          <ul className="search-hits" data-testid="search-hits">
            {hits.map((h, i) => (
              <li key={`${h.docId}-${h.blockId}-${h.kind}-${i}`}>
                <Link href={hitHref(h)} className="search-hit" data-testid="search-hit">
                  <span className="search-hit__head">
                    <span className="search-hit__title">{h.title || 'Untitled'}</span>
                    <span className="search-hit__kind">
                      {KIND_LABEL[h.kind]} · {projects.find((p) => p.id === h.projectId)?.name ?? 'Project'} · {new Date(h.updatedAt).toLocaleDateString()}
                    </span>
                  </span>
                  {h.kind !== 'page' && <Highlighted className="search-hit__snippet" text={h.snippet} />}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {next && (
          <button type="button" className="button search-page__more" onClick={() => void loadMore()}>
            More results
          </button>
        )}
      </div>
    </PageShell>
  )
}

/** Every project of every workspace I belong to (the project filter's choices). */
function useProjects(): ProjectView[] {
  const me = useMe()
  const ids = me.workspaces.map((w) => w.id).join(',')
  const [projects, setProjects] = useState<ProjectView[]>([])
  useEffect(() => {
    const abort = new AbortController()
    void Promise.all(
      ids
        .split(',')
        .filter(Boolean)
        .map((id) => api<ProjectView[]>(`/api/workspaces/${encodeURIComponent(id)}/projects`, { signal: abort.signal }).catch(() => [])),
    ).then((lists) => !abort.signal.aborted && setProjects(lists.flat()))
    return () => abort.abort()
  }, [ids])
  return projects
}
