/** One message the server sends (a password reset link today), as queued. */
export interface OutboxMessage {
  id: string
  createdAt: number
  /** The email address it goes to. */
  recipient: string
  subject: string
  /** Plain text; may carry a one-time link, so it is stored sealed and never logged. */
  body: string
  /** After this the message is worthless (its link has expired): pruned, never listed. */
  expiresAt: number
  /** When a mail sender accepted it; null while pending. */
  sentAt: number | null
}

/**
 * The outbox: every message is written here before any sender sees it, so nothing is lost when
 * delivery fails, and with no SMTP configured it is where an operator reads pending messages
 * (`npm run keel -- outbox`). Synchronous like every store (server/auth/account-store.ts says why).
 */
export interface OutboxStore {
  insert(message: OutboxMessage): void
  get(id: string): OutboxMessage | null
  /** Unsent messages still valid at `now`, oldest first. */
  pending(now: number): OutboxMessage[]
  markSent(id: string, at: number): void
  /** Forgets messages that expired at or before `now`; returns how many. */
  pruneExpired(now: number): number
}
