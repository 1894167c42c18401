import type * as Y from 'yjs'
import { isUpdateBearing } from '#shared/protocol/index'

/**
 * Counts "changes not yet saved": local document changes the server has not yet confirmed are on
 * disk. Pure bookkeeping (no DOM, no sockets) so it can be tested with real Yjs updates.
 *
 * How it lines up with the server: the server numbers every update-bearing frame (sync step 2 or
 * sync update) it receives on a connection from 1, and after committing it to SQLite sends
 * `Ack(n)` meaning "frames 1..n of this connection are on disk" (acks may coalesce). The client
 * counts the same frames as it sends them, so both sides agree on the numbering without a field on
 * the wire. Each update-bearing send records a mark: (socket, frame number, localSeq right then).
 * A frame sent when localSeq was L carries every local change up to L (y-websocket sends each
 * update as it happens, and step 2 carries the whole diff), so Ack(n) proves everything up to the
 * highest L among marks numbered <= n.
 */

/** Identifies one WebSocket connection; a new number for every socket ever opened. */
export type SocketId = number

interface Mark {
  /** Number of this frame among the socket's update-bearing frames, from 1. */
  readonly frame: number
  /** localSeq when the frame was handed to the socket. */
  readonly localSeq: number
}

interface SocketState {
  sent: number
  marks: Mark[]
}

export interface AckTrackerOptions {
  /**
   * Changes from an earlier page load that were never acknowledged. They already sit in IndexedDB
   * and go out in the first sync step 2, so they count as unsaved until an ack covers that frame.
   */
  baseline?: number
  /** Called with the new unsaved count whenever it changes (to persist it in localStorage). */
  onChange?: (unsaved: number) => void
}

export class AckTracker {
  private localSeq: number
  private savedSeq = 0
  private readonly sockets = new Map<SocketId, SocketState>()
  private readonly onChange: ((unsaved: number) => void) | undefined

  constructor(options: AckTrackerOptions = {}) {
    const baseline = options.baseline ?? 0
    this.localSeq = Number.isSafeInteger(baseline) && baseline > 0 ? baseline : 0
    this.onChange = options.onChange
  }

  /** Local changes not yet known to be on the server's disk. */
  get unsaved(): number {
    return this.localSeq - this.savedSeq
  }

  /** One local document change happened (a Y.Doc update that did not come from the network or IndexedDB). */
  localChange(): void {
    this.localSeq++
    this.changed()
  }

  /** A frame was handed to socket `socket`. Only update-bearing frames are numbered. */
  frameSent(socket: SocketId, frame: Uint8Array): void {
    if (!isUpdateBearing(frame)) return
    const state = this.socket(socket)
    state.sent++
    // Successive marks with the same localSeq add nothing the earlier one does not prove; keep
    // only the newest so a chatty socket does not grow the list.
    const last = state.marks[state.marks.length - 1]
    if (last !== undefined && last.localSeq === this.localSeq) state.marks.pop()
    state.marks.push({ frame: state.sent, localSeq: this.localSeq })
  }

  /** The server acknowledged frames 1..seq of `socket`. */
  acked(socket: SocketId, seq: number): void {
    const state = this.sockets.get(socket)
    if (state === undefined) return
    let covered = this.savedSeq
    let keep = 0
    for (const mark of state.marks) {
      if (mark.frame <= seq) covered = Math.max(covered, mark.localSeq)
      else state.marks[keep++] = mark
    }
    state.marks.length = keep
    if (covered !== this.savedSeq) {
      this.savedSeq = covered
      this.changed()
    }
  }

  /**
   * The socket closed. Its unacknowledged frames may or may not have reached the disk; we cannot
   * know, so their changes stay unsaved. They are still in the Y.Doc and go out in the next
   * connection's sync step 2, whose ack then covers them.
   */
  socketClosed(socket: SocketId): void {
    this.sockets.delete(socket)
  }

  private socket(id: SocketId): SocketState {
    let state = this.sockets.get(id)
    if (state === undefined) {
      state = { sent: 0, marks: [] }
      this.sockets.set(id, state)
    }
    return state
  }

  private changed(): void {
    this.onChange?.(this.unsaved)
  }
}

/**
 * Feeds `doc`'s local changes into `tracker`: every 'update' event whose origin is not in
 * `remoteOrigins` (the WebsocketProvider, the IndexeddbPersistence) is a change made here.
 *
 * Must be attached BEFORE the WebsocketProvider is created: Y.Doc calls 'update' listeners in
 * registration order, and the provider sends the update from its own listener. If the provider ran
 * first, the frame's mark would record the localSeq from before the change and its ack would not
 * cover it.
 */
export function watchLocalChanges(doc: Y.Doc, tracker: AckTracker, remoteOrigins: ReadonlySet<unknown>): () => void {
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (!remoteOrigins.has(origin)) tracker.localChange()
  }
  doc.on('update', onUpdate)
  return () => doc.off('update', onUpdate)
}
