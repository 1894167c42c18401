import { useEffect, useState } from 'react'
import type { BackupList, BackupManifest } from '#shared/api/backup'
import { api, describeError } from '../../lib/http.ts'
import { timeAgo } from '../../lib/format.ts'
import { useApi } from '../../lib/use-api.ts'
import { FormMessage } from '../../components/Field.tsx'
import { Section, SectionState } from '../../components/Section.tsx'

const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

/** What is backed up, how often, what is kept, and where a restore happens. */
function schedule(list: BackupList): string {
  const m = list.intervalMinutes
  const every = m === 0 ? 'when someone asks (no schedule)' : m === 60 ? 'every hour' : m % 60 === 0 ? `every ${m / 60} hours` : `every ${m} minutes`
  const kept = `the newest of each of the last ${list.keep.hourly} hours, ${list.keep.daily} days and ${list.keep.weekly} weeks`
  return `The whole server, every workspace, taken ${every}; kept: ${kept}. Restores are run on the server (keel restore).`
}

function checks(b: BackupManifest): string {
  if (!b.checks) return ''
  const docs = `${b.checks.documents.toLocaleString()} document${b.checks.documents === 1 ? '' : 's'}`
  return `integrity ${b.checks.integrity === 'ok' ? 'ok' : 'failed'} · ${docs} · schema ${b.checks.schemaVersion}`
}

/**
 * The server's backups, for instance administrators only (WorkspacePage shows this section to an
 * owner whose who-am-I says `admin`): they cover the whole instance (every workspace), so the list
 * is the same in every workspace an admin owns (docs/decisions/0007-backups.md). A failed backup is
 * listed with its reason; restoring is done on the server (`keel restore`).
 */
export function BackupsSection({ workspaceId, pollMs = 3000 }: { workspaceId: string; pollMs?: number }) {
  const path = `/api/workspaces/${encodeURIComponent(workspaceId)}/backups`
  const list = useApi<BackupList>(path)
  // A backup someone else started (the schedule, another admin) shows up when it is done.
  const othersRunning = list.data?.running === true
  const { reload } = list
  useEffect(() => {
    if (!othersRunning) return
    const timer = setTimeout(reload, pollMs)
    return () => clearTimeout(timer)
  }, [othersRunning, reload, pollMs, list.data])
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)

  const now = async (): Promise<void> => {
    setBusy(true)
    setMessage(null)
    try {
      const b = await api<BackupManifest>(path, { method: 'POST', body: {} })
      setMessage(
        b.status === 'ok' ? { tone: 'success', text: `Backed up and verified: ${size(b.bytes)}.` } : { tone: 'error', text: `The backup failed: ${b.error}` },
      )
      list.reload()
    } catch (err) {
      setMessage({ tone: 'error', text: describeError(err) })
    } finally {
      setBusy(false)
    }
  }

  const data = list.data
  const rows = data?.backups ?? []
  const running = busy || data?.running === true
  return (
    <Section
      title="Backups"
      description={
        data ? (data.enabled ? schedule(data) : 'This server keeps its data in memory: there is nothing to back up.') : 'Backups of this whole server.'
      }
      action={
        <button type="button" className="button" disabled={running || data?.enabled !== true} onClick={() => void now()} data-testid="backup-now">
          {running ? 'Backing up…' : 'Back up now'}
        </button>
      }
      testId="backups-section"
    >
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      <SectionState loaded={list} empty={rows.length === 0} emptyText="No backup yet.">
        <ul className="rows">
          {rows.map((b) => (
            <li key={b.id} className="row" data-testid="backup-row">
              <div className="row__main">
                <div className="row__title">
                  {when(b.createdAt)}
                  <span className={`pill ${b.status === 'ok' ? 'pill--active' : 'pill--failed'}`}>{b.status === 'ok' ? 'verified' : b.status}</span>
                </div>
                <div className="row__subtitle">
                  {timeAgo(b.createdAt)} · {b.trigger === 'schedule' ? 'scheduled' : b.trigger === 'manual' ? 'on demand' : 'from the command line'}
                  {b.status === 'ok' && ` · ${size(b.bytes)} · took ${(b.durationMs / 1000).toFixed(1)} s · ${checks(b)}`}
                </div>
                {b.error && <div className="row__subtitle backup-error">{b.error}</div>}
              </div>
            </li>
          ))}
        </ul>
      </SectionState>
    </Section>
  )
}
