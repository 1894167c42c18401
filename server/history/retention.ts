import type { FastifyBaseLogger } from 'fastify'
import type { HistoryStore } from './history-store.ts'

/** How often automatic versions are thinned (workspaces with `thinAfterDays` set). */
export const THIN_INTERVAL_MS = 60 * 60_000

/**
 * Thins automatic versions older than each workspace's `thinAfterDays` to one per day, once at
 * start and hourly (an unref'd timer). Only version rows merge: the log's bytes stay, so every
 * state is still there to rebuild; named, restore and baseline versions are never touched.
 */
export class Thinner {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly history: HistoryStore,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.run()
    this.timer = setInterval(() => this.run(), THIN_INTERVAL_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  run(now = Date.now()): number {
    try {
      const removed = this.history.thin(now)
      if (removed > 0) this.log.info({ removed }, 'automatic versions thinned')
      return removed
    } catch (err) {
      this.log.error({ err }, 'thinning versions failed')
      return 0
    }
  }
}
