import fs from 'node:fs'
import path from 'node:path'

/** Written into the data folder by a running server (pid and start time), removed when it stops. */
export const PID_FILE = 'keel.pid'

export interface RunningServer {
  pid: number
  startedAt: string
}

/**
 * Marks the data folder of `databaseFile` as served by this process, so an offline tool (restore)
 * can refuse to swap the database under it. Returns the release, which removes the mark only if
 * it is still ours. An in-memory database has no folder and no mark.
 */
export function markRunning(databaseFile: string): () => void {
  if (databaseFile === ':memory:') return () => {}
  const file = path.join(path.dirname(databaseFile), PID_FILE)
  const mark: RunningServer = { pid: process.pid, startedAt: new Date().toISOString() }
  fs.writeFileSync(file, `${JSON.stringify(mark)}\n`, { mode: 0o600 })
  return () => {
    if (runningMark(file)?.startedAt === mark.startedAt) fs.rmSync(file, { force: true })
  }
}

/**
 * The server running on this data folder, or null. A mark whose process is gone (a crash, a kill
 * -9) does not count: the process table says whether the pid lives. A pid reused by another
 * process after a crash reads as running; the refusal says which pid and file, so an operator can
 * check and delete it.
 */
export function runningServer(dataDir: string): (RunningServer & { file: string }) | null {
  const file = path.join(dataDir, PID_FILE)
  const mark = runningMark(file)
  if (!mark) return null
  try {
    process.kill(mark.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null
  }
  return { ...mark, file }
}

function runningMark(file: string): RunningServer | null {
  try {
    const mark = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunningServer>
    return typeof mark.pid === 'number' && typeof mark.startedAt === 'string' ? { pid: mark.pid, startedAt: mark.startedAt } : null
  } catch {
    return null
  }
}
