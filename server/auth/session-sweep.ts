import type { LiveChannels } from '../collab/live-sockets.ts'
import type { Accounts } from './accounts.ts'
import type { Revocation } from './revocation.ts'

/** How often open channels are checked against their sessions' lifetimes. */
export const SESSION_SWEEP_MS = 60_000

/**
 * Sessions end by the clock too, not only by sign-out: a socket or event stream opened by a
 * session that has since passed its absolute lifetime (KEEL_SESSION_MAX_DAYS) is ended here,
 * within a minute, like any revoked credential (4401). A channel held open is use of its session,
 * though it makes no HTTP request, so the sweep also marks those sessions seen: someone typing in
 * one tab all week is not signed out for being "idle" (KEEL_SESSION_IDLE_DAYS).
 */
export class SessionSweep {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly accounts: Accounts,
    private readonly live: LiveChannels,
    private readonly revocation: Revocation,
  ) {}

  start(intervalMs = SESSION_SWEEP_MS): void {
    this.timer ??= setInterval(() => this.sweep(), intervalMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** Ends the channels of sessions no longer alive; returns how many sessions it ended. */
  sweep(now = Date.now()): number {
    let ended = 0
    for (const hash of this.live.sessionHashes()) {
      if (this.accounts.sessionAlive(hash, now)) {
        this.accounts.sessionSeen(hash, now)
      } else {
        this.revocation.endSession(hash, 'session expired')
        ended++
      }
    }
    return ended
  }
}
