import { useCallback, useEffect, useState } from 'react'
import { useConnection, useDocSession } from '../collab/hooks.ts'
import type { DocSession } from '../collab/session.ts'
import { Notice, type NoticeMessage } from '../components/Notice.tsx'
import { TopBar } from '../components/TopBar.tsx'
import { Editor } from '../editor/Editor.tsx'

const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`)

export function DocumentPage({ docId }: { docId: string }) {
  const state = useDocSession(docId)
  const [title, setTitle] = useState('')
  const [notice, setNotice] = useState<NoticeMessage | null>(null)

  useEffect(() => {
    document.title = title ? `${title} · Keel` : 'Untitled · Keel'
  }, [title])

  const onPasteRefused = useCallback((bytes: number, maxBytes: number) => {
    setNotice({
      id: Date.now(),
      text: `That paste is too large (${formatBytes(bytes)}). Paste up to ${formatBytes(maxBytes)} at a time.`,
    })
  }, [])

  return (
    <div className="app">
      {state ? <TopBar session={state.session} title={title} /> : <TopBar session={null} title={title} />}
      <main className="page">
        <article className="doc-column">
          {state?.ready ? (
            <Editor session={state.session} onTitleChange={setTitle} onPasteRefused={onPasteRefused} />
          ) : (
            <DocumentSkeleton />
          )}
        </article>
      </main>
      {state && <UnsavedGuard session={state.session} />}
      <Notice message={notice} onDismiss={() => setNotice(null)} />
    </div>
  )
}

/** While changes are unsaved, closing the tab asks first (they are safe in IndexedDB, but not on the server). */
function UnsavedGuard({ session }: { session: DocSession }) {
  const { unsaved } = useConnection(session)
  useEffect(() => {
    if (unsaved === 0) return
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      event.preventDefault()
      event.returnValue = '' // older Chromium needs this to show the dialog
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [unsaved])
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
