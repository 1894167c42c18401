import { useLayoutEffect, useState, type FormEvent } from 'react'
import { api, describeError } from '../lib/http.ts'
import type { WorkspaceView } from '../lib/api-types.ts'
import { navigate, workspacePath } from '../lib/router.ts'
import { useMe, useSession } from '../lib/auth-session.tsx'
import { AuthCard } from '../components/AuthCard.tsx'
import { Field, FormMessage } from '../components/Field.tsx'

/** `/` opens your first workspace; with none (removed from all), offers to make one. */
export function HomePage() {
  const me = useMe()
  const first = me.workspaces[0]

  // Replace, so Back does not bounce through `/`.
  useLayoutEffect(() => {
    if (first) navigate(workspacePath(first.id), { replace: true })
  }, [first])

  return first ? null : <NoWorkspace />
}

function NoWorkspace() {
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
      navigate(workspacePath(created.id), { replace: true })
    } catch (err) {
      setError(describeError(err))
      setBusy(false)
    }
  }

  return (
    <AuthCard title="You’re not in a workspace yet" subtitle="Open an invite link from a teammate, or start a workspace of your own." testId="no-workspace">
      <form className="form" onSubmit={(e) => void submit(e)}>
        {error && <FormMessage tone="error">{error}</FormMessage>}
        <Field
          label="Workspace name"
          placeholder="e.g. Recommendations team"
          maxLength={120}
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--primary button--large button--block" disabled={busy || name.trim() === ''}>
          {busy ? 'Creating…' : 'Create workspace'}
        </button>
      </form>
    </AuthCard>
  )
}
