import { useEffect, useState } from 'react'
import { api } from '../../lib/http.ts'
import './inbox-page.css'

/** "Follow" on a page's header: edits by others then reach your inbox, batched per author. */
export function FollowButton({ docId }: { docId: string }) {
  const [following, setFollowing] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    api<{ following: boolean }>(`/api/docs/${encodeURIComponent(docId)}/follow`).then(
      (r) => live && setFollowing(r.following),
      () => live && setFollowing(null),
    )
    return () => {
      live = false
    }
  }, [docId])
  if (following === null) return null
  const toggle = async (): Promise<void> => {
    const next = !following
    setFollowing(next)
    try {
      const r = await api<{ following: boolean }>(`/api/docs/${encodeURIComponent(docId)}/follow`, {
        method: next ? 'PUT' : 'DELETE',
        ...(next ? { body: {} } : {}),
      })
      setFollowing(r.following)
    } catch {
      setFollowing(!next)
    }
  }
  return (
    <button
      type="button"
      className={`hbutton inbox-follow${following ? ' hbutton--on' : ''}`}
      aria-pressed={following}
      aria-label="Follow this page"
      title={following ? 'You get an inbox entry when someone else edits this page. Click to stop.' : 'Get an inbox entry when someone else edits this page'}
      onClick={() => void toggle()}
      data-testid="follow-button"
    >
      <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
        <path
          d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
        <circle cx="8" cy="8" r="1.8" fill={following ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className="hbutton__text">{following ? 'Following' : 'Follow'}</span>
    </button>
  )
}
