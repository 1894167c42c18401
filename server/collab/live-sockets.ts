import { CloseCode } from '#shared/protocol/index'

/** Sync sockets and server-sent event streams: every channel that outlives the request that opened it. */
export type ChannelKind = 'socket' | 'stream'

/** What the registry needs to know about a live channel to find it when access changes. */
export interface LiveChannel {
  /** Absent means a sync socket (the Connection class predates streams). */
  readonly kind?: ChannelKind
  readonly userId: string
  readonly workspaceId: string
  readonly sessionHash: string | null
  readonly tokenId: string | null
  /** Ends the channel for good (a socket sends `code`; a stream just ends). */
  close(code: CloseCode, detail?: string): void
  /**
   * The user's access in the workspace changed. Absent: close with 4511 so the client reconnects
   * and is authorised afresh (sockets). A stream re-checks its role in place and ends if it is gone.
   */
  accessChanged?(): void
}

/** @deprecated the old name, kept so imports elsewhere keep compiling; a socket is one kind of channel. */
export type LiveSocket = LiveChannel

const kindOf = (c: LiveChannel): ChannelKind => c.kind ?? 'socket'

/**
 * Every authenticated long-lived channel, indexed by user, so that a change of access reaches all
 * of them through this one place, whatever their kind:
 * - a session ends (sign-out, revoked, password changed elsewhere) or a token is revoked: the
 *   channels it opened end (sockets with 4401, final);
 * - a membership or role changes: the user's channels in that workspace are re-authorised
 *   (sockets reconnect with 4511 and are authorised afresh, which ends them with 4404 if access is
 *   gone; streams re-check and end if gone).
 * It also counts each user's channels, for the per-user caps.
 */
export class LiveChannels {
  private readonly byUser = new Map<string, Set<LiveChannel>>()
  private total = 0

  /** Registers a channel; the returned function forgets it (call it when the channel closes). */
  add(channel: LiveChannel): () => void {
    let set = this.byUser.get(channel.userId)
    if (!set) this.byUser.set(channel.userId, (set = new Set()))
    set.add(channel)
    this.total++
    return () => this.forget(channel)
  }

  get size(): number {
    return this.total
  }

  /** How many channels of this kind the user holds open now. */
  countOf(userId: string, kind: ChannelKind): number {
    let n = 0
    for (const c of this.byUser.get(userId) ?? []) if (kindOf(c) === kind) n++
    return n
  }

  /** The sessions that hold at least one channel open now (for the session sweep). */
  sessionHashes(): Set<string> {
    const hashes = new Set<string>()
    for (const set of this.byUser.values()) for (const c of set) if (c.sessionHash !== null) hashes.add(c.sessionHash)
    return hashes
  }

  closeSession(sessionHash: string, detail = 'signed out'): number {
    return this.closeWhere((c) => c.sessionHash === sessionHash, detail)
  }

  /** Several sessions at once (sign out everywhere, password change). */
  closeSessions(sessionHashes: readonly string[], detail: string): number {
    const set = new Set(sessionHashes)
    return this.closeWhere((c) => c.sessionHash !== null && set.has(c.sessionHash), detail)
  }

  closeToken(tokenId: string): number {
    return this.closeWhere((c) => c.tokenId === tokenId, 'token revoked')
  }

  /**
   * Shutdown: ends every event stream (an open response would hold the HTTP server's close
   * forever; EventSource reconnects to the next process). Sockets are closed by the ws layer.
   */
  endStreams(detail: string): number {
    return this.closeWhere((c) => kindOf(c) === 'stream', detail)
  }

  /** The user's access in this workspace changed (role, removal, project override). */
  accessChanged(userId: string, workspaceId: string): number {
    let n = 0
    for (const c of [...(this.byUser.get(userId) ?? [])]) {
      if (c.workspaceId !== workspaceId) continue
      n++
      if (c.accessChanged) {
        c.accessChanged()
      } else {
        this.forget(c)
        c.close(CloseCode.AccessChanged, 'access changed')
      }
    }
    return n
  }

  private closeWhere(match: (c: LiveChannel) => boolean, detail: string): number {
    let n = 0
    for (const set of [...this.byUser.values()]) {
      for (const c of [...set]) {
        if (!match(c)) continue
        this.forget(c)
        c.close(CloseCode.Unauthenticated, detail)
        n++
      }
    }
    return n
  }

  private forget(channel: LiveChannel): void {
    const set = this.byUser.get(channel.userId)
    if (!set?.delete(channel)) return
    this.total--
    if (set.size === 0) this.byUser.delete(channel.userId)
  }
}

/** The old name of the registry, from when it only held sockets. */
export { LiveChannels as LiveSockets }
