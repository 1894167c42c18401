import type { FastifyBaseLogger } from 'fastify'
import type { DocExtension } from '../collab/extension.ts'
import type { Room } from '../collab/room.ts'
import type { HistoryStore, VersionRow } from './history-store.ts'
import type { RecordInput, VersionRecorder } from './recorder.ts'

export interface BurstOptions {
  /** A burst closes this long after its last edit (KEEL_HISTORY_IDLE_MINUTES, default 5 min). */
  idleMs: number
  /** ...or once it spans this long (KEEL_HISTORY_MAX_SPAN_MINUTES, default 60): a day of editing is not one version. */
  maxSpanMs: number
  /** ...or once it holds this many updates (KEEL_HISTORY_MAX_UPDATES, default 2000). */
  maxUpdates: number
}

/** The edits after the newest version of a loaded page, not yet closed into one. */
export interface Burst {
  fromSeq: number
  startedAt: number
  lastAt: number
}

interface Tracked {
  room: Room
  /** The newest version's state: the burst starts after it. */
  lastToSeq: number
  burst: Burst | null
  timer: NodeJS.Timeout | null
  closing: NodeJS.Immediate | null
  /** Closes that failed in a row, and when the next may be tried (a backoff, see retryDelay). */
  failures: number
  retryAt: number
  /** A restore whose version could not be recorded: its retry records it as the restore it is. */
  pending: Omit<RecordInput, 'fromSeq'> | null
}

/** The first retry after a failed close; doubled per failure, at most the idle time. */
const RETRY_MS = 1000

/**
 * The 'history' document extension: groups a page's commits into bursts and closes each into a
 * version (VersionRecorder). `afterCommit` is bookkeeping only (a Map lookup and three numbers:
 * no encoding, no JSON, no query), so history costs the edit path nothing measurable; one
 * unref'd timer per open burst re-arms itself for the remaining idle time instead of being reset
 * on every commit. A burst closes when idle, when the last peer leaves, on unload and shutdown
 * (synchronously: the room is still intact), past its span or size, and before a named version or
 * a restore. Nothing is written per commit, so after a crash the next load finds the updates after
 * the newest version and reopens their burst.
 */
export class VersionTracker implements DocExtension {
  readonly name = 'history'
  private readonly rooms = new Map<string, Tracked>()

  constructor(
    private readonly history: HistoryStore,
    private readonly recorder: VersionRecorder,
    private readonly log: FastifyBaseLogger,
    private readonly options: BurstOptions,
    private readonly now: () => number = Date.now,
  ) {}

  onLoad(room: Room): void {
    if (!this.history.isPage(room.id)) return
    const t: Tracked = {
      room,
      lastToSeq: this.history.latest(room.id)?.toSeq ?? 0,
      burst: null,
      timer: null,
      closing: null,
      failures: 0,
      retryAt: 0,
      pending: null,
    }
    this.rooms.set(room.id, t)
    if (room.lastSeq <= t.lastToSeq) return
    // Updates after the newest version: the burst a crash (or a kill) left open.
    const span = this.history.logSpan(room.id, t.lastToSeq)
    const at = this.now()
    t.burst = { fromSeq: t.lastToSeq + 1, startedAt: span?.firstAt ?? at, lastAt: span?.lastAt ?? at }
    this.arm(t, this.options.idleMs)
  }

  afterCommit(room: Room): void {
    const t = this.rooms.get(room.id)
    if (!t || t.room !== room || room.lastSeq <= t.lastToSeq) return
    const now = this.now()
    let burst = t.burst
    if (!burst) burst = t.burst = { fromSeq: t.lastToSeq + 1, startedAt: now, lastAt: now }
    // Whenever no timer runs (a new burst, or one whose timer was lost): the burst must idle-close.
    if (!t.timer) this.arm(t, this.options.idleMs)
    burst.lastAt = now
    if (room.lastSeq - burst.fromSeq + 1 >= this.options.maxUpdates || now - burst.startedAt >= this.options.maxSpanMs) this.closeSoon(t)
  }

