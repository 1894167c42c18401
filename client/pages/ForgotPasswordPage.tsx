import { useEffect, useState, type FormEvent } from 'react'
import { api, ApiError, describeError } from '../lib/http.ts'
import { useLocation } from '../lib/router.ts'
import { AuthCard } from '../components/AuthCard.tsx'
import { Field, FormMessage } from '../components/Field.tsx'
import { Link } from '../components/Link.tsx'

/**
 * `/forgot-password`: ask for a one-time link to choose a new password. The server answers the
 * same whether or not the email has an account, so this page says "if".
 */
export function ForgotPasswordPage() {
  const { search } = useLocation()
  const [email, setEmail] = useState(search.get('email') ?? '')
  const [busy, setBusy] = useState(false)
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    document.title = 'Reset your password · Keel'
  }, [])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await api('/api/auth/password-reset', { method: 'POST', body: { email }, quiet401: true })
      setSentTo(email.trim())
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 400
          ? 'Enter the email address you sign in with.'
          : err instanceof ApiError && err.code === 'too_many_attempts'
            ? `Several links were asked for this email already. Use the newest one, or try again in ${err.message.match(/\d+ min/)?.[0] ?? 'a while'}.`
            : describeError(err),
      )
    } finally {
      setBusy(false)
    }
  }

  if (sentTo !== null) {
    return (
      <AuthCard title="Check your email" testId="forgot-password-sent" footer={<Link href="/sign-in">Back to sign in</Link>}>
        <p className="auth__text">
          If <strong>{sentTo}</strong> has a Keel account, a link to choose a new password is on its way. It works once, for 1 hour.
        </p>
        <p className="auth__text">
          Nothing arrived? This server may not send email: ask a workspace owner for a reset link (Members, “Reset password”), or whoever runs Keel to read it
          with <code>npm run keel -- outbox</code>.
        </p>
      </AuthCard>
    )
  }

  return (
    <AuthCard
      title="Reset your password"
      subtitle="Enter the email you sign in with, and we’ll send you a link to choose a new password."
      testId="forgot-password"
      footer={
        <>
          Remembered it? <Link href="/sign-in">Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <FormMessage tone="error" testId="forgot-password-error">
            {error}
          </FormMessage>
        )}
        <Field label="Email" type="email" name="email" autoComplete="email" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} />
        <button type="submit" className="button button--primary button--large button--block" disabled={busy || email.trim() === ''}>
          {busy ? 'Sending…' : 'Send reset link'}
        </button>
      </form>
    </AuthCard>
  )
}
