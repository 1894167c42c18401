import type { FastifyBaseLogger } from 'fastify'
import type { RoomRegistry } from '../collab/registry.ts'
import type { DeletedPages } from './deleted-pages.ts'

const DAY_MS = 86_400_000
/** How often the purge job looks for pages past their retention. */
export const PURGE_INTERVAL_MS = 60 * 60_000

/**
 * Erases pages deleted more than `retentionDays` ago: once at start, then every hour (an unref'd
 * timer: it never keeps the process alive). It commits nothing on anyone's behalf: a document
 * whose room is loaded with updates still queued is left for the next run.
 */
export class Purger {
  private timer: NodeJS.Timeout | null = null
  readonly stats = { purged: 0, skipped: 0 }

  constructor(
    private readonly deleted: DeletedPages,
    private readonly registry: RoomRegistry,
    private readonly log: FastifyBaseLogger,
    private readonly retentionDays: number,
  ) {}

  start(): void {
    this.run()
    this.timer = setInterval(() => this.run(), PURGE_INTERVAL_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** One pass at time `now` (a parameter, so tests can move the clock). Returns the ids erased. */
  run(now = Date.now()): string[] {
    const erased: string[] = []
    for (const docId of this.deleted.due(now - this.retentionDays * DAY_MS)) {
      try {
        if (!this.registry.discard(docId)) {
          this.stats.skipped++
          continue
        }
        this.deleted.erase(docId)
        erased.push(docId)
        this.stats.purged++
      } catch (err) {
        // The next run tries again; one bad row must not stop the others.
        this.log.error({ err, docId }, 'purging a deleted page failed')
      }
    }
    if (erased.length > 0) this.log.info({ count: erased.length }, 'deleted pages purged')
    return erased
  }
}
