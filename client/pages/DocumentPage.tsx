import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import { canEdit } from '#shared/auth/roles'
import { CloseCode } from '#shared/protocol/index'
import { Link } from '../components/Link.tsx'
import { hubPath } from '../lib/router.ts'
import { useMe, useSession } from '../lib/auth-session.tsx'
import { useConnectionField, useDocSession } from '../collab/hooks.ts'
import type { DocSession } from '../collab/doc-session.ts'
import { ConnectionBadge } from '../components/ConnectionBadge.tsx'
import { Notice, type NoticeMessage } from '../components/Notice.tsx'
import { EmptyState } from '../components/PageShell.tsx'
import { PresenceAvatars } from '../components/PresenceAvatars.tsx'
import { ReadOnlyBadge } from '../components/ReadOnlyBadge.tsx'
import { TopBar, type Crumb } from '../components/TopBar.tsx'
import { useDocAccess, type DocInfo } from '../collab/use-doc-access.ts'
import { Editor } from '../editor/Editor.tsx'
import { Backlinks } from '../features/hub/Backlinks.tsx'
import { useShowSidebar } from '../features/hub/sidebar/sidebar-store.ts'
import { TaskEnvProvider } from '../blocks/task/context.tsx'
import { useMentionProject } from '../blocks/mention/people.ts'
import { BlockHashFocus } from '../blocks/BlockHashFocus.tsx'
import { FollowButton } from '../features/inbox/FollowButton.tsx'
import { MlEnvProvider } from '../blocks/ml/env.tsx'
import { clearPending, isMarkedPending } from '../collab/pending-pages.ts'
import { inOpenTree } from '../features/hub/tree/tree-sessions.ts'
import { DocumentHistory, HistoryButton, NAME_VERSION_SLASH_ITEM } from '../features/history/DocumentHistory.tsx'
import { HistoryViews } from '../features/history/HistoryViews.tsx'
import { DocExportButton } from '../features/hub/export/DocExportButton.tsx'
import { VisitBanner } from '../features/history/VisitBanner.tsx'
import { CommentsPanel } from '../features/comments/CommentsPanel.tsx'
import { CommentHighlights } from '../features/comments/highlights.ts'
import type { Editor as TiptapEditor } from '@tiptap/core'

/** A page this device created or sees in its tree, which the server may not have made yet. */
const mayBePending = (docId: string): boolean => isMarkedPending(docId) || inOpenTree(docId)

