import { useState, type FormEvent } from 'react'
import type { HistoryRetention } from '#shared/api/history'
import { api, describeError } from '../../lib/http.ts'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

/**
 * Version history retention, for owners. Every version is kept by default (no plan cap); an
 * owner may thin automatic versions older than some days to one per day. Named versions and
 * restores are never thinned, and thinning drops only version rows: any edit stays in the log.
 */
export function HistorySection({ workspaceId }: { workspaceId: string }) {
  const path = `/api/workspaces/${encodeURIComponent(workspaceId)}/history-retention`
  const setting = useApi<HistoryRetention>(path)
  const [draft, setDraft] = useState<{ thin: boolean; days: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const saved = setting.data
  const value = draft ?? { thin: saved?.thinAfterDays != null, days: String(saved?.thinAfterDays ?? 90) }
  const days = Number(value.days)
  const valid = !value.thin || (Number.isInteger(days) && days >= 1 && days <= 3650)

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!valid) return
    setBusy(true)
    setMessage(null)
    try {
      const next = await api<HistoryRetention>(path, { method: 'PUT', body: { thinAfterDays: value.thin ? days : null } })
      setting.mutate(() => next)
      setDraft(null)
      setMessage({
        tone: 'success',
        text: next.thinAfterDays === null ? 'Every version is kept.' : `Automatic versions older than ${next.thinAfterDays} days are thinned to one per day.`,
      })
    } catch (err) {
      setMessage({ tone: 'error', text: describeError(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Section
      title="Version history"
      description="Every version of every page is kept, with no limit. Named versions and restores are never thinned."
      testId="history-retention-section"
    >
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      <SectionState loaded={setting} empty={false} emptyText="">
        <form className="retention" onSubmit={(e) => void save(e)}>
          <label className="retention__option">
            <input type="radio" name="retention" checked={!value.thin} onChange={() => setDraft({ ...value, thin: false })} />
            Keep every version
          </label>
          <label className="retention__option">
            <input type="radio" name="retention" checked={value.thin} onChange={() => setDraft({ ...value, thin: true })} />
            Thin automatic versions older than
            <input
              type="number"
              className="retention__days"
              min={1}
              max={3650}
              value={value.days}
              disabled={!value.thin}
              aria-label="Days"
              aria-invalid={!valid}
              onChange={(e) => setDraft({ thin: true, days: e.target.value })}
            />
            days to one per day
          </label>
          <button type="submit" className="button" disabled={busy || !valid || draft === null} data-testid="retention-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </form>
      </SectionState>
    </Section>
  )
}
