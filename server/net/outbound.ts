import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { type AddressCheck, type AddressPolicy, addressCheck } from './address-policy.ts'
import { checkTarget, isRefusal, type Target } from './target.ts'

/** Resolves a host name to every address it has (the system resolver by default). */
export type Resolve = (host: string) => Promise<readonly { address: string; family: number }[]>

export const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true })

export interface OutboundOptions {
  policy: AddressPolicy
  /** Replaces the policy's address check (tests admit one loopback address with it). */
  checkAddress?: AddressCheck
  resolve?: Resolve
  /** The whole request: lookup, connect, TLS, sending and the answer. */
  timeoutMs: number
  /** Bytes of the answer's body read at most; then the connection is closed. */
  maxResponseBytes: number
  /** Aborts the request (shutdown). */
  signal?: AbortSignal
}

/** What became of one request. `detail` is for the operator's log only, never for the API. */
export type OutboundResult =
  | { kind: 'answered'; status: number; address: string }
  | { kind: 'refused'; reason: 'invalid_url' | 'blocked_address'; detail: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }

/**
 * POSTs `body` to `url` without letting the URL reach anything the policy refuses.
 *
 * The host name is resolved here, every address it resolves to is checked, and the socket is
 * opened to the checked address itself (the request's host is an IP literal, so Node performs
 * no lookup of its own): a DNS answer that changes between check and connect (rebinding) cannot
 * redirect the connection. The Host header and TLS SNI/certificate check keep the original name.
 * Redirects are never followed (node:http does not follow them); the answer is read up to
 * `maxResponseBytes` and everything is bounded by `timeoutMs`.
 */
export async function postOnce(raw: string, headers: Record<string, string>, body: string, options: OutboundOptions): Promise<OutboundResult> {
  const check = options.checkAddress ?? addressCheck(options.policy)
  const target = checkTarget(raw, options.policy, check)
  if (isRefusal(target)) return { kind: 'refused', reason: target.reason, detail: target.message }
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  const ended = (): OutboundResult => (timeout.aborted ? { kind: 'timeout' } : { kind: 'aborted' })

  let address = target.host
  if (!target.literal) {
    let found: readonly { address: string }[]
    try {
      found = await untilAborted((options.resolve ?? systemResolve)(target.host), signal)
    } catch (err) {
      return signal.aborted ? ended() : { kind: 'unreachable', detail: `lookup: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }
    }
    if (found.length === 0) return { kind: 'unreachable', detail: 'lookup: no address' }
    // Every address, not only the first: a name answering with one public and one private
    // address would otherwise reach the private one whenever the public one fails.
    for (const a of found) {
      const refused = check(a.address)
      if (refused !== null) return { kind: 'refused', reason: 'blocked_address', detail: `${target.host} resolves to ${a.address} (${refused})` }
    }
    address = found[0]!.address
  }
  if (signal.aborted) return ended()
  return send(target, address, { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body, signal, options.maxResponseBytes, ended)
}

function send(
  target: Target,
  address: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
  maxBytes: number,
  ended: () => OutboundResult,
): Promise<OutboundResult> {
  const { url } = target
  const https_ = url.protocol === 'https:'
  return new Promise((resolve) => {
    let done = false
    // Once a status line has arrived, the receiver answered: a cut body does not change that.
    let answered: OutboundResult | null = null
    const finish = (result: OutboundResult): void => {
      if (done) return
      done = true
      signal.removeEventListener('abort', onAbort)
      req.destroy()
      resolve(result)
    }
    const options: https.RequestOptions = {
      host: address,
      family: net.isIP(address),
      port: url.port === '' ? (https_ ? 443 : 80) : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, host: url.host },
      // A fresh connection per request: nothing pooled under another name's checked address.
      agent: false,
      maxHeaderSize: 8192,
      // Never called for an IP literal; if it ever were, it must not resolve anything unchecked.
      lookup: (_host, _opts, cb) => cb(new Error('outbound lookups are done before connecting'), '', 4),
      // SNI and the certificate check use the name the owner registered, not the address.
      ...(https_ && !target.literal ? { servername: target.host } : {}),
    }
    const req = (https_ ? https : http).request(options)
    let remote = address
    req.on('socket', (socket) => socket.once('connect', () => (remote = socket.remoteAddress ?? address)))
    req.on('response', (res) => {
      const result: OutboundResult = { kind: 'answered', status: res.statusCode ?? 0, address: remote }
      answered = result
      let read = 0
      res.on('data', (chunk: Buffer) => {
        read += chunk.length
        if (read >= maxBytes) finish(result)
      })
      res.on('end', () => finish(result))
      res.on('error', () => finish(result))
    })
    req.on('error', (err: NodeJS.ErrnoException) => finish(answered ?? (signal.aborted ? ended() : { kind: 'unreachable', detail: err.code ?? err.message })))
    const onAbort = (): void => finish(answered ?? ended())
    signal.addEventListener('abort', onAbort)
    req.end(body)
  })
}

/** `promise`, or a rejection as soon as `signal` aborts (a lookup cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
