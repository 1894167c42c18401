import { useState, type FormEvent } from 'react'
import { TOKEN_SCOPES } from '#shared/auth/roles'
import { api, describeError } from '../../lib/http.ts'
import type { CreatedToken, TokenScope, TokenView } from '../../lib/api-types.ts'
import { timeAgo } from '../../lib/format.ts'
import { useApi } from '../../lib/use-api.ts'
import { CopyField } from '../../components/CopyField.tsx'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

const scopeLabel: Record<TokenScope, string> = { read: 'Read only', write: 'Read and write' }

/** Your API tokens for this workspace (for scripts and the CLI): create, see once, revoke. */
export function TokensSection({ workspaceId }: { workspaceId: string }) {
  const tokens = useApi<TokenView[]>('/api/tokens')
  const [name, setName] = useState('')
  const [scope, setScope] = useState<TokenScope>('read')
  const [created, setCreated] = useState<CreatedToken | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const create = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const answer = await api<CreatedToken>('/api/tokens', { method: 'POST', body: { name, workspaceId, scope } })
      setCreated(answer)
      setName('')
      tokens.mutate((list) => [answer.token, ...list])
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (token: TokenView): Promise<void> => {
    setError(null)
    try {
      await api(`/api/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' })
      tokens.mutate((list) => list.map((t) => (t.id === token.id ? { ...t, revokedAt: new Date().toISOString() } : t)))
      if (created?.token.id === token.id) setCreated(null)
    } catch (err) {
      setError(describeError(err))
    }
  }

  const mine = tokens.data?.filter((t) => t.workspaceId === workspaceId) ?? []
  return (
    <Section
      title="API tokens"
      description="For scripts and the command line. A token acts as you, in this workspace only, and never with more than your role."
      testId="tokens-section"
    >
      <form className="inline-form" onSubmit={(e) => void create(e)}>
        <input
          className="input inline-form__grow"
          placeholder="Token name, e.g. Nightly eval script"
          aria-label="Token name"
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="token-name"
        />
        <select className="select" value={scope} aria-label="Token access" onChange={(e) => setScope(e.target.value as TokenScope)} data-testid="token-scope">
          {TOKEN_SCOPES.map((s) => (
            <option key={s} value={s}>
              {scopeLabel[s]}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--primary" disabled={busy || name.trim() === ''} data-testid="create-token">
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </form>
      {error && <FormMessage tone="error">{error}</FormMessage>}
      {created && (
        <div className="reveal reveal--warning" data-testid="token-created">
          <p className="reveal__text">
            <strong>Copy this token now.</strong> It is shown only once: Keel keeps just a fingerprint of it. If you lose it, revoke it and create another.
          </p>
          <CopyField value={created.secret} label="Token secret" testId="token-secret" />
          <div className="reveal__actions">
            <button type="button" className="button button--ghost" onClick={() => setCreated(null)}>
              I’ve copied it
            </button>
          </div>
        </div>
      )}
      <SectionState loaded={tokens} empty={mine.length === 0} emptyText="You have no tokens for this workspace.">
        <ul className="rows">
          {mine.map((t) => (
            <li key={t.id} className={`row${t.revokedAt ? ' row--muted' : ''}`} data-testid="token-row">
              <span className="row__icon" aria-hidden="true">
                <KeyIcon />
              </span>
              <div className="row__main">
                <div className="row__title">{t.name}</div>
                <div className="row__subtitle">
                  Created {timeAgo(t.createdAt)} · {t.lastUsedAt ? `last used ${timeAgo(t.lastUsedAt)}` : 'never used'}
                </div>
              </div>
              <span className={`pill${t.scope === 'write' ? ' pill--accent' : ''}`}>{scopeLabel[t.scope]}</span>
              <div className="row__actions">
                {t.revokedAt ? (
                  <span className="row__meta">Revoked</span>
                ) : (
                  <button type="button" className="button button--ghost button--danger" onClick={() => void revoke(t)}>
                    Revoke
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}

function KeyIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <circle cx="5.5" cy="10.5" r="3" />
      <path d="m7.6 8.4 6-6M11.5 4.5l2 2" />
    </svg>
  )
}
