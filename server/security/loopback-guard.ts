import net from 'node:net'

export interface Attempt {
  host: string
  port: number
}

export interface LoopbackGuard {
  /** Every TCP connection this process started since install (loopback or not). */
  attempts: Attempt[]
  /** The ones the guard stopped: anything but a loopback IP literal. Must stay empty. */
  refused: Attempt[]
  restore: () => void
}

const isLoopbackLiteral = (host: string): boolean => (net.isIPv4(host) && host.startsWith('127.')) || host === '::1' || /^::ffff:127\./i.test(host)

/** The host and port of any form `socket.connect` is called with (Node passes an array internally). */
function target(args: unknown[]): { host?: string; port?: number; path?: string } {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0]
  if (first && typeof first === 'object') {
    const o = first as { host?: string; port?: number | string; path?: string | null }
    // node:http passes `path: null` for TCP; only a non-empty string means a Unix socket.
    return { host: o.host, port: o.port === undefined ? undefined : Number(o.port), path: typeof o.path === 'string' && o.path !== '' ? o.path : undefined }
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)))
    return { port: Number(first), host: typeof args[1] === 'string' ? args[1] : undefined }
  return { path: String(first) }
}

/**
 * The workplace's network rule, enforced in the test process itself: a socket may connect only
 * to a loopback IP literal. Anything else (a private or public address, or a name, which would
 * need a lookup first) is recorded and destroyed before `connect` runs, so a test of "refused"
 * that fails on old code still sends nothing off the machine. Loopback connections go through
 * untouched. Node's own `socket.connect`, used by node:http, node:https, node:tls and undici.
 */
export function guardLoopback(): LoopbackGuard {
  const original = net.Socket.prototype.connect
  const attempts: Attempt[] = []
  const refused: Attempt[] = []
  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
    const t = target(args)
    if (t.path === undefined) {
      const attempt = { host: t.host ?? 'localhost', port: t.port ?? 0 }
      attempts.push(attempt)
      if (!isLoopbackLiteral(attempt.host)) {
        refused.push(attempt)
        process.nextTick(() => this.destroy(new Error(`loopback guard: no connection to ${attempt.host}:${attempt.port}`)))
        return this
      }
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args)
  } as typeof original
  return {
    attempts,
    refused,
    restore: () => {
      net.Socket.prototype.connect = original
    },
  }
}
