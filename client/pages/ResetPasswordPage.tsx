import { useEffect, useState, type FormEvent } from 'react'
import type { PasswordResetDone, PasswordResetInfo } from '../lib/api-types.ts'
import { api, ApiError, describeError } from '../lib/http.ts'
import { navigate } from '../lib/router.ts'
import { useSession } from '../lib/auth-session.tsx'
import { AuthCard } from '../components/AuthCard.tsx'
import { Field, FormMessage } from '../components/Field.tsx'
import { Link } from '../components/Link.tsx'
import { passwordHint } from './account/password-hint.ts'

/** What each refusal of a link means to the person holding it. */
function deadLink(err: unknown): { title: string; text: string } {
  const code = err instanceof ApiError ? err.code : null
  if (code === 'reset_link_used') return { title: 'This link was already used', text: 'Each reset link works once. Ask for a new one if you still need it.' }
  if (code === 'reset_link_expired') return { title: 'This link has expired', text: 'Reset links last 1 hour. Ask for a new one.' }
  if (code === 'reset_link_invalid' || code === 'bad_request')
    return { title: 'This link is not valid', text: 'Copy the whole link from the message (it is long), or ask for a new one.' }
  return { title: 'This link could not be checked', text: describeError(err) }
}

/**
 * `/reset-password#<secret>`: the link from "Forgot password?" or from a workspace owner. The
 * secret is the URL fragment, which browsers never send to a server (no log, no Referer holds
 * it); it goes to the API in request bodies. Sets the new password with the account page's
 * rule and hint, then signs in (every other session of the account has ended).
 */
export function ResetPasswordPage() {
  const [secret] = useState(() => location.hash.slice(1))
  const { refresh } = useSession()
  const [info, setInfo] = useState<PasswordResetInfo | null>(null)
  const [failure, setFailure] = useState<unknown>(secret === '' ? new ApiError(404, 'reset_link_invalid', 'no secret') : null)
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const hint = passwordHint(password, info?.email ?? '')

  useEffect(() => {
    document.title = 'Choose a new password · Keel'
  }, [])

  useEffect(() => {
    if (secret === '') return
    const abort = new AbortController()
    api<PasswordResetInfo>('/api/auth/password-reset/inspect', { method: 'POST', body: { secret }, signal: abort.signal, quiet401: true }).then(
      setInfo,
      (err: unknown) => {
        if (!abort.signal.aborted) setFailure(err)
      },
    )
    return () => abort.abort()
  }, [secret])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await api<PasswordResetDone>('/api/auth/password-reset/complete', { method: 'POST', body: { secret, password }, quiet401: true })
      await refresh()
      // Replaces this history entry, so Back does not return to the (now used) link.
      navigate('/', { replace: true })
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setFailure(err)
      else setError(describeError(err))
      setBusy(false)
    }
  }

  if (failure !== null) {
    const dead = deadLink(failure)
    return (
      <AuthCard title={dead.title} testId="reset-password-invalid" footer={<Link href="/sign-in">Back to sign in</Link>}>
        <p className="auth__text">{dead.text}</p>
        <Link href="/forgot-password" className="button button--primary button--block">
          Ask for a new link
        </Link>
      </AuthCard>
    )
  }
  if (info === null) {
    return (
      <AuthCard title="Checking your link…" testId="reset-password-loading">
        <div className="skeleton__line" />
      </AuthCard>
    )
  }
  return (
    <AuthCard
      title="Choose a new password"
      subtitle={
        <>
          For <strong>{info.email}</strong>. Setting it signs you out of every other device and signs you in here.
        </>
      }
      testId="reset-password"
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <FormMessage tone="error" testId="reset-password-error">
            {error}
          </FormMessage>
        )}
        {/* Lets password managers pair the new password with the account. */}
        <input type="email" autoComplete="username" value={info.email} readOnly hidden />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          autoFocus
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={
            <span data-testid="password-hint">
              {hint.text}
              {hint.ok ? '' : ' A short phrase is easy to remember and hard to guess.'}
            </span>
          }
        />
        <button type="submit" className="button button--primary button--large button--block" disabled={busy || !hint.ok}>
          {busy ? 'Saving…' : 'Set password and sign in'}
        </button>
      </form>
    </AuthCard>
  )
}
