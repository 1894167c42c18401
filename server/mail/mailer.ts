import type { FastifyBaseLogger } from 'fastify'
import crypto from 'node:crypto'
import type { OutboxMessage, OutboxStore } from './outbox-store.ts'

/** What a message is before it is queued. */
export interface MailInput {
  to: string
  subject: string
  text: string
  /** When the message stops being useful (its link expires). */
  expiresAt: number
}

/**
 * Delivers one queued message. An SMTP sender implements this; without one configured, the
 * server uses `OutboxOnlySender`. Resolving means the message is accepted (marked sent).
 */
export interface MailSender {
  readonly name: string
  send(message: OutboxMessage): Promise<void>
}

/**
 * No SMTP configured (the default): the message stays pending in the outbox, where an operator
 * reads it with `npm run keel -- outbox` (on the server's machine, from the data folder). The
 * log says that a message is waiting, to whom and why, at info level, but never its body: the
 * body holds a one-time link, and a log is read by more people than should be able to use it
 * (server/log/redact.ts).
 */
export class OutboxOnlySender implements MailSender {
  readonly name = 'outbox'
  constructor(private readonly log: FastifyBaseLogger) {}

  async send(message: OutboxMessage): Promise<void> {
    this.log.info(
      { mail: { id: message.id, to: message.recipient, subject: message.subject } },
      `no SMTP configured: "${message.subject}" for ${message.recipient} waits in the outbox; print it with \`npm run keel -- outbox\``,
    )
    // Not marked sent: it is still for an operator to pass on.
    throw new NotDelivered()
  }
}

/** A sender that kept the message pending on purpose (no SMTP). */
export class NotDelivered extends Error {}

/**
 * Mail, outbox first: `queue` writes the message to the outbox synchronously and hands it to the
 * sender after the current request has been answered, so a caller's answer (and how long it
 * takes) never depends on delivery: "Forgot password?" must answer the same, as fast, whether
 * or not the email has an account.
 */
export class Mailer {
  constructor(
    readonly outbox: OutboxStore,
    private readonly sender: MailSender,
    private readonly log: FastifyBaseLogger,
  ) {}

  queue(input: MailInput, now = Date.now()): OutboxMessage {
    this.outbox.pruneExpired(now)
    const message: OutboxMessage = {
      id: crypto.randomUUID(),
      createdAt: now,
      recipient: input.to,
      subject: input.subject,
      body: input.text,
      expiresAt: input.expiresAt,
      sentAt: null,
    }
    this.outbox.insert(message)
    setImmediate(() => void this.deliver(message))
    return message
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    try {
      await this.sender.send(message)
      this.outbox.markSent(message.id, Date.now())
    } catch (err) {
      if (err instanceof NotDelivered) return
      // The error of a sender, never the message: its body holds a link.
      this.log.warn(
        { mail: { id: message.id, sender: this.sender.name }, err: err instanceof Error ? err.message : String(err) },
        'mail delivery failed; the message stays in the outbox',
      )
    }
  }
}
