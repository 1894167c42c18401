/*
 * Over 300 lines on purpose (issue #18), read top to bottom: the registry is a room's whole life
 * (load, join and leave, admission and enqueue, server-side change, compaction, unload, drop), and
 * every step guards on state the others change: the rooms map (`rooms.get(id) === room`), the
 * unload and compaction timers drop() clears, `failed`, and flush-before-unload. The compaction
 * scheduling looks separable but reads and clears those same maps; split, the checks that keep a
 * dropped room from being compacted or unloaded again would be spread over files.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Limits } from '#shared/limits'
import { CloseCode } from '#shared/protocol/index'
import type { Store } from '../store/store.ts'
import { Committer } from './committer.ts'
import { type DocExtension, DocPipeline } from './extension.ts'
import { faultPoint } from './faults.ts'
import type { Peer } from './peer.ts'
import { Room } from './room.ts'
import { prepareServerChange, type ServerChange } from './server-change.ts'
import { DocumentTooLarge } from './too-large.ts'
import { assertValidUpdate, type ClockRange, type UpdateShape } from './validate.ts'
import type * as Y from 'yjs'

/**
 * A document past its byte limit is compacted after commits (only deletions get in then), at most
 * this often: a compaction of a 32 MiB document is a full encode, not something to do per key.
 */
const OVER_LIMIT_COMPACT_MS = 1000
/**
 * An update that passes the byte limit makes the room compact first (the log may shrink), but at
 * most this often per room: a document hovering at the limit must not cost a full encode per key.
 */
const ADMISSION_COMPACT_MS = 5000

/** The author of server-side changes: never connected, so it receives nothing. */
function serverPeer(userId: string): Peer {
  return { id: 0, userId, identity: { id: userId, name: 'Keel', color: '#888' }, send() {}, ack() {}, close() {} }
}

export interface RegistryOptions {
  /** How long a room with no peers stays loaded, in ms. Default 30 s. */
  unloadDelayMs: number
  /** Compact once this many log rows hold data. Default 500. */
  compactEveryUpdates: number
  /** ...or once the log holds this many bytes. Default 4 MiB. */
  compactEveryBytes: number
  /** Group-commit window, see Committer. */
  commitWindowMs: number
  limits: Limits
}

