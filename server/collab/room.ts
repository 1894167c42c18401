/*
 * Over 300 lines on purpose (issue #18), read top to bottom: a Room is the state of one loaded
 * document and the steps that must change it together (cold build, queue, apply, commit outcome,
 * the size and struct counts admission reads). Its invariant, `doc` holds only committed state
 * (commit before broadcast), spans the queue, apply and broadcast steps of this one class; split,
 * it would be spread over several files. The decisions live elsewhere (admission.ts, validate.ts,
 * server-change.ts).
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Limits } from '#shared/limits'
import { CloseCode } from '#shared/protocol/index'
import type { AppendRecord, DocumentMeta, StoredDocument } from '../store/store.ts'
import { applyStored } from '../store/stored-doc.ts'
import { faultPoint } from './faults.ts'
import { awarenessMessage, syncStep1FromStateVector, syncStep1Message, syncStep2FromUpdate, syncStep2Message, updateMessage } from './messages.ts'
import { ApplyFailed } from './apply-failed.ts'
import type { Peer } from './peer.ts'
import { type AwarenessEntry, type ClockRange, encodeAwarenessEntries, integratesAsSent, type UpdateShape } from './validate.ts'
import { type Admission, admit, countStructs, structWeight } from './admission.ts'

/** Fallback: a room served from its snapshot is built at the latest this long after loading. */
const COLD_BUILD_DELAY_MS = 50

/** An update received from a peer, waiting for the next group commit. */
interface Inbound {
  peer: Peer
  /** The peer's number for this update-bearing frame, acknowledged once committed. */
  seq: number
  update: Uint8Array
  /** Per client, the clocks the update's structs cover (validate.ts `clockRanges`), if contiguous. */
  ranges: Map<number, ClockRange> | null
}

/** What one commit cycle needs from a room: records to store, then what to send once stored. */
export interface PreparedBatch {
  room: Room
  records: AppendRecord[]
  /** Per applied update: who sent it and the effective change to broadcast (null: no-op). */
  applied: { peer: Peer; seq: number; change: Uint8Array | null }[]
}

/**
 * One loaded document: its Y.Doc, its presence, its sockets, and the updates waiting for commit.
 *
 * Invariant: `doc` only ever holds committed state. Updates are queued, then applied, stored and
 * broadcast in one synchronous step by the committer, so any sync answer computed from `doc`
 * (a step 2 for a joining client) contains only what is on disk.
 */
