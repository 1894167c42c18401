import { ErrorCode } from '#shared/api/errors'
import { HttpError } from '../http/errors.ts'
import type { Mailer } from '../mail/mailer.ts'
import type { PasswordResetStore } from './account-store.ts'
import type { Accounts, User } from './accounts.ts'
import { hashSecret, newSecret } from './secrets.ts'

export const PASSWORD_RESET_TTL_MS = 3600_000
/** "Forgot password?" requests one email may make per window, whatever the address. */
export const RESET_REQUEST_LIMIT = 5
export const RESET_REQUEST_WINDOW_MS = 60 * 60_000

/** The page that reads the secret from the fragment: never sent to the server, never in a log or a Referer. */
export const resetPath = (secret: string): string => `/reset-password#${secret}`

/**
 * Password reset links: one-time secrets (only their SHA-256 stored), valid 1 h, single use, and
 * using one burns the account's others. Two ways to get one: the member asks ("Forgot
 * password?": the link goes to the outbox and the mail sender, and the answer never says
 * whether the email has an account), or a workspace owner issues one from the Members list and
 * passes it on (checked by the route: see `member_elsewhere`).
 */
export class PasswordResets {
  constructor(
    private readonly store: PasswordResetStore,
    private readonly accounts: Accounts,
    private readonly mailer: Mailer,
    private readonly link: (path: string) => string,
  ) {}

  /**
   * A member asked for a link. Counted per email before anything else (unknown emails too, so
   * the limit does not tell which have accounts): null when accepted, else the ms to wait. The
   * link is queued only for an existing account; the caller answers the same either way.
   */
  request(email: string, address: string, now = Date.now()): { wait: number | null; userId: string | null } {
    const { count, oldest } = this.store.resetRequestsSince(email, now - RESET_REQUEST_WINDOW_MS)
    if (count >= RESET_REQUEST_LIMIT && oldest !== null) return { wait: Math.max(1000, oldest + RESET_REQUEST_WINDOW_MS - now), userId: null }
    this.store.pruneResetRequests(now - RESET_REQUEST_WINDOW_MS)
    this.store.recordResetRequest(email, now, address.slice(0, 64))
    const user = this.accounts.credentials(email)?.user
    if (!user) return { wait: null, userId: null }
    const { url } = this.create(user.id, null, now)
    this.mailer.queue(
      {
        to: user.email,
        subject: 'Reset your Keel password',
        text: [
          `Someone (hopefully you) asked to reset the password of the Keel account ${user.email}.`,
          '',
          'Choose a new password here. The link works once, for 1 hour:',
          '',
          `  ${url}`,
          '',
          'Choosing a new password signs you out of every other device.',
          'If you did not ask for this, ignore this message: your password stays as it is.',
        ].join('\n'),
        expiresAt: now + PASSWORD_RESET_TTL_MS,
      },
      now,
    )
    return { wait: null, userId: user.id }
  }

  /** A link made by a workspace owner (`issuedBy`) for a member, to pass on by hand. */
  issue(userId: string, issuedBy: string, now = Date.now()): { url: string; expiresAt: number } {
    return this.create(userId, issuedBy, now)
  }

  private create(userId: string, issuedBy: string | null, now: number): { url: string; expiresAt: number } {
    const secret = newSecret('kr')
    const expiresAt = now + PASSWORD_RESET_TTL_MS
    this.store.insertPasswordReset(hashSecret(secret), { userId, createdAt: now, expiresAt, usedAt: null, issuedBy })
    return { url: this.link(resetPath(secret)), expiresAt }
  }

  /** Whose a still-usable link is; refuses with a code saying what is wrong with it. */
  inspect(secret: string, now = Date.now()): { user: User; expiresAt: number; issuedBy: string | null } {
    const found = this.store.passwordReset(hashSecret(secret))
    const user = found ? this.accounts.user(found.userId) : null
    if (!found || !user)
      throw new HttpError(404, ErrorCode.ResetLinkInvalid, 'this password reset link is not valid: copy the whole link, or ask for a new one')
    if (found.usedAt !== null) throw new HttpError(410, ErrorCode.ResetLinkUsed, 'this password reset link was already used: ask for a new one')
    if (found.expiresAt <= now) throw new HttpError(410, ErrorCode.ResetLinkExpired, 'this password reset link expired (links last 1 hour): ask for a new one')
    return { user, expiresAt: found.expiresAt, issuedBy: found.issuedBy }
  }

  /**
   * Uses the link (once: a concurrent use of the same link, or of another of the account's,
   * loses here) and returns its user. The caller has checked the new password first.
   */
  use(secret: string, now = Date.now()): { user: User; issuedBy: string | null } {
    const { issuedBy } = this.inspect(secret, now)
    const userId = this.store.usePasswordReset(hashSecret(secret), now)
    const user = userId ? this.accounts.user(userId) : null
    if (!user) throw new HttpError(410, ErrorCode.ResetLinkUsed, 'this password reset link was already used: ask for a new one')
    return { user, issuedBy }
  }
}
