import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** Written into the data folder by whoever holds it (a running server, or a restore), removed when it ends. */
export const PID_FILE = 'keel.pid'

export type Holder = 'server' | 'restore'

export interface RunningServer {
  pid: number
  startedAt: string
  /** Absent in marks written before restore took the mark too: a server. */
  holder?: Holder
  /** Unique per claim: two claims by one process in the same millisecond are still told apart. */
  token?: string
}

/** The data folder is held by a live process: a server, or a restore under way. */
export class FolderHeld extends Error {
  constructor(
    readonly mark: RunningServer & { file: string },
    dataDir: string,
  ) {
    const who = mark.holder === 'restore' ? 'A keel restore' : 'A Keel server'
    super(`${who} (pid ${mark.pid}, started ${mark.startedAt}) is running on ${dataDir}`)
  }

  /** What to do if that process is not Keel after all (a pid reused after a crash). */
  get hint(): string {
    return `if it is not, delete ${this.mark.file}`
  }
}

export interface FolderClaim {
  /** The mark is still this claim's (nobody removed or replaced it). */
  held: () => boolean
  /** Removes the mark, only if it is still ours. */
  release: () => void
}

/**
 * Takes the data folder `dataDir` for this process: creates keel.pid exclusively (`wx`), so two
 * processes cannot both think they hold it. A mark whose process is gone (a crash, a kill -9) is
 * taken over; a live one throws FolderHeld. Taking over a stale mark re-reads it first and creates
 * ours exclusively again, so of two processes taking over at once, one wins and the other refuses.
 */
export function claimFolder(dataDir: string, holder: Holder): FolderClaim {
  const file = path.join(dataDir, PID_FILE)
  const mark: RunningServer = { pid: process.pid, startedAt: new Date().toISOString(), holder, token: randomUUID() }
  const text = `${JSON.stringify(mark)}\n`
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' })
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        const live = runningServer(dataDir)
        if (live) throw new FolderHeld(live, dataDir)
        throw err
      }
      const live = runningServer(dataDir)
      if (live) throw new FolderHeld(live, dataDir)
      // Stale (or unreadable): remove it and create ours once more, exclusively.
      fs.rmSync(file, { force: true })
    }
  }
  const ours = () => {
    const now = runningMark(file)
    return now?.pid === mark.pid && now.startedAt === mark.startedAt && now.token === mark.token
  }
  return {
    held: ours,
    release: () => {
      if (ours()) fs.rmSync(file, { force: true })
    },
  }
}

/**
 * Marks the data folder of `databaseFile` as served by this process, so an offline tool (restore)
 * can refuse to swap the database under it, and a second server on the same folder refuses to
 * start (FolderHeld). Returns the release. An in-memory database has no folder and no mark.
 */
export function markRunning(databaseFile: string): () => void {
  if (databaseFile === ':memory:') return () => {}
  const dir = path.dirname(databaseFile)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  try {
    return claimFolder(dir, 'server').release
  } catch (err) {
    if (err instanceof FolderHeld) throw new Error(`${err.message}: not starting a second one on the same data folder (${err.hint})`, { cause: err })
    throw err
  }
}

/**
 * The live holder of this data folder, or null. A mark whose process is gone (a crash, a kill
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
    if (typeof mark.pid !== 'number' || typeof mark.startedAt !== 'string') return null
    return {
      pid: mark.pid,
      startedAt: mark.startedAt,
      ...(mark.holder === 'restore' || mark.holder === 'server' ? { holder: mark.holder } : {}),
      ...(typeof mark.token === 'string' ? { token: mark.token } : {}),
    }
  } catch {
    return null
  }
}
