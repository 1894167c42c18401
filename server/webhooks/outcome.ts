import type { OutboundResult } from '../net/outbound.ts'

/**
 * What the delivery log records of an attempt, in coarse classes, so that the log cannot serve
 * as a port scanner: no error messages, no errno, and a status code only when a receiver really
 * answered with HTTP.
 *
 * - `blocked_address`: the URL's host or an address it resolves to is not allowed; nothing was
 *   connected to.
 * - `invalid_url`: not http(s), or it carries credentials; nothing was connected to.
 * - `unreachable`: no HTTP answer: the name did not resolve, the connection was refused or
 *   reset, TLS failed. One class for all of them.
 * - `timeout`: no answer within the time bound (lookup, connect and answer together).
 * - `redirect`: a 3xx answer; redirects are never followed.
 * - `http_error`: any other non-2xx answer.
 * - `secret_unavailable` (set by the dispatcher): the signing secret does not decrypt with the
 *   configured key; the attempt was not made.
 */
export type DeliveryError = 'blocked_address' | 'invalid_url' | 'unreachable' | 'timeout' | 'redirect' | 'http_error' | 'secret_unavailable'

export interface DeliveryOutcome {
  /** Null when delivered (a 2xx). */
  error: DeliveryError | null
  /** The receiver's HTTP status, when it answered. */
  code: number | null
}

export function outcomeOf(result: Exclude<OutboundResult, { kind: 'aborted' }>): DeliveryOutcome {
  switch (result.kind) {
    case 'answered': {
      const { status } = result
      if (status >= 200 && status < 300) return { error: null, code: status }
      return { error: status >= 300 && status < 400 ? 'redirect' : 'http_error', code: status }
    }
    case 'refused':
      return { error: result.reason, code: null }
    case 'unreachable':
      return { error: 'unreachable', code: null }
    case 'timeout':
      return { error: 'timeout', code: null }
  }
}
