import type { Limits } from '#shared/limits'

/**
 * Paces a socket's outbound frames under the server's per-connection limits (shared/limits.ts),
 * so that a well-behaved client is never cut off (4529) for sending what it legitimately has:
 * typically a long offline session, whose reconnect step 2 is split into many 1 MiB frames.
 *
 * Frames go out at once while the budget allows (ordinary typing never waits); past it they queue
 * in order and leave as the budget refills. The budget is a token bucket at a fraction of the
 * server's rate and burst, because the server's bucket also counted what we sent before (presence,
 * the sync step 1) and clocks differ.
 */
export class Outbox {
  private readonly queue: Uint8Array[] = []
  private readonly bytes: Budget
  private readonly messages: Budget
  private timer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(
    private readonly send: (frame: Uint8Array) => void,
    limits: Pick<Limits, 'inboundBytesPerSecond' | 'inboundMessagesPerSecond' | 'inboundMessageBurst'>,
    private readonly now: () => number = () => performance.now(),
  ) {
    // The server's byte burst is twice its rate (server/collab/connection.ts).
    this.bytes = new Budget(limits.inboundBytesPerSecond * SHARE, limits.inboundBytesPerSecond * 2 * SHARE, now())
    this.messages = new Budget(limits.inboundMessagesPerSecond * SHARE, limits.inboundMessageBurst * SHARE, now())
  }

  /** Frames waiting for budget. */
  get pending(): number {
    return this.queue.length
  }

  push(frame: Uint8Array): void {
    if (this.closed) return
    this.queue.push(frame)
    if (this.timer === null) this.drain()
  }

  /** The socket is gone: what is queued goes nowhere (the next connection's sync resends it). */
  close(): void {
    this.closed = true
    this.queue.length = 0
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private drain(): void {
    this.timer = null
    let frame: Uint8Array | undefined
    while ((frame = this.queue[0]) !== undefined && !this.closed) {
      const t = this.now()
      const wait = Math.max(this.bytes.waitMs(frame.byteLength, t), this.messages.waitMs(1, t))
      if (wait > 0) {
        this.timer = setTimeout(() => this.drain(), Math.ceil(wait))
        return
      }
      this.bytes.take(frame.byteLength)
      this.messages.take(1)
      this.queue.shift()
      this.send(frame)
    }
  }
}

/** Share of the server's limits the client allows itself. */
const SHARE = 0.75

class Budget {
  private tokens: number

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private last: number,
  ) {
    this.tokens = burst
  }

  /** How long until `cost` tokens are there (0: now). A cost over the burst waits for a full bucket. */
  waitMs(cost: number, now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
    this.last = now
    const need = Math.min(cost, this.burst) - this.tokens
    return need <= 0 ? 0 : (need / this.rate) * 1000
  }

  take(cost: number): void {
    this.tokens -= cost
  }
}
