import { useEffect, useState, type FormEvent } from 'react'
import { api, ApiError, describeError } from '../lib/http.ts'
import { navigate, safeNext, useLocation } from '../lib/router.ts'
import { useSession } from '../lib/auth-session.tsx'
import { AuthCard } from '../components/AuthCard.tsx'
import { Field, FormMessage } from '../components/Field.tsx'
import { Link } from '../components/Link.tsx'

/** `/sign-in?next=/d/abc`: email and password, then back to where you were going. */
export function SignInPage() {
  const { search } = useLocation()
  const { state, refresh } = useSession()
  const next = safeNext(search.get('next'))
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(
    search.get('error') === 'link' ? 'That sign-in link was already used or expired. Sign in with your email and password.' : null,
  )

  useEffect(() => {
    document.title = 'Sign in · Keel'
  }, [])

  // Already signed in (another tab did it, or Back landed here): carry on.
  useEffect(() => {
    if (state.status === 'signed-in' && !state.offline) navigate(next, { replace: true })
  }, [state, next])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await api('/api/auth/sign-in', { method: 'POST', body: { email, password }, quiet401: true })
      await refresh() // the effect above navigates once the session is known
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'invalid_credentials'
          ? 'That email and password don’t match an account.'
          : err instanceof ApiError && err.status === 400
            ? 'Enter your email address and password.'
            : err instanceof ApiError && err.code === 'too_many_attempts'
              ? `Too many failed sign-ins for this account, so password sign-in is paused (${err.message.match(/\d+ min/)?.[0] ?? 'a few minutes'}). A one-time sign-in link still works.`
              : describeError(err),
      )
      setBusy(false)
    }
  }

  return (
    <AuthCard
      title="Sign in to Keel"
      subtitle="Welcome back. Your documents are where you left them."
      testId="sign-in"
      footer="No account? Ask a workspace owner for an invite link."
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <FormMessage tone="error" testId="sign-in-error">
            {error}
          </FormMessage>
        )}
        <Field label="Email" type="email" name="email" autoComplete="email" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p className="auth__aside">
          <Link href={email.trim() ? `/forgot-password?email=${encodeURIComponent(email.trim())}` : '/forgot-password'} data-testid="forgot-password">
            Forgot password?
          </Link>
        </p>
        <button type="submit" className="button button--primary button--large button--block" disabled={busy || email.trim() === '' || password === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  )
}
