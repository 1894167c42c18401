/**
 * Which backups to keep: the newest successful backup of each of the last `hourly` UTC hours, the
 * last `daily` UTC days and the last `weekly` ISO weeks that have one (the buckets of borg/restic
 * "keep-hourly/daily/weekly"), counted from the newest backup backwards, so a server that was off
 * for a week still keeps 24 backups rather than none. One backup may fill several buckets at once
 * (the newest is that hour's, that day's and that week's). The newest successful backup is always
 * kept, whatever the policy says.
 *
 * Failed backups hold no data (their partial file is removed), only the manifest that says why:
 * the newest `hourly` of them (at least one) stay listed, so a failure stays visible for about as
 * long as an hourly backup would. A folder listed 'unreadable' (its manifest is there but cannot be
 * read) is always kept.
 */

export interface KeepPolicy {
  hourly: number
  daily: number
  weekly: number
}

export interface Dated {
  id: string
  createdAt: string
  status: 'ok' | 'failed' | 'unreadable'
}

const HOUR_MS = 3600_000

/** The ISO week (Monday first, UTC) of a time, as `YYYY-Www`: the week of its Thursday. */
export function isoWeek(ms: number): string {
  const d = new Date(ms)
  const day = (d.getUTCDay() + 6) % 7 // Monday 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3)
  const year = new Date(thursday).getUTCFullYear()
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 24 * HOUR_MS))
  return `${year}-W${String(week).padStart(2, '0')}`
}

const buckets: Record<keyof KeepPolicy, (ms: number) => string> = {
  hourly: (ms) => new Date(ms).toISOString().slice(0, 13),
  daily: (ms) => new Date(ms).toISOString().slice(0, 10),
  weekly: isoWeek,
}

/** The ids to keep; every other backup may be deleted. */
export function backupsToKeep(backups: readonly Dated[], policy: KeepPolicy): Set<string> {
  const newestFirst = [...backups].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
  const ok = newestFirst.filter((b) => b.status === 'ok')
  const keep = new Set<string>()
  if (ok[0]) keep.add(ok[0].id)
  for (const kind of Object.keys(buckets) as (keyof KeepPolicy)[]) {
    const seen = new Set<string>()
    for (const b of ok) {
      if (seen.size >= policy[kind]) break
      const key = buckets[kind](Date.parse(b.createdAt))
      if (seen.has(key)) continue
      seen.add(key)
      keep.add(b.id)
    }
  }
  // A folder whose manifest cannot be read is never ours to delete: it may hold a good copy.
  for (const b of newestFirst) if (b.status === 'unreadable') keep.add(b.id)
  for (const b of newestFirst.filter((x) => x.status === 'failed').slice(0, Math.max(1, policy.hourly))) keep.add(b.id)
  return keep
}
