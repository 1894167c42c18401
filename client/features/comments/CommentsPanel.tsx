import type { Editor } from '@tiptap/core'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { canComment } from '#shared/auth/roles'
import type { Role } from '#shared/auth/roles'
import { currentPeople } from '../../blocks/mention/people.ts'
import { timeAgo } from '../../lib/format.ts'
import { createThreadWrite, deleteWrite, editWrite, replyWrite, resolveWrite } from './api.ts'
import { CommentBody } from './CommentBody.tsx'
import { CommentComposer as Composer } from './CommentComposer.tsx'
import { SelectionBubble } from './SelectionBubble.tsx'
import { COMMENT_ACTIVATE_EVENT, commentHighlightsKey, rangeOf, selectionAnchor } from './highlights.ts'
import { withMentionTokens, withPageTokens } from './mention-input.ts'
import { api } from '../../lib/http.ts'
import { type Me, type ShownThread, useComments } from './use-comments.ts'
import './comments.css'

type Draft = NonNullable<ReturnType<typeof selectionAnchor>>

/** The selection to comment on: the editor's, or (read-only, where it may not follow the mouse) the page's. */
function selectedRange(editor: Editor): { from: number; to: number } | null {
  const dom = window.getSelection()
  if (dom && !dom.isCollapsed && dom.anchorNode && dom.focusNode && editor.view.dom.contains(dom.anchorNode) && editor.view.dom.contains(dom.focusNode)) {
    try {
      const a = editor.view.posAtDOM(dom.anchorNode, dom.anchorOffset)
      const b = editor.view.posAtDOM(dom.focusNode, dom.focusOffset)
      if (a !== b) return { from: Math.min(a, b), to: Math.max(a, b) }
    } catch {
      // Outside the document's content: fall back to the editor's own selection.
    }
  }
  const { from, to } = editor.state.selection
  return from < to ? { from, to } : null
}

const newId = () => crypto.randomUUID()

/**
 * The side panel of comment threads (docs/decisions/0009-comments.md), in document order, open or
 * resolved. Commenters and above start threads (the Comment button or Ctrl/Cmd+Alt+M on a
 * selection), reply, resolve and reopen; authors edit and delete their own; viewers read.
 */
