import { useCallback, useEffect, useState } from 'react'
import { entryHref, type InboxEntryView, type InboxKind, type InboxList } from '#shared/api/inbox'
import { useMe } from '../../lib/auth-session.tsx'
import { api } from '../../lib/http.ts'
import { navigate } from '../../lib/router.ts'
import { timeAgo } from '../../lib/format.ts'
import { refreshUnread, setUnread } from './unread.ts'

const KIND_LABEL: Record<InboxKind, string> = {
  mention: 'Mention',
  reply: 'Reply',
  assigned: 'Assigned',
  blocked: 'Blocked',
  unblocked: 'Unblocked',
  decision: 'Decision',
  watch: 'Following',
}

/** The inbox under the bell: entries grouped by day, newest first; a click marks read and jumps there. */
export function InboxPanel({ onClose }: { onClose: () => void }) {
  const me = useMe()
  const [unreadOnly, setUnreadOnly] = useState(false)
  const [list, setList] = useState<InboxList | null>(null)
  const [failed, setFailed] = useState(false)

  const load = useCallback(async () => {
    try {
      const next = await api<InboxList>(`/api/inbox${unreadOnly ? '?unread=true' : ''}`)
      setList(next)
      setUnread(next.unread)
      setFailed(false)
    } catch {
      setFailed(true)
    }
  }, [unreadOnly])
  useEffect(() => void load(), [load])

  const older = async (): Promise<void> => {
    if (!list?.next) return
    const page = await api<InboxList>(`/api/inbox?before=${list.next}${unreadOnly ? '&unread=true' : ''}`).catch(() => null)
    if (page) setList({ ...page, entries: [...list.entries, ...page.entries] })
  }

  const open = async (e: InboxEntryView): Promise<void> => {
    onClose()
    if (!e.readAt)
      void api<{ unread: number }>(`/api/inbox/${encodeURIComponent(e.id)}/read`, { method: 'POST', body: {} }).then(
        (r) => setUnread(r.unread),
        () => {},
      )
    const href = entryHref(e, me.user.id)
    const [path, hash] = href.split('#') as [string, string | undefined]
    // On the page already: only the anchor changes, which the page's focus helpers listen for.
    if (location.pathname === path) location.hash = hash ?? ''
    else navigate(href)
  }

  const readAll = async (): Promise<void> => {
    await api(`/api/inbox/read-all`, { method: 'POST', body: {} }).catch(() => {})
    setUnread(0)
    void refreshUnread()
    await load()
  }

  const groups = groupByDay(list?.entries ?? [])
  return (
    <div className="menu menu--right inbox-panel" role="dialog" aria-label="Inbox" data-testid="inbox-panel">
      <div className="inbox-panel__head">
        <span className="inbox-panel__title">Inbox</span>
        <div className="segmented inbox-panel__filter" role="radiogroup" aria-label="Show">
          <button type="button" className="segmented__option" role="radio" aria-checked={!unreadOnly} onClick={() => setUnreadOnly(false)}>
            All
          </button>
          <button
            type="button"
            className="segmented__option"
            role="radio"
            aria-checked={unreadOnly}
            onClick={() => setUnreadOnly(true)}
            data-testid="inbox-unread-only"
          >
            Unread
          </button>
        </div>
        <button type="button" className="inbox-panel__all" onClick={() => void readAll()} disabled={!list || list.unread === 0} data-testid="inbox-read-all">
          Mark all read
        </button>
      </div>
      <div className="inbox-panel__body">
        {failed && <p className="inbox-panel__empty">The inbox could not be loaded. It will try again when you reopen it.</p>}
        {!failed && list && list.entries.length === 0 && (
          <p className="inbox-panel__empty">{unreadOnly ? 'Nothing unread.' : 'Nothing here yet. Mentions, replies and your tasks show up here.'}</p>
        )}
        {groups.map(([day, entries]) => (
          <section key={day} className="inbox-panel__day">
            <h3 className="inbox-panel__day-label">{day}</h3>
            <ul className="inbox-panel__list">
              {entries.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className={`inbox-entry${e.readAt ? '' : ' inbox-entry--unread'}`}
                    onClick={() => void open(e)}
                    data-testid="inbox-entry"
                    data-kind={e.kind}
                  >
                    <span className={`inbox-entry__icon inbox-entry__icon--${e.kind}`} title={KIND_LABEL[e.kind]} aria-hidden="true">
                      <KindIcon kind={e.kind} />
                    </span>
                    <span className="inbox-entry__text">
                      <span className="inbox-entry__line">
                        <strong>{e.actorName}</strong> {e.summary}
                      </span>
                      <span className="inbox-entry__meta">
                        <span className="inbox-entry__doc">{e.docTitle || 'Untitled'}</span>
                        <span aria-hidden="true"> · </span>
                        <time dateTime={new Date(e.createdAt).toISOString()}>{timeAgo(new Date(e.createdAt).toISOString())}</time>
                      </span>
                    </span>
                    {!e.readAt && <span className="inbox-entry__dot" aria-label="Unread" />}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {list?.next && (
          <button type="button" className="inbox-panel__older" onClick={() => void older()}>
            Show older
          </button>
        )}
      </div>
      <DigestSetting />
    </div>
  )
}

/** The email digest on or off, at the foot of the panel (the digest's own text points here). */
function DigestSetting() {
  const [digest, setDigest] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    api<{ digest: boolean }>('/api/inbox/settings').then(
      (r) => live && setDigest(r.digest),
      () => {},
    )
    return () => {
      live = false
    }
  }, [])
  if (digest === null) return null
  const change = (next: boolean): void => {
    setDigest(next)
    api<{ digest: boolean }>('/api/inbox/settings', { method: 'PUT', body: { digest: next } }).then(
      (r) => setDigest(r.digest),
      () => setDigest(!next),
    )
  }
  return (
    <label className="inbox-panel__digest">
      <input type="checkbox" checked={digest} onChange={(e) => change(e.target.checked)} data-testid="inbox-digest" />
      Email me a digest of what stays unread
    </label>
  )
}

/** "Today", "Yesterday", or the date: entries are listed newest first, so groups come in order. */
function groupByDay(entries: readonly InboxEntryView[], now = new Date()): [string, InboxEntryView[]][] {
  const groups: [string, InboxEntryView[]][] = []
  const dayOf = (d: Date) => d.toDateString()
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  for (const e of entries) {
    const d = new Date(e.createdAt)
    const label =
      dayOf(d) === dayOf(now)
        ? 'Today'
        : dayOf(d) === dayOf(yesterday)
          ? 'Yesterday'
          : d.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' })
    const last = groups[groups.length - 1]
    if (last && last[0] === label) last[1].push(e)
    else groups.push([label, [e]])
  }
  return groups
}

function KindIcon({ kind }: { kind: InboxKind }) {
  const common = { fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const }
  switch (kind) {
    case 'mention':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <circle cx="8" cy="8" r="2.6" {...common} />
          <path d="M10.6 8v1a1.9 1.9 0 0 0 3.4 1.1A6 6 0 1 0 11.5 13" {...common} />
        </svg>
      )
    case 'reply':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" {...common} />
        </svg>
      )
    case 'assigned':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <circle cx="8" cy="5.5" r="2.5" {...common} />
          <path d="M3 13.5a5 5 0 0 1 10 0" {...common} />
        </svg>
      )
    case 'blocked':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <circle cx="8" cy="8" r="5.5" {...common} />
          <path d="M4.2 11.8l7.6-7.6" {...common} />
        </svg>
      )
    case 'unblocked':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <circle cx="8" cy="8" r="5.5" {...common} />
          <path d="M5.5 8.2l1.8 1.8 3.3-3.6" {...common} />
        </svg>
      )
    case 'decision':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <path d="M4 2.5v11M4 3h7.5l-1.5 2.5 1.5 2.5H4" {...common} />
        </svg>
      )
    case 'watch':
      return (
        <svg viewBox="0 0 16 16" width="14" height="14">
          <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z" {...common} />
          <circle cx="8" cy="8" r="1.8" {...common} />
        </svg>
      )
  }
}
