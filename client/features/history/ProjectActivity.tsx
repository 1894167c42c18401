import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { Link } from '../../components/Link.tsx'
import { Section } from '../../components/Section.tsx'
import { describeError } from '../../lib/http.ts'
import { timeAgo } from '../../lib/format.ts'
import { docPath } from '../../lib/router.ts'
import { historyApi, type ActivityEntry } from './api.ts'
import { Authors } from './Authors.tsx'
import { changesPath } from './open-changes.ts'
import './activity.css'

/** The entry's sentence with the page's title in it made a link ("Priya changed … in <Spec v2>"). */
function Sentence({ entry }: { entry: ActivityEntry }) {
  const title = entry.docTitle || 'Untitled'
  const at = entry.docTitle ? entry.text.lastIndexOf(entry.docTitle) : -1
  const link = (
    <Link href={docPath(entry.docId)} className="hactivity__doc">
      {title}
    </Link>
  )
  if (at < 0)
    return (
      <>
        {entry.text} · {link}
      </>
    )
  return (
    <>
      {entry.text.slice(0, at)}
      {link}
      {entry.text.slice(at + entry.docTitle.length)}
    </>
  )
}

/**
 * The project's activity from version history: one line per closed version of any page the
 * reader may open, newest first, with "View" opening that page's compare view for the version
 * against the one before it. Pages back with "Load older".
 */
export function ProjectActivity({ projectId, title = 'Activity', action }: { projectId: string; title?: string; action?: ReactNode }) {
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [loading, setLoading] = useState(false)

  const load = useCallback(
    (before: string | null) => {
      setLoading(true)
      historyApi.projectActivity(projectId, before).then(
        (feed) => {
          const page = feed.entries
          setEntries((list) => (before === null ? page : [...(list ?? []), ...page]))
          setNext(feed.nextBefore ?? null)
          setError(undefined)
          setLoading(false)
        },
        (err: unknown) => {
          setError(err)
          setLoading(false)
        },
      )
    },
    [projectId],
  )
  useEffect(() => load(null), [load])

  return (
    <Section title={title} action={action} testId="history-activity">
      {entries === null && error !== undefined ? (
        <div className="section-empty">
          {describeError(error)}{' '}
          <button type="button" className="link-button" onClick={() => load(null)}>
            Try again
          </button>
        </div>
      ) : entries === null ? (
        <div className="skeleton__line" aria-busy="true" />
      ) : entries.length === 0 ? (
        <div className="section-empty">No versions yet. Pages keep a version a few minutes after each burst of edits.</div>
      ) : (
        <ul className="hactivity">
          {entries.map((e) => (
            <li key={`${e.docId}-${e.version.id}`} className="hactivity__item" data-testid="history-activity-item">
              <div className="hactivity__line">
                <span className="hactivity__text">
                  <Sentence entry={e} />
                </span>
                <Link href={changesPath(e.docId, e.version.id)} className="hactivity__view" data-testid="history-activity-view">
                  View
                </Link>
              </div>
              <div className="hactivity__meta">
                <Authors authors={e.version.authors} size={20} names={false} />
                <span>{timeAgo(e.version.endedAt)}</span>
                {e.version.name && <span className="hbadge hbadge--named">{e.version.name}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {next !== null && entries !== null && (
        <button type="button" className="button hactivity__older" onClick={() => load(next)} disabled={loading}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </Section>
  )
}