/**
 * The loaded rooms. A document is loaded once (the store is synchronous, so concurrent joins
 * cannot race a half-done load), kept while anyone is connected, and unloaded after an idle delay
 * once nothing is queued; its log is compacted on the way out so the next load is one read.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>()
  private readonly compactTimers = new Map<Room, NodeJS.Immediate | NodeJS.Timeout>()
  /**
   * Documents whose last server-side change was refused as too large, with their lastSeq then: a
   * refused change costs a copy of the whole document (server-change.ts), so until the document
   * changes again (a deletion over the socket) further server-side changes are refused without it.
   */
  private readonly full = new Map<string, number>()
  /** When each room last compacted (performance.now()), for ADMISSION_COMPACT_MS. */
  private readonly compactedAt = new WeakMap<Room, number>()
  readonly committer: Committer
  readonly stats = { loads: 0, unloads: 0, compactions: 0 }
  /** Every feature's document hooks, in the order app.ts registered them (see extension.ts). */
  private readonly pipeline: DocPipeline

  /** Adds a feature's document extension; hooks run in registration order. */
  use(extension: DocExtension): void {
    this.pipeline.use(extension)
  }

  /** Registered extensions in run order. */
  get extensions(): string[] {
    return this.pipeline.names
  }

  /** Shutdown: every extension writes out what it buffered. */
  flushExtensions(): void {
    this.pipeline.flush()
  }

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly options: RegistryOptions,
  ) {
    // The commit stands whatever an extension does; derived rows catch up on the next change or a rebuild.
    this.pipeline = new DocPipeline((err, extension, hook, docId) => this.log.error({ err, docId, extension, hook }, 'document extension failed'))
    this.committer = new Committer(store, log, {
      windowMs: options.commitWindowMs,
      onCommitted: (room) => {
        this.maybeCompact(room)
        this.pipeline.run('afterCommit', room)
      },
      onFailed: (rooms) => rooms.forEach((room) => this.drop(room)),
    })
  }

  get size(): number {
    return this.rooms.size
  }

  /** Sockets across every loaded room. */
  get connectionCount(): number {
    let n = 0
    for (const room of this.rooms.values()) n += room.peers.size
    return n
  }

  get(docId: string): Room | undefined {
    return this.rooms.get(docId)
  }

  /** Loads (or reuses) the room and adds the peer; the peer receives sync step 1 at once. */
  join(docId: string, peer: Peer): Room {
    const room = this.load(docId)
    this.cancelUnload(room)
    room.join(peer)
    return room
  }

  /**
   * Makes a change to a document on the server's side, on behalf of `userId`, as a normal edit:
   * everything queued is committed first (order), then the change is applied, stored and
   * broadcast in one synchronous step, so open editors see it live and the log records who.
   * Throws if the store refuses it (the room is then dropped, as for any failed commit), and
   * DocumentTooLarge, storing nothing, if it would take the document past its limits (the rule of
   * admission.ts: deletions always pass). That is decided before the room's doc is touched
   * (server-change.ts), so a refusal leaves the room and its peers as they were. `change` must
   * only touch the doc it is given.
   */
  change(docId: string, userId: string, change: (doc: Y.Doc) => void): void {
    const refusedAt = this.full.get(docId)
    if (refusedAt !== undefined) {
      if (refusedAt === (this.rooms.get(docId)?.lastSeq ?? this.store.meta(docId)?.lastSeq)) throw new DocumentTooLarge(docId, 'bytes')
      this.full.delete(docId)
    }
    const room = this.load(docId)
    this.committer.flush()
    let prepared: ServerChange
    try {
      prepared = prepareServerChange(room, serverPeer(userId), change, this.options.limits, Date.now())
    } catch (err) {
      if (room.failed) this.drop(room)
      throw err
    }
    if (!prepared.ok) {
      this.full.set(docId, room.lastSeq)
      if (prepared.inDoc) {
        // Applied directly and larger than any change a route makes (server-change.ts): only a
        // reload from what is stored takes it out again.
        this.log.error({ docId, limit: prepared.limit }, 'a server-side change past the direct-path headroom was refused; room dropped')
        room.commitFailed()
        this.drop(room)
      } else if (room.peers.size === 0 && this.rooms.get(room.id) === room) {
        this.scheduleUnload(room)
      }
      throw new DocumentTooLarge(docId, prepared.limit)
    }
    this.committer.commitLocal(room, prepared.batch)
    // Over the limit (a deletion, or a change that fits once compacted): compact now, so the
    // stored size is what the document is and the next change is judged on it.
    // The change is stored and broadcast by now: a failed compaction must not make the caller
    // think it was not (a route would then undo its approval record). It is retried later.
    if (prepared.snapshot && this.rooms.get(room.id) === room) {
      try {
        this.compacted(room, prepared.snapshot)
      } catch (err) {
        this.log.error({ err, docId }, 'compaction after a server-side change failed; the change itself is stored')
      }
    }
    if (room.peers.size === 0 && this.rooms.get(room.id) === room) this.scheduleUnload(room)
  }

  /**
   * Refuses the content of a new document (stored directly, before any room exists: a page made
   * from a template or a duplicate) past the per-document limits. Throws DocumentTooLarge.
   */
  assertFits(docId: string, update: Uint8Array): void {
    const limits = this.options.limits
    if (update.byteLength > limits.maxDocumentBytes) throw new DocumentTooLarge(docId, 'bytes')
    if (assertValidUpdate(update).shape.structs > limits.maxStructsPerDocument) throw new DocumentTooLarge(docId, 'structs')
  }

  /** A document's committed state, loading its room if needed (read it, never change it). */
  readCommitted(docId: string): Y.Doc {
    const room = this.load(docId)
    if (room.peers.size === 0) this.scheduleUnload(room)
    return room.doc
  }

  /** Commits, closes the peers of and forgets a room whose document is being deleted. */
  evict(docId: string, closePeer: (peer: Peer) => void): void {
    const room = this.rooms.get(docId)
    if (!room) return
    this.committer.flush()
    for (const peer of [...room.peers]) closePeer(peer)
    this.drop(room)
  }

  /**
   * Forgets a document's room, if loaded, without committing anything: false (and nothing done)
   * when it has updates queued or peers, which the caller must not lose (the purge job).
   */
  discard(docId: string): boolean {
    const room = this.rooms.get(docId)
    if (!room) return true
    if (room.hasPending || room.peers.size > 0) return false
    this.drop(room)
    return true
  }

  private load(docId: string): Room {
    let room = this.rooms.get(docId)
    if (!room) {
      const started = performance.now()
      const stored = this.store.load(docId) ?? {
        meta: this.store.ensure(docId, Date.now()),
        snapshot: null,
        updates: [],
      }
      room = new Room(docId, stored, this.options.limits)
      this.rooms.set(docId, room)
      this.stats.loads++
      // A room served from its snapshot builds its Y.Doc a moment later (see Room.cold): the hooks
      // run once it is built, before any update is applied to it.
      const loaded = room
      loaded.whenBuilt(
        // Derived rows can be rebuilt; an extension's failure must not keep the document closed.
        () => this.pipeline.run('onLoad', loaded),
        (err) => {
          this.log.error({ err, docId }, 'stored snapshot could not be applied; room dropped')
          this.drop(loaded)
        },
      )
      this.log.debug({ docId, ms: +(performance.now() - started).toFixed(1), updates: stored.updates.length }, 'room loaded')
    }
    return room
  }

  leave(room: Room, peer: Peer): void {
    room.leave(peer)
    if (this.rooms.get(room.id) !== room) return
    this.pipeline.run('afterLeave', room)
    if (room.peers.size === 0) this.scheduleUnload(room)
  }

  /**
   * Queues an update and schedules the group commit, if the document may take it (admission.ts):
   * past the byte limit, an uncompacted log is compacted first and the update judged again; a
   * refused update closes its sender with DocumentTooLarge and nothing of it is applied.
   */
  enqueue(room: Room, peer: Peer, seq: number, update: Uint8Array, ranges: Map<number, ClockRange> | null = null, shape: UpdateShape | null = null): void {
    const last = this.compactedAt.get(room)
    let verdict = room.admit(update.byteLength, shape, last === undefined || performance.now() - last >= ADMISSION_COMPACT_MS)
    if (verdict === 'compact') {
      try {
        this.compact(room)
      } catch (err) {
        this.log.warn({ err, docId: room.id }, 'compaction before admission failed')
      }
      verdict = room.admit(update.byteLength, shape, false)
    }
    if (verdict !== null) return peer.close(CloseCode.DocumentTooLarge, 'document limit')
    if (room.enqueue(peer, seq, update, ranges)) this.committer.schedule(room)
  }

  /** Commits everything, compacts every room with a log, closes every peer, and unloads. */
  shutdown(closePeer: (peer: Peer) => void): void {
    this.committer.flush()
    for (const room of [...this.rooms.values()]) {
      for (const peer of [...room.peers]) closePeer(peer)
      this.unload(room)
    }
  }

  private maybeCompact(room: Room): void {
    const due = room.logCount >= this.options.compactEveryUpdates || room.logBytes >= this.options.compactEveryBytes
    // Past the byte limit only deletions were let in: compaction is what brings the size down.
    const over = room.logCount > 0 && room.storedBytes > this.options.limits.maxDocumentBytes
    if (!due && !over) return
    if (this.compactTimers.has(room)) return
    const run = (): void => {
      this.compactTimers.delete(room)
      if (this.rooms.get(room.id) !== room || room.failed) return
      try {
        this.compact(room)
      } catch (err) {
        // Nothing is lost: the log still holds every update. Try again after the next commit.
        this.log.warn({ err, docId: room.id }, 'compaction failed')
      }
    }
    // Off the hot path: after this commit's broadcasts have gone out, before the next commit.
    if (due) return void this.compactTimers.set(room, setImmediate(run))
    const timer = setTimeout(run, OVER_LIMIT_COMPACT_MS)
    timer.unref()
    this.compactTimers.set(room, timer)
  }

  private compact(room: Room): void {
    if (room.logCount === 0) return
    const started = performance.now()
    // The doc holds exactly the committed updates up to lastSeq (see Room's invariant).
    const snapshot = room.encodeSnapshot()
    faultPoint('during-compaction')
    this.compacted(room, snapshot)
    this.log.debug({ docId: room.id, bytes: snapshot.byteLength, ms: +(performance.now() - started).toFixed(1) }, 'compacted')
  }

  /** Stores `snapshot`, which holds everything up to the room's lastSeq, in place of the log. */
  private compacted(room: Room, snapshot: Uint8Array): void {
    this.store.compact(room.id, snapshot, room.lastSeq)
    room.compacted(snapshot.byteLength)
    this.compactedAt.set(room, performance.now())
    this.stats.compactions++
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room)
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room)
      if (room.peers.size > 0) return
      // Never unload with work pending: commit first, then look again.
      if (room.hasPending) {
        this.committer.flush()
        this.scheduleUnload(room)
        return
      }
      this.unload(room)
    }, this.options.unloadDelayMs)
    timer.unref()
    this.unloadTimers.set(room, timer)
  }

  private cancelUnload(room: Room): void {
    const timer = this.unloadTimers.get(room)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room)
  }

  private unload(room: Room): void {
    if (room.hasPending) this.committer.flush()
    faultPoint('during-unload')
    if (!room.failed) {
      try {
        this.compact(room)
      } catch (err) {
        // The log is still complete; the next load replays it. Not worth keeping the room for.
        this.log.warn({ err, docId: room.id }, 'compaction on unload failed')
      }
    }
    this.drop(room)
    this.stats.unloads++
  }

  /** Forgets a room without touching the store (after a failed commit, or once unloaded). */
  private drop(room: Room): void {
    this.cancelUnload(room)
    const compactTimer = this.compactTimers.get(room)
    if (compactTimer) {
      clearImmediate(compactTimer as NodeJS.Immediate)
      clearTimeout(compactTimer as NodeJS.Timeout)
    }
    this.compactTimers.delete(room)
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    this.pipeline.run('onUnload', room)
    room.destroy()
  }
}
