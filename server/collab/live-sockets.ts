import { CloseCode } from '#shared/protocol/index'

/** What the registry needs to know about a live socket to find it when access changes. */
export interface LiveSocket {
  readonly userId: string
  readonly workspaceId: string
  readonly sessionHash: string | null
  readonly tokenId: string | null
  close(code: CloseCode, detail?: string): void
}

/**
 * Every authenticated sync socket, so that a change of access reaches live connections at once:
 * signing out or revoking a token ends the sockets it opened (final: 4401), and a change of
 * membership or role makes that user's sockets in the workspace reconnect (4511) and be
 * authorised afresh, which ends them (4404) if the access is gone.
 */
export class LiveSockets {
  private readonly sockets = new Set<LiveSocket>()

  add(socket: LiveSocket): () => void {
    this.sockets.add(socket)
    return () => this.sockets.delete(socket)
  }

  get size(): number {
    return this.sockets.size
  }

  closeSession(sessionHash: string): number {
    return this.closeWhere((s) => s.sessionHash === sessionHash, CloseCode.Unauthenticated, 'signed out')
  }

  closeToken(tokenId: string): number {
    return this.closeWhere((s) => s.tokenId === tokenId, CloseCode.Unauthenticated, 'token revoked')
  }

  /** The user's access in this workspace changed (role, removal, project override). */
  accessChanged(userId: string, workspaceId: string): number {
    return this.closeWhere((s) => s.userId === userId && s.workspaceId === workspaceId, CloseCode.AccessChanged, 'access changed')
  }

  private closeWhere(match: (s: LiveSocket) => boolean, code: CloseCode, detail: string): number {
    let n = 0
    for (const s of [...this.sockets]) {
      if (!match(s)) continue
      this.sockets.delete(s)
      s.close(code, detail)
      n++
    }
    return n
  }
}
