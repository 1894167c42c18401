/**
 * A token bucket: `rate` tokens per second, holding at most `burst`. Used per connection for
 * inbound messages and bytes, so a runaway client is cut off without slowing anyone else.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {
    this.tokens = burst
    this.last = this.now()
  }

  /** Takes `cost` tokens; false when there are not enough (nothing is taken then). */
  take(cost = 1): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate)
    this.last = t
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }
}
