import { INBOX_LIMITS } from '#shared/limits'
import type { MailInput } from '../mail/mailer.ts'
import type { InboxEntry, InboxStore } from './inbox-store.ts'

export interface DigestDeps {
  store: InboxStore
  /** Queues through the outbox (Mailer.queue): with no SMTP configured the mailer logs it and it waits there. */
  queue: (mail: MailInput, now: number) => void
  emailOf: (userId: string) => string | null
  nameOf: (userId: string | null) => string
  titleOf: (docId: string) => string
  /** Entries are listed only while their page is readable by the person (as in the API). */
  canRead: (userId: string, docId: string) => boolean
  link: (path: string) => string
}

/** A digest is about what is still unread after a while: something read in the app is never mailed. */
export const DIGEST_DELAY_MS = 10 * 60_000

/**
 * The email digest: at most one message per person per INBOX_LIMITS.digestEveryMs, listing the
 * unread entries created since their last digest and at least DIGEST_DELAY_MS ago, unless they
 * turned digests off. Returns how many messages it queued.
 */
export function runDigests(deps: DigestDeps, now: number): number {
  let queued = 0
  for (const userId of deps.store.digestCandidates()) {
    if (!deps.store.digestEnabled(userId)) continue
    const last = deps.store.lastDigest(userId)
    if (last !== null && now - last < INBOX_LIMITS.digestEveryMs) continue
    const email = deps.emailOf(userId)
    if (!email) continue
    const entries = deps.store
      .unread(userId)
      .filter((e) => (last === null || e.createdAt > last) && e.createdAt <= now - DIGEST_DELAY_MS && deps.canRead(userId, e.docId))
    if (entries.length === 0) continue
    deps.queue({ to: email, subject: subjectOf(entries.length), text: bodyOf(deps, entries), expiresAt: now + 7 * 24 * 3_600_000 }, now)
    deps.store.putDigest(userId, now)
    queued++
  }
  return queued
}

const subjectOf = (n: number): string => `Keel: ${n} unread notification${n === 1 ? '' : 's'}`

function bodyOf(deps: DigestDeps, entries: InboxEntry[]): string {
  const shown = entries.slice(0, INBOX_LIMITS.digestMaxEntries)
  const lines = shown.map((e) => `- ${deps.nameOf(e.actorId)} ${e.summary} — ${deps.titleOf(e.docId)}\n  ${deps.link(`/d/${encodeURIComponent(e.docId)}`)}`)
  const more = entries.length - shown.length
  return [
    'While you were away:',
    '',
    ...lines,
    ...(more > 0 ? ['', `…and ${more} more in your inbox.`] : []),
    '',
    `Open Keel to see them all (the bell at the top right): ${deps.link('/')}`,
    'You can turn these emails off from the inbox.',
  ].join('\n')
}
