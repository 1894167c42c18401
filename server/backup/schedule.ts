import type { Backups } from './backups.ts'

/** The first scheduled backup waits at least this long after start (start-up has its own load). */
const FIRST_AFTER_MS = 60_000

/**
 * Runs a backup every `everyMs`, counted from the newest backup on disk, so a server restarted
 * more often than the interval (deploys) still backs up on time instead of never.
 */
export class Schedule {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly backups: Pick<Backups, 'list' | 'run'>,
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the next backup is due. */
  nextInMs(): number {
    const newest = this.backups.list().find((b) => b.status === 'ok')
    const due = newest ? Date.parse(newest.createdAt) + this.everyMs - this.now() : 0
    return Math.max(FIRST_AFTER_MS, Math.min(this.everyMs, due))
  }

  start(): void {
    this.plan(this.nextInMs())
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private plan(delay: number): void {
    this.timer = setTimeout(() => {
      // run() never rejects: a failure is a failed manifest, logged by Backups.
      void this.backups.run('schedule').then(() => {
        if (this.timer) this.plan(this.everyMs)
      })
    }, delay)
    this.timer.unref()
  }
}
