import { useState } from 'react'
import type { DeletedPageView } from '#shared/api/hub'
import { api, describeError } from '../../lib/http.ts'
import { timeAgo } from '../../lib/format.ts'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

/** A page deleted for good, as `GET /api/workspaces/:id/deleted` lists it. */
type DeletedPage = DeletedPageView

const day = (iso: string): string => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })

/**
 * Pages deleted for good from a project's trash, for owners: they stay restorable until the
 * server's retention period ends (KEEL_DELETED_RETENTION_DAYS), then the purge erases them.
 */
export function DeletedPagesSection({ workspaceId }: { workspaceId: string }) {
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}/deleted`
  const list = useApi<DeletedPage[]>(base)
  const [busy, setBusy] = useState<string | null>(null)
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const restore = async (page: DeletedPage): Promise<void> => {
    setBusy(page.id)
    setMessage(null)
    try {
      await api(`${base}/${encodeURIComponent(page.id)}/restore`, { method: 'POST', body: {} })
      list.mutate((rows) => rows.filter((r) => r.id !== page.id))
      setMessage({ tone: 'success', text: `“${page.title || 'Untitled'}” is back in ${page.projectName}.` })
    } catch (err) {
      setMessage({ tone: 'error', text: describeError(err) })
    } finally {
      setBusy(null)
    }
  }

  const rows = list.data ?? []
  return (
    <Section
      title="Deleted pages"
      description="Pages deleted for good from a project’s trash. Owners can bring them back until they are erased."
      testId="deleted-section"
    >
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      <SectionState loaded={list} empty={rows.length === 0} emptyText="Nothing deleted for good.">
        <ul className="rows">
          {rows.map((page) => (
            <li key={page.id} className="row" data-testid="deleted-row">
              <div className="row__main">
                <div className="row__title">{page.title || 'Untitled'}</div>
                <div className="row__subtitle">
                  {page.projectName} · deleted {timeAgo(page.deletedAt)} · erased after {day(page.purgeAfter)}
                </div>
              </div>
              <button type="button" className="button button--ghost" disabled={busy !== null} onClick={() => void restore(page)}>
                {busy === page.id ? 'Restoring…' : 'Restore'}
              </button>
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
