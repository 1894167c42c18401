/** Bounded waiting helpers: every wait in the benchmark has a deadline. */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Yields to the event loop (lets sockets drain and messages arrive). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

/** Polls `predicate` every `interval` ms; throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs: number, interval = 2): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(interval)
  }
}

/** Rejects with a clear message if `p` does not settle within `timeoutMs`. */
export async function withTimeout<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs)
  })
  try {
    return await Promise.race([p, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Client-side pacing under the server's per-connection token bucket (shared/limits.ts): never
 * spend more than `fraction` of the server's allowance, so a benchmark is never rate-limited.
 */
export class Pacer {
  private tokens: number
  private last = performance.now()
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst
  }

  /** Resolves once `cost` tokens are available (and takes them). */
  async take(cost = 1): Promise<void> {
    for (let i = 0; i < 100_000; i++) {
      const now = performance.now()
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate)
      this.last = now
      if (this.tokens >= cost) {
        this.tokens -= cost
        return
      }
      await sleep(Math.max(1, ((cost - this.tokens) / this.rate) * 1000))
    }
    throw new Error('Pacer: gave up waiting for tokens')
  }
}