export class Room {
  private readonly ydoc = new Y.Doc({ gc: true })
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc)
  readonly peers = new Set<Peer>()
  /** Which peer introduced each awareness client id: nobody may speak for someone else. */
  private readonly awarenessOwner = new Map<number, Peer>()
  /** Ids of peers that left, so a late relay of their old state cannot bring them back. */
  private readonly departed = new Set<number>()
  private queue: Inbound[] = []
  private queuedBytes = 0
  /** Effective changes emitted by `doc` while the committer applies the queue. */
  private captured: Uint8Array[] = []
  lastSeq: number
  storedBytes: number
  /**
   * An upper bound of the struct count of `doc` (admission.ts): exact after a build, a compaction
   * or a server-side change, raised by each admitted update's weight in between (merges only lower
   * the real count), so the hot path never walks the store.
   */
  private structs = 0
  logCount: number
  logBytes: number
  /** Set when a commit failed: the doc may hold state that is not on disk and must be dropped. */
  failed = false
  /**
   * A room loaded from a snapshot alone (no log tail) is not built at once: applying a large
   * snapshot to a Y.Doc is most of a cold load (5k blocks: ~10–20 ms of integration and GC). Until
   * something needs the Y.Doc, the snapshot (committed state, exactly what encodeStateAsUpdate of
   * the built doc would say) answers sync: its state vector is sent as step 1 and it is sent as
   * is as the step 2 for an empty state vector. Anything else (`doc`, an update, another step 1)
   * builds the doc first; the first step 2 served this way also schedules the build.
   */
  private cold: { snapshot: Uint8Array; stateVector: Uint8Array } | null = null
  private coldTimer: NodeJS.Timeout | null = null
  private hydrating = false
  private destroyed = false
  private onHydrated: (() => void) | null = null
  private onBuildFailed: ((error: unknown) => void) | null = null
  /** Set if the stored snapshot could not be applied: the room is unusable (see `hydrate`). */
  private buildError: unknown = null
  /** encodeStateAsUpdate(doc) for an empty state vector, until the doc next changes. */
  private fullState: Uint8Array | null = null

  constructor(
    readonly id: string,
    stored: StoredDocument,
    private readonly limits: Limits,
  ) {
    this.lastSeq = stored.meta.lastSeq
    this.storedBytes = stored.meta.storedBytes
    this.logCount = stored.meta.logCount
    this.logBytes = stored.meta.logBytes
    if (stored.snapshot && stored.updates.length === 0) {
      this.cold = { snapshot: stored.snapshot, stateVector: Y.encodeStateVectorFromUpdate(stored.snapshot) }
      // Every struct takes at least two bytes: a bound without building the doc.
      this.structs = Math.ceil(stored.snapshot.byteLength / 2)
      // Built soon in any case, so load hooks (indexing) run without waiting for an edit.
      this.coldTimer = setTimeout(() => this.hydrate(), COLD_BUILD_DELAY_MS) // hydrate never throws
      this.coldTimer.unref()
    } else {
      this.ydoc.transact(() => applyStored(this.ydoc, stored))
      this.structs = countStructs(this.ydoc)
    }
    // The server is not a participant: it must not show up in anyone's presence list.
    this.awareness.setLocalState(null)
    this.ydoc.on('update', this.onUpdate)
    this.awareness.on('update', this.onAwarenessChange)
  }

  /** The committed document (built from the stored snapshot on first use; see `cold`). */
  get doc(): Y.Doc {
    if (this.cold) this.hydrate()
    if (this.buildError) throw this.buildError
    return this.ydoc
  }

  /**
   * Runs `fn` once the Y.Doc is built: at once if it is, else when it gets built. `onFailed` runs
   * instead if the stored snapshot cannot be applied (the room has then closed its peers).
   */
  whenBuilt(fn: () => void, onFailed?: (error: unknown) => void): void {
    if (!this.cold) return fn()
    this.onHydrated = fn
    this.onBuildFailed = onFailed ?? null
  }

  /** Builds the Y.Doc from the stored snapshot (no-op once built), then runs the load hooks. */
  hydrate(): void {
    const cold = this.cold
    if (!cold || this.destroyed) return
    this.cold = null
    if (this.coldTimer) clearTimeout(this.coldTimer)
    this.coldTimer = null
    this.hydrating = true
    try {
      this.ydoc.transact(() => Y.applyUpdate(this.ydoc, cold.snapshot))
    } catch (error) {
      // As a load that throws: nothing of this room can be trusted; its peers retry later.
      this.buildError = error
      this.onHydrated = null
      this.commitFailed()
      const onFailed = this.onBuildFailed
      this.onBuildFailed = null
      onFailed?.(error)
      return
    } finally {
      this.hydrating = false
    }
    this.onBuildFailed = null
    this.structs = countStructs(this.ydoc)
    // The snapshot is the doc's full state until the next change.
    this.fullState = cold.snapshot
    const fn = this.onHydrated
    this.onHydrated = null
    fn?.()
  }

  get hasPending(): boolean {
    return this.queue.length > 0
  }

  /** Adds a peer and sends it the opening of the sync handshake and everyone's presence. */
  join(peer: Peer): void {
    if (this.peers.size >= this.limits.maxConnectionsPerDocument) {
      peer.close(CloseCode.TooManyConnections)
      return
    }
    this.peers.add(peer)
    peer.send(this.cold ? syncStep1FromStateVector(this.cold.stateVector) : syncStep1Message(this.ydoc))
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length > 0) peer.send(awarenessMessage(this.awareness, clients))
  }

  /** Removes a peer and the presence it introduced (queued updates still get committed). */
  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    const owned = [...this.awarenessOwner].filter(([, owner]) => owner === peer).map(([id]) => id)
    for (const id of owned) {
      this.awarenessOwner.delete(id)
      this.departed.add(id)
    }
    // Bounded: only recent departures matter (stale relays arrive within seconds).
    if (this.departed.size > 1000) this.departed.clear()
    awarenessProtocol.removeAwarenessStates(this.awareness, owned, null)
  }

  /** Answers a sync step 1 with what the peer is missing (committed state only; see invariant). */
  answerStep1(peer: Peer, stateVector: Uint8Array): void {
    if (stateVector.byteLength === 1 && stateVector[0] === 0) {
      // Empty state vector (a fresh client): the whole state, encoded once per version of the doc.
      const cold = this.cold
      if (cold) {
        peer.send(syncStep2FromUpdate(cold.snapshot))
        // Build right after this answer has gone out: the peer's own step 2 or edits come next.
        setImmediate(() => this.hydrate())
        return
      }
      this.fullState ??= Y.encodeStateAsUpdate(this.ydoc)
      peer.send(syncStep2FromUpdate(this.fullState))
      return
    }
    peer.send(syncStep2Message(this.doc, stateVector))
  }

  /**
   * Whether an update of `bytes` (of `shape`; null: unknown, treated as growing) may join the
   * queue, against what is stored plus what is queued (see admission.ts). 'compact': it may once
   * the log is folded into a snapshot; ask again with `mayCompact` false.
   */
  admit(bytes: number, shape: UpdateShape | null, mayCompact: boolean): Admission {
    const verdict = admit(this, bytes, shape, this.limits, mayCompact)
    if (verdict === null && shape) this.structs += structWeight(shape)
    return verdict
  }

  /** Queues a validated, admitted update for the next group commit. */
  enqueue(peer: Peer, seq: number, update: Uint8Array, ranges: Map<number, ClockRange> | null = null): boolean {
    this.queue.push({ peer, seq, update, ranges })
    this.queuedBytes += update.byteLength
    return true
  }

  /**
   * Applies the queue to the doc and returns the records to store. Must be followed, in the same
   * synchronous step, by either `commitSucceeded` or `commitFailed`.
   */
  prepare(now: number): PreparedBatch {
    const queue = this.queue
    this.queue = []
    this.queuedBytes = 0
    const batch: PreparedBatch = { room: this, records: [], applied: [] }
    // Build first (runs the load hooks, which observe the doc) so nothing below is captured twice.
    if (this.cold) this.hydrate()
    if (this.buildError) return batch // the room failed to build and closed its peers: nothing to apply
    for (const item of queue) {
      try {
        this.applyQueued(item, batch, now)
      } catch (error) {
        // Validation passed but Yjs threw half-way through: the doc may now hold part of an
        // update that will never be stored. The room cannot be trusted; the caller drops it.
        throw new ApplyFailed(item.peer, error)
      }
    }
    this.captured = []
    return batch
  }

  /** Applies one queued update and adds what to store and send to `batch`. */
  private applyQueued(item: Inbound, batch: PreparedBatch, now: number): void {
    if (item.ranges && integratesAsSent(this.ydoc, item.ranges)) {
      // Every struct follows on directly from what the doc holds, and nothing waits inside Yjs:
      // the update integrates as sent, so the received bytes are the change. Without an
      // 'update' listener Yjs skips re-encoding the transaction (a fifth of a text edit's commit).
      // A transaction Yjs starts on its own while applying (its formatting cleanup after a remote
      // change) is a change too: the listener goes back on for any transaction after the first.
      this.captured = []
      let transactions = 0
      const followUps = (): void => {
        if (++transactions === 2) this.ydoc.on('update', this.onUpdate)
      }
      this.ydoc.off('update', this.onUpdate)
      this.ydoc.on('afterTransaction', followUps)
      try {
        Y.applyUpdate(this.ydoc, item.update, item.peer)
      } finally {
        this.ydoc.off('afterTransaction', followUps)
        this.ydoc.on('update', this.onUpdate)
      }
      this.fullState = null
      // If a struct's origin was missing after all, it now waits inside Yjs, exactly as it will
      // on every client that applies the same bytes: stored and broadcast as received either way.
      const data = this.captured.length === 0 ? item.update : Y.mergeUpdates([item.update, ...this.captured])
      batch.records.push({ docId: this.id, data, userId: item.peer.userId, at: now })
      batch.applied.push({ peer: item.peer, seq: item.seq, change: data })
      return
    }
    this.captured = []
    Y.applyUpdate(this.doc, item.update, item.peer)
    const change = this.captured.length === 0 ? null : this.captured.length === 1 ? this.captured[0]! : Y.mergeUpdates(this.captured)
    // Structs whose dependencies have not arrived wait inside Yjs, not in `change`. Store the
    // raw update then, so that an acknowledged update survives a restart even while pending.
    const pending = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
    const data = pending ? item.update : change
    if (data) batch.records.push({ docId: this.id, data, userId: item.peer.userId, at: now })
    batch.applied.push({ peer: item.peer, seq: item.seq, change })
  }

  /**
   * A change the server makes itself (a REST edit, a template, a tree update), prepared like a
   * peer's: applied now, stored by the caller in the same synchronous step, then broadcast.
   */
  prepareLocal(peer: Peer, change: (doc: Y.Doc) => void, now: number): PreparedBatch {
    if (this.cold) this.hydrate()
    this.captured = []
    try {
      this.doc.transact(() => change(this.doc), peer)
    } catch (err) {
      // Yjs emits what the change did before it threw: that is in the doc but stored nowhere, so
      // the room must not go on (commit or compact it). A change that threw before touching the
      // doc (a validation error) costs nothing.
      if (this.captured.length > 0) this.commitFailed()
      this.captured = []
      throw err
    }
    const merged = this.captured.length === 0 ? null : this.captured.length === 1 ? this.captured[0]! : Y.mergeUpdates(this.captured)
    this.captured = []
    // Off the hot path (a REST edit): the exact count, which the caller checks against the limit.
    this.structs = countStructs(this.ydoc)
    return {
      room: this,
      records: merged ? [{ docId: this.id, data: merged, userId: peer.userId, at: now }] : [],
      applied: [{ peer, seq: 0, change: merged }],
    }
  }

  /** Everything in the batch is on disk: broadcast each change (encoded once) and acknowledge. */
  commitSucceeded(batch: PreparedBatch, seqs: readonly number[]): void {
    for (let i = 0; i < batch.records.length; i++) {
      this.lastSeq = seqs[i]!
      this.logCount++
      this.logBytes += batch.records[i]!.data.byteLength
      this.storedBytes += batch.records[i]!.data.byteLength
    }
    const acks = new Map<Peer, number>()
    for (const { peer, seq, change } of batch.applied) {
      if (change) {
        const frame = updateMessage(change)
        for (const other of this.peers) if (other !== peer) other.send(frame)
      }
      acks.set(peer, seq)
    }
    if (batch.records.length > 0) faultPoint('after-broadcast-before-ack')
    for (const [peer, seq] of acks) if (this.peers.has(peer)) peer.ack(seq)
  }

  /**
   * The store refused the batch. The doc now holds changes that are not on disk, so the room is
   * dropped: every peer is told to retry, and reconnecting clients resend what they have.
   */
  commitFailed(): void {
    this.failed = true
    for (const peer of [...this.peers]) peer.close(CloseCode.StorageUnavailable)
  }

  /**
   * Applies a decoded awareness update from `peer`. y-websocket clients relay every awareness
   * change they hear, other people's included, so entries for ids another peer introduced (or a
   * peer that has left) are dropped rather than treated as an attack: nobody can change someone
   * else's presence, and honest relays stay harmless.
   */
  applyAwareness(peer: Peer, entries: AwarenessEntry[]): void {
    const own = entries.filter(({ clientId, state }) => {
      const owner = this.awarenessOwner.get(clientId)
      if (owner) return owner === peer
      return state === null || !this.departed.has(clientId)
    })
    if (own.length === 0) return
    for (const { clientId, state } of own) {
      if (state === null) this.awarenessOwner.delete(clientId)
      else this.awarenessOwner.set(clientId, peer)
    }
    // The server, not the client, says who this is: the `user` field is the authenticated account.
    const stamped = own.map((e) => (e.state === null ? e : { ...e, json: JSON.stringify({ ...(e.state as object), user: { ...peer.identity } }) }))
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), peer)
  }

  /** The merged state to store as a snapshot, including structs still waiting on dependencies. */
  encodeSnapshot(): Uint8Array {
    const parts = [Y.encodeStateAsUpdate(this.doc)]
    const { pendingStructs, pendingDs } = this.doc.store
    if (pendingStructs) parts.push(pendingStructs.update)
    if (pendingDs) parts.push(pendingDs)
    return parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
  }

  /** An upper bound of the struct count of `doc`, exact right after a build, compaction or server-side change. */
  get structCount(): number {
    return this.structs
  }

  exactStructCount(): number {
    return (this.structs = countStructs(this.doc))
  }

  /** What the size limit counts: stored bytes plus bytes queued for the next commit. */
  get admittedBytes(): number {
    return this.storedBytes + this.queuedBytes
  }

  compacted(snapshotBytes: number): void {
    this.structs = countStructs(this.ydoc)
    this.storedBytes = snapshotBytes
    this.logCount = 0
    this.logBytes = 0
  }

  destroy(): void {
    this.destroyed = true
    this.cold = null
    this.onHydrated = null
    if (this.coldTimer) clearTimeout(this.coldTimer)
    this.coldTimer = null
    this.fullState = null
    this.awareness.off('update', this.onAwarenessChange)
    this.awareness.destroy()
    this.ydoc.destroy()
  }

  meta(base: DocumentMeta): DocumentMeta {
    return { ...base, lastSeq: this.lastSeq, storedBytes: this.storedBytes, logBytes: this.logBytes, logCount: this.logCount }
  }

  private readonly onUpdate = (update: Uint8Array): void => {
    this.fullState = null
    if (!this.hydrating) this.captured.push(update)
  }

  private readonly onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    const changed = added.concat(updated, removed)
    if (changed.length === 0) return
    // Everyone, the sender included: y-websocket keeps a socket alive by hearing its own renewals.
    const frame = awarenessMessage(this.awareness, changed)
    for (const peer of this.peers) peer.send(frame)
  }
}
