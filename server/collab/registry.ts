import type { FastifyBaseLogger } from 'fastify'
import type { Limits } from '#shared/limits'
import type { Store } from '../store/store.ts'
import { Committer } from './committer.ts'
import { faultPoint } from './faults.ts'
import type { Peer } from './peer.ts'
import { Room } from './room.ts'
import type { ClockRange } from './validate.ts'
import type * as Y from 'yjs'

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
  private readonly compactTimers = new Map<Room, NodeJS.Immediate>()
  readonly committer: Committer
  readonly stats = { loads: 0, unloads: 0, compactions: 0 }
  /** Called after every commit of a room: what re-derives rows from documents (tree, links). */
  private readonly derivers: ((room: Room) => void)[] = []

  private readonly loadHooks: ((room: Room) => void)[] = []
  private readonly unloadHooks: ((room: Room) => void)[] = []

  /** Registers a function run after each commit of any room (it decides whether it cares). */
  onCommitted(fn: (room: Room) => void): void {
    this.derivers.push(fn)
  }

  /** Registers a function run when a room has loaded (before anyone sees it). */
  onLoaded(fn: (room: Room) => void): void {
    this.loadHooks.push(fn)
  }

  /** Registers a function run when a room is forgotten (unloaded, failed or evicted). */
  onUnloaded(fn: (room: Room) => void): void {
    this.unloadHooks.push(fn)
  }

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
    private readonly options: RegistryOptions,
  ) {
    this.committer = new Committer(store, log, {
      windowMs: options.commitWindowMs,
      onCommitted: (room) => {
        this.maybeCompact(room)
        for (const fn of this.derivers) {
          try {
            fn(room)
          } catch (err) {
            // The commit stands; derived rows catch up on the next change or a rebuild.
            this.log.error({ err, docId: room.id }, 'deriver failed')
          }
        }
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
   * Throws if the store refuses it (the room is then dropped, as for any failed commit).
   */
  change(docId: string, userId: string, change: (doc: Y.Doc) => void): void {
    const room = this.load(docId)
    this.committer.flush()
    const peer = serverPeer(userId)
    this.committer.commitLocal(room, room.prepareLocal(peer, change, Date.now()))
    if (room.peers.size === 0 && this.rooms.get(room.id) === room) this.scheduleUnload(room)
  }

  /** A document's committed state, loading its room if needed (read it, never change it). */
  peek(docId: string): Y.Doc {
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
        () => {
          for (const fn of this.loadHooks) {
            try {
              fn(loaded)
            } catch (err) {
              // Derived rows can be rebuilt; a deriver's failure must not keep the document closed.
              this.log.error({ err, docId }, 'load hook failed')
            }
          }
        },
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
    if (room.peers.size === 0 && this.rooms.get(room.id) === room) this.scheduleUnload(room)
  }

  /** Queues an update and schedules the group commit. */
  enqueue(room: Room, peer: Peer, seq: number, update: Uint8Array, ranges: Map<number, ClockRange> | null = null): void {
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
    if (room.logCount < this.options.compactEveryUpdates && room.logBytes < this.options.compactEveryBytes) return
    if (this.compactTimers.has(room)) return
    // Off the hot path: after this commit's broadcasts have gone out, before the next commit.
    this.compactTimers.set(
      room,
      setImmediate(() => {
        this.compactTimers.delete(room)
        if (this.rooms.get(room.id) !== room || room.failed) return
        try {
          this.compact(room)
        } catch (err) {
          // Nothing is lost: the log still holds every update. Try again after the next commit.
          this.log.warn({ err, docId: room.id }, 'compaction failed')
        }
      }),
    )
  }

  private compact(room: Room): void {
    if (room.logCount === 0) return
    const started = performance.now()
    // The doc holds exactly the committed updates up to lastSeq (see Room's invariant).
    const snapshot = room.encodeSnapshot()
    faultPoint('during-compaction')
    this.store.compact(room.id, snapshot, room.lastSeq)
    room.compacted(snapshot.byteLength)
    this.stats.compactions++
    this.log.debug({ docId: room.id, bytes: snapshot.byteLength, ms: +(performance.now() - started).toFixed(1) }, 'compacted')
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
    if (compactTimer) clearImmediate(compactTimer)
    this.compactTimers.delete(room)
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    for (const fn of this.unloadHooks) fn(room)
    room.destroy()
  }
}