  afterLeave(room: Room): void {
    const t = this.rooms.get(room.id)
    if (t && t.room === room && room.peers.size === 0 && t.burst) this.closeSoon(t)
  }

  onUnload(room: Room): void {
    const t = this.rooms.get(room.id)
    if (!t || t.room !== room) return
    // A failed room's doc may hold what is not on disk: its burst is reopened by the next load.
    if (!room.failed) this.close(t)
    this.forget(t)
  }

  flush(): void {
    for (const t of [...this.rooms.values()]) if (!t.room.failed) this.close(t)
  }

  /** The open burst of a loaded page, if any. */
  burstOf(docId: string): Burst | null {
    return this.rooms.get(docId)?.burst ?? null
  }

  /**
   * Closes the open burst of a loaded page now, as `input` says (a named version, a restore);
   * with `always`, records a version even when nothing changed since the newest one. Null when
   * the document is not a loaded page or there was nothing to close.
   */
  closeNow(docId: string, input: Omit<RecordInput, 'fromSeq'> = { kind: 'auto' }, always = false): VersionRow | null {
    const t = this.rooms.get(docId)
    if (!t) return null
    if (t.burst || always) return this.close(t, input, true)
    return null
  }

  private arm(t: Tracked, delay: number): void {
    if (t.timer) clearTimeout(t.timer)
    t.timer = setTimeout(() => {
      t.timer = null
      if (!t.burst || this.rooms.get(t.room.id) !== t) return
      const now = this.now()
      const idle = now - t.burst.lastAt
      // After a failed close, retry when its backoff is over, idle or not (it may be past its size).
      if (idle >= this.options.idleMs || (t.failures > 0 && now >= t.retryAt)) this.close(t)
      else this.arm(t, Math.min(this.options.idleMs - idle, t.failures > 0 ? t.retryAt - now : Infinity))
    }, delay)
    t.timer.unref()
  }

  private closeSoon(t: Tracked): void {
    if (t.closing) return
    // A close failed lately: the retry timer tries again, not every commit (a storm of failing closes).
    if (t.failures > 0 && this.now() < t.retryAt) return
    // Off the commit path: after this commit's broadcasts, before the next batch.
    t.closing = setImmediate(() => {
      t.closing = null
      if (this.rooms.get(t.room.id) === t && !t.room.failed) this.close(t)
    })
  }

  private close(t: Tracked, input: Omit<RecordInput, 'fromSeq'> = { kind: 'auto' }, rethrow = false): VersionRow | null {
    const burst = t.burst
    if (input.kind === 'auto' && t.pending) input = t.pending
    if (!burst && input.kind === 'auto') return null
    try {
      const version = this.recorder.record(t.room, { ...input, fromSeq: burst?.fromSeq ?? t.lastToSeq + 1 }, this.now())
      t.lastToSeq = version.toSeq
      t.burst = null
      t.failures = 0
      t.pending = null
      if (t.timer) clearTimeout(t.timer)
      t.timer = null
      return version
    } catch (err) {
      // The burst stays open: a retry after a backoff (or the next trigger, or the next load) closes it.
      t.failures++
      if (input.kind === 'restore' && burst) t.pending = input
      const delay = Math.min(this.options.idleMs, RETRY_MS * 2 ** Math.min(t.failures - 1, 20))
      t.retryAt = this.now() + delay
      if (t.burst) this.arm(t, delay)
      this.log.error({ err, docId: t.room.id, failures: t.failures }, 'closing a version failed')
      if (rethrow) throw err
      return null
    }
  }

  private forget(t: Tracked): void {
    if (t.timer) clearTimeout(t.timer)
    if (t.closing) clearImmediate(t.closing)
    this.rooms.delete(t.room.id)
  }
}
