import { useEffect, useState, type FormEvent } from 'react'
import { api, ApiError, describeError } from '../lib/http.ts'
import { Link } from '../components/Link.tsx'
import { useLocation, workspacePath } from '../lib/router.ts'
import { useMe, useSession } from '../lib/auth-session.tsx'
import { Field, FormMessage } from '../components/Field.tsx'
import { PageShell } from '../components/PageShell.tsx'
import { UserAvatar } from '../components/UserAvatar.tsx'
import { passwordHint } from './account/password-hint.ts'
import { SessionsSection } from './account/SessionsSection.tsx'

/** `/settings/account`: your name, password and sessions. After the first-start link, it asks for a password. */
export function AccountPage() {
  const me = useMe()
  const { search } = useLocation()
  const welcome = search.get('welcome') === '1' && !me.user.hasPassword
  // Decided once: setting the password must not reorder (and so remount) the cards under the user.
  const [passwordFirst] = useState(welcome)
  const home = me.workspaces[0]

  useEffect(() => {
    document.title = 'Account settings · Keel'
  }, [])

  return (
    <PageShell topBar={{ workspaceId: home?.id ?? null, crumbs: [{ label: 'Account settings' }] }} testId="account-page">
      <div className="screen__column screen__column--narrow">
        <header className="screen__header">
          <h1 className="screen__title">Account settings</h1>
          <p className="screen__subtitle">How you appear to others, and how you sign in.</p>
        </header>
        {welcome && (
          <div className="banner" data-testid="welcome-banner">
            <strong>Welcome to Keel.</strong> Choose a password now: the link you used works only once, and you’ll need the password to sign in next time.
          </div>
        )}
        {/* Straight from the one-time link, the password is the one thing left to do: put it first. */}
        {passwordFirst ? (
          <>
            <PasswordSection autoFocus />
            <ProfileSection />
          </>
        ) : (
          <>
            <ProfileSection />
            <PasswordSection />
          </>
        )}
        <SessionsSection />
        {me.user.hasPassword && home && (
          <p className="screen__aside">
            <Link href={workspacePath(home.id)}>← Back to {home.name}</Link>
          </p>
        )}
      </div>
    </PageShell>
  )
}

function ProfileSection() {
  const { user } = useMe()
  const { refresh } = useSession()
  const [name, setName] = useState(user.name)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setMessage(null)
    try {
      await api('/api/auth/me', { method: 'PATCH', body: { name } })
      await refresh()
      setMessage({ tone: 'success', text: 'Saved. Others see your new name the next time you open a document.' })
    } catch (err) {
      setMessage({ tone: 'error', text: describeError(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card">
      <div className="card__header">
        <h2 className="card__title">Profile</h2>
      </div>
      <form className="card__body form" onSubmit={(e) => void submit(e)}>
        <div className="profile-row">
          <UserAvatar name={name || user.name} color={user.color} size={44} />
          <div>
            <div className="profile-row__name">{user.name}</div>
            <div className="profile-row__email">{user.email}</div>
          </div>
        </div>
        <Field
          label="Name"
          hint="Shown on your avatar and next to your cursor in documents."
          maxLength={40}
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy || name.trim() === '' || name.trim() === user.name}>
            {busy ? 'Saving…' : 'Save name'}
          </button>
        </div>
      </form>
    </section>
  )
}

function PasswordSection({ autoFocus = false }: { autoFocus?: boolean }) {
  const { user } = useMe()
  const { refresh } = useSession()
  const [current, setCurrent] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)
  const hasPassword = user.hasPassword
  const hint = passwordHint(password, user.email)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setMessage(null)
    try {
      await api('/api/auth/password', { method: 'PUT', body: hasPassword ? { password, current } : { password } })
      await refresh()
      setCurrent('')
      setPassword('')
      setMessage({
        tone: 'success',
        text: hasPassword ? 'Password changed. Your other sessions were signed out.' : 'Password set. Use it with your email to sign in.',
      })
    } catch (err) {
      setMessage({
        tone: 'error',
        text: err instanceof ApiError && err.code === 'invalid_credentials' ? 'Your current password is not right.' : describeError(err),
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" data-testid="password-section">
      <div className="card__header">
        <h2 className="card__title">{hasPassword ? 'Change password' : 'Choose a password'}</h2>
      </div>
      <form className="card__body form" onSubmit={(e) => void submit(e)}>
        {/* Lets password managers pair the new password with the account. */}
        <input type="email" autoComplete="username" value={user.email} readOnly hidden />
        {hasPassword && (
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
        <Field
          label={hasPassword ? 'New password' : 'Password'}
          type="password"
          autoComplete="new-password"
          autoFocus={autoFocus}
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
        {hasPassword && current === '' && password !== '' && <p className="field__hint">Enter your current password to change it.</p>}
        {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy || !hint.ok || (hasPassword && current === '')}>
            {busy ? 'Saving…' : hasPassword ? 'Change password' : 'Set password'}
          </button>
        </div>
      </form>
    </section>
  )
}
