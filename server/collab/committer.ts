import type { FastifyBaseLogger } from 'fastify'
import type { Store } from '../store/store.ts'
import { faultPoint } from './faults.ts'
import { CloseCode } from '#shared/protocol/index'
import { ApplyFailed } from './apply-failed.ts'
import type { PreparedBatch, Room } from './room.ts'
import { batchSends } from './send-batch.ts'

export interface CommitterOptions {
  /**
   * How long to gather updates before one commit. 0 (default) commits on the next turn of the
   * event loop (setImmediate): every frame that arrived in the same I/O phase shares one fsync.
   */
  windowMs: number
  /** Called after each successful commit of a room (compaction and indexing hang off this). */
  onCommitted?: (room: Room) => void
  /** Called when the store refused a batch and these rooms were dropped. */
  onFailed?: (rooms: Room[], error: unknown) => void
}

/**
 * Group commit across every room: gathers queued updates, applies them, stores them all in one
 * SQLite transaction, and only then broadcasts and acknowledges, all in one synchronous step.
 */
export class Committer {
  private readonly dirty = new Set<Room>()
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null
  /** Commits done and records written, for /api/health and benchmarks. */
  readonly stats = { commits: 0, records: 0, failures: 0 }

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly options: CommitterOptions,
  ) {}

  /** Marks a room as having queued updates and makes sure a commit is coming. */
  schedule(room: Room): void {
    this.dirty.add(room)
    if (this.scheduled) return
    this.scheduled = this.options.windowMs > 0 ? setTimeout(this.flush, this.options.windowMs) : setImmediate(this.flush)
  }

  /** Commits everything queued now. Safe to call at any time (shutdown calls it directly). */
  readonly flush = (): void => {
    if (this.scheduled) {
      clearTimeout(this.scheduled as NodeJS.Timeout)
      clearImmediate(this.scheduled as NodeJS.Immediate)
      this.scheduled = null
    }
    if (this.dirty.size === 0) return
    const rooms = [...this.dirty].filter((room) => !room.failed && room.hasPending)
    this.dirty.clear()
    const now = Date.now()
    const batches: PreparedBatch[] = []
    for (const room of rooms) {
      try {
        batches.push(room.prepare(now))
      } catch (error) {
        this.applyFailed(room, error)
      }
    }
    const records = batches.flatMap((b) => b.records)
    let seqs: number[]
    try {
      if (records.length > 0) faultPoint('before-commit')
      seqs = records.length > 0 ? this.store.append(records) : []
    } catch (error) {
      this.stats.failures++
      this.log.error({ err: error, rooms: rooms.map((r) => r.id) }, 'commit failed; dropping affected rooms')
      for (const room of rooms) room.commitFailed()
      this.options.onFailed?.(rooms, error)
      return
    }
    if (records.length > 0) faultPoint('after-commit-before-ack')
    this.stats.commits++
    this.stats.records += records.length
    let offset = 0
    const broadcast = (): void => {
      for (const batch of batches) {
        batch.room.commitSucceeded(batch, seqs.slice(offset, offset + batch.records.length))
        offset += batch.records.length
      }
    }
    // With several updates, a socket may get several frames: each socket's frames of this commit
    // leave in one write (send-batch.ts). One update is one frame per socket: nothing to coalesce.
    if (records.length > 1) batchSends(broadcast)
    else broadcast()
    for (const batch of batches) this.options.onCommitted?.(batch.room)
  }

  /** Stores one prepared batch now (a server-side change); throws, dropping the room, if refused. */
  commitLocal(room: Room, batch: PreparedBatch): void {
    let seqs: number[]
    try {
      seqs = batch.records.length > 0 ? this.store.append(batch.records) : []
    } catch (error) {
      this.stats.failures++
      this.log.error({ err: error, room: room.id }, 'server-side change could not be stored; dropping the room')
      room.commitFailed()
      this.options.onFailed?.([room], error)
      throw error
    }
    this.stats.commits++
    this.stats.records += batch.records.length
    room.commitSucceeded(batch, seqs)
    this.options.onCommitted?.(room)
  }

  get idle(): boolean {
    return this.dirty.size === 0
  }

  /**
   * A room whose update threw inside Yjs (see Room.prepare): the sender is closed as malformed;
   * the room is dropped like one whose commit failed, without storing anything of this batch.
   * Nothing in it was acknowledged, so its other peers resend their changes when they reconnect
   * (4500) to a room loaded afresh from what is stored. Every other room commits as usual.
   */
  private applyFailed(room: Room, error: unknown): void {
    this.stats.failures++
    const offender = error instanceof ApplyFailed ? error.peer : null
    this.log.warn({ err: error, docId: room.id, userId: offender?.userId }, 'an update failed to apply; room dropped')
    offender?.close(CloseCode.MalformedMessage, 'update failed to apply')
    room.commitFailed()
    this.options.onFailed?.([room], error)
  }
}
