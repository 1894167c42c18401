import { useCallback, useEffect, useState } from 'react'
import { importApi, type ImportJob, type ImportReport } from './api.ts'

const POLL_MS = 500

/**
 * The job named in the URL, polled while it runs (so a reload, or another tab, picks it up), and
 * its report once it has finished.
 */
export function useImportJob(projectId: string, jobId: string | null) {
  const [job, setJob] = useState<ImportJob | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<unknown>(null)
  // Bumped to poll again (after Run: the job the hook holds was planned, now it runs).
  const [round, setRound] = useState(0)

  useEffect(() => {
    setReport(null)
    setError(null)
    if (!jobId) return setJob(null)
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const next = await importApi.job(projectId, jobId)
        if (stop) return
        setJob(next)
        if (next.status === 'running' || next.status === 'queued') timer = setTimeout(() => void tick(), POLL_MS)
        else if (next.status !== 'planned') setReport(await importApi.report(projectId, jobId))
      } catch (err) {
        if (!stop) setError(err)
      }
    }
    void tick()
    return () => {
      stop = true
      clearTimeout(timer)
    }
  }, [projectId, jobId, round])

  const restart = useCallback((next: ImportJob) => {
    setJob(next)
    setRound((r) => r + 1)
  }, [])
  return { job, report, error, setReport, restart }
}