const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`)

/**
 * `/d/:docId`. Asks the server what the document is and what you may do with it (or, offline,
 * remembers), then opens the editor: editable for editors and owners, read-only below.
 */
export function DocumentPage({ docId }: { docId: string }) {
  const access = useDocAccess(docId)
  const [gone, setGone] = useState(false)
  // The project sidebar beside the document (rendered by AppShell, so it survives navigation).
  useShowSidebar(access.state === 'ready' ? (access.info.project?.id ?? null) : null)

  if (gone || access.state === 'not-found') {
    return (
      <DocFrame info={null} title="">
        <EmptyState title="This document doesn't exist or isn't shared with you" testId="doc-unavailable">
          <p>Check the link, or ask someone in its workspace to share it with you.</p>
          <Link href="/" className="button">
            Go to your workspace
          </Link>
        </EmptyState>
      </DocFrame>
    )
  }
  if (access.state === 'unreachable' || access.state === 'error') {
    const offline = access.state === 'unreachable'
    return (
      <DocFrame info={null} title="">
        <EmptyState title={offline ? "You're offline" : "This document can't be opened right now"} testId="doc-unreachable">
          <p>
            {offline
              ? 'This document has not been opened on this device yet, so there is no copy here. It opens once you are back online.'
              : 'The server had a problem. Try again in a moment.'}
          </p>
          <button type="button" className="button" onClick={access.refresh}>
            Try again
          </button>
        </EmptyState>
      </DocFrame>
    )
  }
  if (access.state === 'loading') {
    return (
      <DocFrame info={null} title="">
        <DocumentSkeleton />
      </DocFrame>
    )
  }
  return <DocumentView key={docId} docId={docId} info={access.info} onAccessChanged={access.refresh} onGone={() => setGone(true)} />
}

function DocumentView({ docId, info, onAccessChanged, onGone }: { docId: string; info: DocInfo; onAccessChanged: () => void; onGone: () => void }) {
  const me = useMe()
  const state = useDocSession(docId, { id: me.user.id, name: me.user.name, color: me.user.color }, { waitForServer: () => mayBePending(docId) })
  // null until the editor reports the live title; until then, the server's (or cached) one.
  const [title, setTitle] = useState<string | null>(null)
  const [notice, setNotice] = useState<NoticeMessage | null>(null)
  const editable = canEdit(info.role)
  const taskUser = useMemo(() => ({ id: me.user.id, name: me.user.name }), [me.user.id, me.user.name])
  // Naming a version is an editor's action; viewers have no slash menu anyway.
  const slashItems = useMemo(() => (editable ? [NAME_VERSION_SLASH_ITEM] : []), [editable])
  // Comment highlights in the editor; the panel beside it reads the editor's selection and state.
  const commentExtensions = useMemo(() => [CommentHighlights], [])
  const [tiptap, setTiptap] = useState<TiptapEditor | null>(null)
  const commentsMe = useMemo(() => ({ id: me.user.id, name: me.user.name }), [me.user.id, me.user.name])

  useEffect(() => {
    document.title = `${title || info.title || 'Untitled'} · Keel`
  }, [title, info.title])

  const onPasteRefused = useCallback((bytes: number, maxBytes: number) => {
    setNotice({
      id: Date.now(),
      text: `That paste is too large (${formatBytes(bytes)}). Paste up to ${formatBytes(maxBytes)} at a time.`,
    })
  }, [])

  const onNotice = useCallback((text: string) => setNotice({ id: Date.now(), text }), [])

  const session = state?.session ?? null
  // The people `@` offers in this document: its project's members.
  useMentionProject(info.project?.id ?? null)
  // Each sync with the server (every reconnect): task blocks fetch the index again.
  const onSynced = useCallback(
    (callback: () => void) => {
      if (!session) return () => {}
      const onSync = (synced: boolean): void => {
        if (synced) callback()
      }
      session.provider.on('sync', onSync)
      return () => session.provider.off('sync', onSync)
    },
    [session],
  )
  useEffect(() => {
    if (!session) return
    // Synced once: the server has the document, it is no longer waiting for the tree.
    const onSync = (synced: boolean): void => {
      if (synced) clearPending(docId)
    }
    session.provider.on('sync', onSync)
    return () => session.provider.off('sync', onSync)
  }, [session, docId])
  return (
    <DocFrame
      info={info}
      title={title ?? (info.title === 'Untitled' ? '' : info.title)}
      status={
        session && (
          <>
            <PresenceAvatars session={session} />
            <FollowButton docId={docId} />
            <HistoryButton />
            <DocExportButton docId={docId} />
            {!editable && <ReadOnlyBadge role={info.role} />}
            <ConnectionBadge session={session} readOnly={!editable} />
          </>
        )
      }
      aside={
        <>
          <CommentsPanel docId={docId} projectId={info.project?.id ?? null} role={info.role} me={commentsMe} editor={tiptap} />
          <DocumentHistory docId={docId} editable={editable} />
        </>
      }
    >
      <VisitBanner docId={docId} />
      {state?.ready ? (
        <TaskEnvProvider
          doc={state.session.doc}
          projectId={info.project?.id ?? null}
          workspaceId={info.project?.workspaceId ?? null}
          me={taskUser}
          onSynced={onSynced}
        >
          <MlEnvProvider
            doc={state.session.doc}
            projectId={info.project?.id ?? null}
            workspaceId={info.project?.workspaceId ?? null}
            me={taskUser}
            editable={editable}
          >
            <HistoryViews docId={docId} editable={editable}>
              <Editor
                session={state.session}
                editable={editable}
                onTitleChange={setTitle}
                onPasteRefused={onPasteRefused}
                projectId={info.project?.id ?? null}
                onNotice={onNotice}
                slashItems={slashItems}
                extraExtensions={commentExtensions}
                onEditor={setTiptap}
              />
            </HistoryViews>
          </MlEnvProvider>
          <BlockHashFocus />
        </TaskEnvProvider>
      ) : (
        <DocumentSkeleton />
      )}
      <Backlinks docId={docId} />
      {session && <CloseWatcher session={session} onAccessChanged={onAccessChanged} onGone={onGone} />}
      {session && <UnsavedGuard session={session} />}
      <Notice message={notice} onDismiss={() => setNotice(null)} />
    </DocFrame>
  )
}

/** The page around a document: top bar with breadcrumb and status, the reading column, and a side panel. */
function DocFrame({
  info,
  title,
  status,
  aside,
  children,
}: {
  info: DocInfo | null
  title: string
  status?: ReactNode
  aside?: ReactNode
  children: ReactNode
}) {
  const crumbs: Crumb[] = []
  if (info?.project) crumbs.push({ label: info.project.name, href: hubPath(info.project.workspaceId, info.project.id) })
  if (info) {
    const label = title
    crumbs.push({ label: label || 'Untitled', placeholder: !label, testId: 'doc-title' })
  }
  return (
    <div className="app">
      <TopBar workspaceId={info?.project?.workspaceId ?? null} crumbs={crumbs}>
        {status}
      </TopBar>
      <div className="doc-layout">
        <main className="page">
          <article className="doc-column">{children}</article>
        </main>
        {/* The history panel, beside the page (features/history). */}
        {aside}
      </div>
    </div>
  )
}

/**
 * Reacts to the server's final words on the sync socket: 4401 (the session ended) sends you to
 * sign in, 4404 (not found, or no longer shared) replaces the editor with a clear message (a page
 * created on this device that the server has not made yet is retried first: see DocSessionOptions), and
 * 4511 (your access changed; the socket reconnects by itself) fetches your role again.
 */
function CloseWatcher({ session, onAccessChanged, onGone }: { session: DocSession; onAccessChanged: () => void; onGone: () => void }) {
  const fatal = useConnectionField(session, (s) => s.fatal)
  const { refresh } = useSession()
  useEffect(() => {
    if (fatal?.code === CloseCode.DocumentNotFound) onGone()
    // Asking /api/auth/me confirms the session is gone; the page gate then goes to sign-in.
    if (fatal?.code === CloseCode.Unauthenticated) void refresh()
  }, [fatal, onGone, refresh])
  useEffect(() => {
    const onClose = (event: CloseEvent | null): void => {
      if (event?.code === CloseCode.AccessChanged) onAccessChanged()
    }
    session.provider.on('connection-close', onClose)
    return () => session.provider.off('connection-close', onClose)
  }, [session, onAccessChanged])
  return null
}

/**
 * While changes are unsaved, closing the tab asks first (they are safe in IndexedDB, but not on
 * the server). The count is read when the tab closes, not rendered: it changes twice per
 * keystroke, and a React commit per keystroke is costly in a large document (see ConnectionBadge).
 */
function UnsavedGuard({ session }: { session: DocSession }) {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (session.connection.store.get().unsaved === 0) return
      event.preventDefault()
      event.returnValue = '' // older Chromium needs this to show the dialog
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [session])
  return null
}

function DocumentSkeleton() {
  return (
    <div className="skeleton" aria-busy="true" aria-label="Loading document" data-testid="editor-loading">
      <div className="skeleton__line skeleton__line--title" />
      <div className="skeleton__line" />
      <div className="skeleton__line" />
      <div className="skeleton__line skeleton__line--short" />
    </div>
  )
}
