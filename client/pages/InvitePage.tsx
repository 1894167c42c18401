import { useEffect, useState, type FormEvent } from 'react'
import { api, ApiError, describeError } from '../lib/http.ts'
import type { InvitePreview } from '../lib/api-types.ts'
import { aRole } from '../lib/format.ts'
import { Link } from '../components/Link.tsx'
import { navigate, signInPath, workspacePath } from '../lib/router.ts'
import { useSession } from '../lib/auth-session.tsx'
import { useApi } from '../lib/use-api.ts'
import { AuthCard } from '../components/AuthCard.tsx'
import { Field, FormMessage } from '../components/Field.tsx'
import { passwordHint } from './account/password-hint.ts'

/** `/invite/:secret`: what the invite is for; join as yourself, or make an account to join. */
export function InvitePage({ secret }: { secret: string }) {
  const invite = useApi<InvitePreview>(`/api/invites/${encodeURIComponent(secret)}`)
  const { state } = useSession()

  useEffect(() => {
    document.title = 'Invitation · Keel'
  }, [])

  if (invite.error) {
    const gone = invite.error instanceof ApiError && invite.error.status === 404
    return (
      <AuthCard title={gone ? 'This invite link is no longer valid' : 'This invite could not be opened'} testId="invite-invalid">
        <p className="auth__text">
          {gone ? 'It was already used, revoked, or it expired. Ask the person who sent it for a new one.' : describeError(invite.error)}
        </p>
        <Link href="/" className="button button--block">
          Go to Keel
        </Link>
      </AuthCard>
    )
  }
  if (!invite.data || state.status === 'loading') {
    return (
      <AuthCard title="Opening your invitation…" testId="invite-loading">
        <div className="skeleton__line" />
      </AuthCard>
    )
  }

  const { workspaceName, role } = invite.data
  const subtitle = (
    <>
      You’re invited to join <strong>{workspaceName}</strong> as {aRole(role)}.
    </>
  )
  return state.status === 'signed-in' ? (
    <AuthCard title={`Join ${workspaceName}`} subtitle={subtitle} testId="invite">
      <AcceptAsMe secret={secret} name={state.me.user.name} email={state.me.user.email} />
    </AuthCard>
  ) : (
    <AuthCard
      title={`Join ${workspaceName}`}
      subtitle={subtitle}
      testId="invite"
      footer={
        <>
          Already have an account? <Link href={signInPath(`/invite/${encodeURIComponent(secret)}`)}>Sign in</Link> first, then open this link again.
        </>
      }
    >
      <SignUpForm secret={secret} />
    </AuthCard>
  )
}

function useAccept(secret: string) {
  const { refresh } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const accept = async (body?: object): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const { workspaceId } = await api<{ workspaceId: string }>(`/api/invites/${encodeURIComponent(secret)}/accept`, {
        method: 'POST',
        body: body ?? {},
        quiet401: true,
      })
      await refresh()
      navigate(workspacePath(workspaceId), { replace: true })
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'email_taken'
          ? 'That email already has an account. Sign in first, then open this link again.'
          : err instanceof ApiError && err.status === 404
            ? 'This invite was used or revoked a moment ago. Ask for a new one.'
            : describeError(err),
      )
      setBusy(false)
    }
  }
  return { busy, error, accept }
}

function AcceptAsMe({ secret, name, email }: { secret: string; name: string; email: string }) {
  const { busy, error, accept } = useAccept(secret)
  return (
    <div className="form">
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <p className="auth__text">
        You’ll join as <strong>{name}</strong> ({email}).
      </p>
      <button
        type="button"
        className="button button--primary button--large button--block"
        disabled={busy}
        onClick={() => void accept()}
        data-testid="accept-invite"
      >
        {busy ? 'Joining…' : 'Accept invitation'}
      </button>
    </div>
  )
}

function SignUpForm({ secret }: { secret: string }) {
  const { busy, error, accept } = useAccept(secret)
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const hint = passwordHint(password, email)

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void accept({ name, email, password })
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && (
        <FormMessage tone="error" testId="invite-error">
          {error}
        </FormMessage>
      )}
      <Field label="Your name" autoComplete="name" autoFocus required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={<span data-testid="password-hint">{hint.text}</span>}
      />
      <button
        type="submit"
        className="button button--primary button--large button--block"
        disabled={busy || name.trim() === '' || email.trim() === '' || !hint.ok}
      >
        {busy ? 'Creating your account…' : 'Create account and join'}
      </button>
    </form>
  )
}
