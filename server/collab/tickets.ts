import { hashSecret, newSecret } from '../auth/secrets.ts'

export interface TicketGrant {
  userId: string
  docId: string
  /** The API token the ticket was bought with, so revoking it also ends this socket. */
  tokenId: string | null
  sessionHash: string | null
  expiresAt: number
}

/** How long a ticket may wait before it is used: enough for a script to open its socket. */
export const TICKET_TTL_MS = 30_000

/**
 * Short-lived, single-use tickets for sync sockets of non-browser clients (which have a token, not
 * a cookie). Kept in memory, hashed: a restart simply invalidates the few outstanding ones.
 */
export class Tickets {
  private readonly grants = new Map<string, TicketGrant>()

  issue(grant: Omit<TicketGrant, 'expiresAt'>, now = Date.now()): { ticket: string; expiresAt: number } {
    this.prune(now)
    const ticket = newSecret('kc')
    const expiresAt = now + TICKET_TTL_MS
    this.grants.set(hashSecret(ticket), { ...grant, expiresAt })
    return { ticket, expiresAt }
  }

  /** Consumes a ticket for `docId`: its grant the first time, null if unknown, used, expired or for another document. */
  redeem(ticket: string, docId: string, now = Date.now()): TicketGrant | null {
    const key = hashSecret(ticket)
    const grant = this.grants.get(key)
    this.grants.delete(key)
    if (!grant || grant.expiresAt <= now || grant.docId !== docId) return null
    return grant
  }

  /** Burns the unused tickets bought by these sessions (they ended: sign-out, revoked, password changed). */
  burnSessions(sessionHashes: readonly string[]): number {
    return this.burnWhere((g) => g.sessionHash !== null && sessionHashes.includes(g.sessionHash))
  }

  /** Burns the unused tickets bought with this token (revoked). */
  burnToken(tokenId: string): number {
    return this.burnWhere((g) => g.tokenId === tokenId)
  }

  private burnWhere(match: (grant: TicketGrant) => boolean): number {
    let n = 0
    for (const [key, grant] of this.grants) {
      if (!match(grant)) continue
      this.grants.delete(key)
      n++
    }
    return n
  }

  private prune(now: number): void {
    for (const [key, grant] of this.grants) if (grant.expiresAt <= now) this.grants.delete(key)
  }
}