export function CommentsPanel({ docId, projectId, role, me, editor }: { docId: string; projectId: string | null; role: Role; me: Me; editor: Editor | null }) {
  const { threads, error, write } = useComments(docId, projectId, me)
  const [filter, setFilter] = useState<'open' | 'resolved'>('open')
  const [active, setActive] = useState<string | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [text, setText] = useState('')
  const [tick, setTick] = useState(0)
  // Shown while the page has threads (open or resolved) or a draft, like a comment margin; the
  // reader's own Hide/Show wins until the page is left. Collapsed it is a narrow rail, so a page
  // without comments keeps its width for wide blocks (run tables, charts).
  const [pinned, setPinned] = useState<boolean | null>(null)
  const mayComment = canComment(role)
  // The project's pages, so `[[Title]]` in a comment becomes a link to that page.
  const [pages, setPages] = useState<readonly { id: string; title: string }[]>([])
  useEffect(() => {
    if (!projectId || !mayComment) return
    api<{ id: string; title: string }[]>(`/api/projects/${encodeURIComponent(projectId)}/docs`)
      .then(setPages)
      .catch(() => {})
  }, [projectId, mayComment])

  // Re-sort and re-check "deleted" as the document changes (other people's edits too).
  useEffect(() => {
    if (!editor) return
    const onUpdate = () => setTick((n) => n + 1)
    editor.on('update', onUpdate)
    return () => void editor.off('update', onUpdate)
  }, [editor])

  // The highlights follow the threads and the active one.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const shown = threads.map((t) => ({ id: t.id, anchor: t.anchor, resolved: t.resolvedAt !== null }))
    editor.view.dispatch(editor.state.tr.setMeta(commentHighlightsKey, { threads: shown, active }).setMeta('addToHistory', false))
  }, [editor, threads, active])

  useEffect(() => {
    const onActivate = (event: Event) => {
      const id = (event as CustomEvent<string>).detail
      setActive(id)
      setPinned(true)
      const t = threads.find((x) => x.id === id)
      if (t) setFilter(t.resolvedAt ? 'resolved' : 'open')
      document.querySelector(`[data-thread="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' })
    }
    window.addEventListener(COMMENT_ACTIVATE_EVENT, onActivate)
    return () => window.removeEventListener(COMMENT_ACTIVATE_EVENT, onActivate)
  }, [threads])

  const startDraft = useCallback(() => {
    if (!editor || !mayComment) return
    const range = selectedRange(editor)
    const d = range && selectionAnchor(editor.state, range.from, range.to)
    if (!d) return
    setDraft(d)
    setText('')
    setFilter('open')
    setPinned(true)
  }, [editor, mayComment])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyM') {
        event.preventDefault()
        startDraft()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [startDraft])

  const ordered = useMemo(() => {
    void tick
    const at = (t: ShownThread) => (editor ? (rangeOf(editor.state, t.anchor)?.from ?? null) : null)
    return threads
      .map((t) => ({ t, from: at(t) }))
      .filter(({ t }) => (filter === 'open' ? t.resolvedAt === null : t.resolvedAt !== null))
      .sort((a, b) => (a.from ?? Infinity) - (b.from ?? Infinity))
  }, [threads, editor, filter, tick])

  const body = (raw: string) => withPageTokens(withMentionTokens(raw.trim(), currentPeople()), pages)
  const submitDraft = () => {
    if (!draft || !text.trim()) return
    const id = newId()
    write(createThreadWrite(docId, { id, commentId: newId(), anchor: draft.anchor, quote: draft.quote, blockId: draft.blockId, body: body(text) }))
    setDraft(null)
    setText('')
    setActive(id)
  }
  const focusThread = (t: ShownThread) => {
    setActive(t.id)
    const range = editor ? rangeOf(editor.state, t.anchor) : null
    if (editor && range) editor.view.domAtPos(range.from).node.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  }

  const openCount = threads.filter((t) => t.resolvedAt === null).length
  const shown = pinned ?? (threads.length > 0 || draft !== null)
  const bubble = mayComment && editor && <SelectionBubble editor={editor} onComment={startDraft} />
  if (!shown) {
    return (
      <aside className="cpanel cpanel--rail" aria-label="Comments" data-testid="comments-panel">
        {bubble}
        <button
          type="button"
          className="cpanel__rail-button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            setPinned(true)
            startDraft()
          }}
          title={mayComment ? 'Comments: select text to comment (Ctrl+Alt+M)' : 'Comments'}
          aria-label={`Show comments (${openCount} open)`}
          data-testid="comment-button"
        >
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
            <path d="M4 4h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
          {openCount > 0 && <span className="cpanel__rail-count">{openCount}</span>}
        </button>
      </aside>
    )
  }
  return (
    <aside className="cpanel" aria-label="Comments" data-testid="comments-panel">
      {bubble}
      <div className="cpanel__head">
        <h2 className="cpanel__title">Comments</h2>
        {mayComment && (
          <button
            type="button"
            className="button button--primary"
            onMouseDown={(e) => e.preventDefault()}
            onClick={startDraft}
            title="Comment on the selection (Ctrl+Alt+M)"
            data-testid="comment-button"
          >
            Comment
          </button>
        )}
        <button
          type="button"
          className="cpanel__hide"
          onClick={() => setPinned(false)}
          title="Hide comments"
          aria-label="Hide comments"
          data-testid="comments-hide"
        >
          ×
        </button>
      </div>
      <div className="cpanel__filter" role="tablist">
        {(['open', 'resolved'] as const).map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={filter === f}
            className={`cpanel__tab${filter === f ? ' cpanel__tab--on' : ''}`}
            onClick={() => setFilter(f)}
          >
            {f === 'open' ? `Open (${openCount})` : `Resolved (${threads.length - openCount})`}
          </button>
        ))}
      </div>
      {error && (
        <p className="cpanel__error" role="alert">
          {error}
        </p>
      )}
      <div className="cpanel__list">
        {draft && (
          <div className="cthread cthread--draft" data-testid="comment-draft">
            <blockquote className="cthread__quote">{draft.quote}</blockquote>
            <Composer value={text} onChange={setText} onSubmit={submitDraft} onCancel={() => setDraft(null)} label="Comment" autoFocus pages={pages} />
          </div>
        )}
        {ordered.length === 0 && !draft && (
          <p className="cpanel__empty">
            {filter === 'open' ? (mayComment ? 'No open comments. Select text and press Comment.' : 'No open comments.') : 'No resolved comments.'}
          </p>
        )}
        {ordered.map(({ t, from }) => (
          <Thread
            key={t.id}
            thread={t}
            deleted={editor !== null && from === null}
            active={t.id === active}
            me={me}
            role={role}
            pages={pages}
            onFocus={() => focusThread(t)}
            onReply={(raw) => write(replyWrite(docId, t.id, newId(), body(raw)))}
            onEdit={(commentId, raw) => write(editWrite(docId, t.id, commentId, body(raw)))}
            onDelete={(commentId) => write(deleteWrite(docId, t.id, commentId))}
            onResolve={(resolved) => write(resolveWrite(docId, t.id, resolved))}
          />
        ))}
      </div>
    </aside>
  )
}

function Thread(props: {
  thread: ShownThread
  deleted: boolean
  active: boolean
  me: Me
  role: Role
  pages: readonly { id: string; title: string }[]
  onFocus: () => void
  onReply: (body: string) => void
  onEdit: (commentId: string, body: string) => void
  onDelete: (commentId: string) => void
  onResolve: (resolved: boolean) => void
}) {
  const { thread: t, me, role } = props
  const [reply, setReply] = useState('')
  const [editing, setEditing] = useState<string | null>(null)
  const [editText, setEditText] = useState('')
  const mayComment = canComment(role)
  return (
    <section className={`cthread${props.active ? ' cthread--active' : ''}`} data-thread={t.id} data-testid="comment-thread" onClick={props.onFocus}>
      <div className="cthread__quote-row">
        <blockquote className="cthread__quote">{t.quote}</blockquote>
        {props.deleted && <span className="cthread__deleted">on deleted text</span>}
      </div>
      {t.comments.map((c) => (
        <div className="cthread__comment" key={c.id} data-testid="comment">
          <div className="cthread__meta">
            <span className="cthread__author">{c.authorName}</span>
            <span className="cthread__time">
              {timeAgo(c.createdAt)}
              {c.editedAt ? ' · edited' : ''}
            </span>
          </div>
          {editing === c.id ? (
            <Composer
              value={editText}
              onChange={setEditText}
              onSubmit={() => {
                if (editText.trim()) props.onEdit(c.id, editText)
                setEditing(null)
              }}
              onCancel={() => setEditing(null)}
              label="Save"
              autoFocus
              pages={props.pages}
            />
          ) : (
            <CommentBody body={c.body} />
          )}
          {mayComment && editing !== c.id && (c.authorId === me.id || role === 'owner') && (
            <div className="cthread__actions">
              {c.authorId === me.id && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setEditing(c.id)
                    setEditText(c.body.replace(/@\[([^\]]+)\]\(user:[^)]+\)/g, '@$1'))
                  }}
                >
                  Edit
                </button>
              )}
              <button type="button" className="link-button" onClick={() => props.onDelete(c.id)}>
                Delete
              </button>
            </div>
          )}
        </div>
      ))}
      {t.pending && <p className="cthread__pending">Not sent yet: it will be when you are back online.</p>}
      {mayComment && (
        <div className="cthread__foot" onClick={(e) => e.stopPropagation()}>
          {t.resolvedAt === null && (
            <Composer
              value={reply}
              onChange={setReply}
              onSubmit={() => {
                if (!reply.trim()) return
                props.onReply(reply)
                setReply('')
              }}
              label="Reply"
              placeholder="Reply…"
              pages={props.pages}
            />
          )}
          <button type="button" className="button button--ghost" onClick={() => props.onResolve(t.resolvedAt === null)} data-testid="resolve-button">
            {t.resolvedAt === null ? 'Resolve' : 'Reopen'}
          </button>
        </div>
      )}
    </section>
  )
}
