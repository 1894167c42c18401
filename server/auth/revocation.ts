import type { LiveChannels } from '../collab/live-sockets.ts'
import type { Tickets } from '../collab/tickets.ts'
import type { Accounts } from './accounts.ts'

/**
 * Ending a credential, in one place: the row goes, the sync tickets it bought are burnt, and every
 * live channel it opened (sockets, event streams) ends. Routes call this instead of doing the
 * three steps themselves, so no path (sign-out, revoking one session, signing out everywhere, a
 * password change, revoking a token) can forget one of them.
 */
export class Revocation {
  constructor(
    private readonly accounts: Accounts,
    private readonly tickets: Tickets,
    private readonly live: LiveChannels,
  ) {}

  endSession(sessionHash: string, detail = 'signed out'): void {
    this.accounts.endSession(sessionHash)
    this.tickets.burnSessions([sessionHash])
    this.live.closeSession(sessionHash, detail)
  }

  /** Every session of the user except `keep` (the caller's own, or null for all); returns how many ended. */
  endSessionsOf(userId: string, keep: string | null, detail: string): number {
    const ended = this.accounts.endSessionsOf(userId, keep)
    this.tickets.burnSessions(ended)
    this.live.closeSessions(ended, detail)
    return ended.length
  }

  revokeToken(tokenId: string): void {
    this.accounts.revokeToken(tokenId)
    this.tickets.burnToken(tokenId)
    this.live.closeToken(tokenId)
  }
}
