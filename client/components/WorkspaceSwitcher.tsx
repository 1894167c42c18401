import { useCallback, useRef, useState, type FormEvent } from 'react'
import { api, describeError } from '../lib/http.ts'
import type { WorkspaceView } from '../lib/api-types.ts'
import { Link } from './Link.tsx'
import { navigate, workspacePath } from '../lib/router.ts'
import { useMe, useSession } from '../lib/auth-session.tsx'
import { useDismiss } from '../lib/use-dismiss.ts'

/** The current workspace's name; opens a list of your workspaces and a way to make a new one. */
export function WorkspaceSwitcher({ workspaceId }: { workspaceId: string | null }) {
  const me = useMe()
  const [open, setOpen] = useState(false)
  const [creating, setCreating] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => {
    setOpen(false)
    setCreating(false)
  }, [])
  useDismiss(ref, open, close)
  const current = me.workspaces.find((w) => w.id === workspaceId)

  return (
    <div className="menu-anchor" ref={ref}>
      <button
        type="button"
        className="switcher"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="workspace-switcher"
        onClick={() => (open ? close() : setOpen(true))}
      >
        {/* On a page of no workspace (an unknown document) the button is a way to one, not a name. */}
        {current && (
          <span className="switcher__mark" aria-hidden="true">
            {current.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <span className="switcher__name">{current?.name ?? 'Your workspaces'}</span>
        <Chevron />
      </button>
      {open && (
        <div className="menu" role="menu">
          <div className="menu__label">Workspaces</div>
          {me.workspaces.map((w) => (
            <Link key={w.id} href={workspacePath(w.id)} className="menu__item" role="menuitem" onClick={close}>
              <span className="menu__item-main">{w.name}</span>
              <span className="menu__item-meta">{w.id === workspaceId ? '✓' : w.role}</span>
            </Link>
          ))}
          <div className="menu__sep" />
          {creating ? (
            <NewWorkspaceForm onDone={close} />
          ) : (
            <button type="button" className="menu__item menu__item--muted" role="menuitem" onClick={() => setCreating(true)}>
              + New workspace
            </button>
          )}
        </div>
      )}
    </div>
  )
}

function NewWorkspaceForm({ onDone }: { onDone: () => void }) {
  const { refresh } = useSession()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const created = await api<WorkspaceView>('/api/workspaces', { method: 'POST', body: { name } })
      await refresh()
      onDone()
      navigate(workspacePath(created.id))
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  return (
    <form className="menu__form" onSubmit={(e) => void submit(e)}>
      <input
        className="input"
        placeholder="Workspace name"
        value={name}
        maxLength={120}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        aria-label="Workspace name"
      />
      {error && <p className="field-error">{error}</p>}
      <button type="submit" className="button button--primary button--block" disabled={busy || name.trim() === ''}>
        {busy ? 'Creating…' : 'Create workspace'}
      </button>
    </form>
  )
}

function Chevron() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" className="switcher__chevron">
      <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
