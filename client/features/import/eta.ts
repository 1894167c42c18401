import type { ImportProgress } from '#shared/api/imports'

/**
 * How far the run is, 0 to 1: each page made (the first pass) and each file written (the second)
 * is one step, the second pass weighted by bytes so a few large files do not stall the bar.
 */
export function fraction(p: ImportProgress): number {
  const steps = p.pagesTotal + p.filesTotal
  if (steps === 0) return 1
  const written = p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * p.filesTotal : p.filesDone
  return Math.min(1, (p.pagesDone + written) / steps)
}

/** Seconds left at the rate so far, or null before there is a rate. */
export function etaSeconds(p: ImportProgress, now: number): number | null {
  if (!p.startedAt) return null
  const elapsed = (now - Date.parse(p.startedAt)) / 1000
  const done = fraction(p)
  if (done <= 0 || done >= 1 || elapsed <= 0) return null
  return Math.ceil(elapsed / done - elapsed)
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}
