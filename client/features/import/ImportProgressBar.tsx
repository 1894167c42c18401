import { useEffect, useState } from 'react'
import type { ImportJob } from './api.ts'
import { etaSeconds, formatBytes, fraction } from './eta.ts'

/** Files and bytes done, and the time left at the rate so far. */
export function ImportProgressBar({ progress }: { progress: ImportJob['progress'] }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  const p = progress
  const share = Math.floor(fraction(p) * 100)
  const making = p.pagesDone < p.pagesTotal
  const eta = etaSeconds(p, now)
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress__bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share} aria-label="Import progress">
        <div className="import-progress__fill" style={{ width: `${share}%` }} />
      </div>
      <p className="import-progress__text" data-testid="import-progress-text">
        {making ? `Making pages: ${p.pagesDone} of ${p.pagesTotal}` : `Writing: ${p.filesDone} of ${p.filesTotal} files`} · {formatBytes(p.bytesDone)} of{' '}
        {formatBytes(p.bytesTotal)} · {share}%{eta !== null ? ` · about ${eta < 60 ? `${eta} s` : `${Math.ceil(eta / 60)} min`} left` : ''}
      </p>
    </div>
  )
}
