import os from 'node:os'
import { URL } from 'node:url'

/**
 * Which Host and Origin values are this server's own (DNS rebinding, cross-site writes and
 * sockets), and the one base every absolute link is built from. Never derived from what a
 * request claims: a page on evil.example whose name resolves to this machine sends
 * `Host: evil.example` and `Origin: http://evil.example` together, and must be refused.
 *
 * Accepted hosts:
 * - the host of every KEEL_PUBLIC_URL and KEEL_ALLOWED_ORIGINS entry (any port a proxy adds);
 * - `localhost`, `127.0.0.1`, `[::1]` on the port the server actually listens on (a rebinding
 *   page can never send a loopback Host, and local health checks and a proxy's upstream Host
 *   keep working);
 * - with no public URL and a non-loopback HOST: IP literals of this machine's interfaces on that
 *   port (nobody typed a name, so there is no name to rebind).
 * A name that is not configured is refused.
 */
export interface SiteOptions {
  /** KEEL_PUBLIC_URL origins; the first builds links. */
  publicOrigins: readonly string[]
  /** KEEL_ALLOWED_ORIGINS (Vite's dev server, for instance). */
  allowedOrigins: readonly string[]
  /** HOST the server binds to. */
  listenHost: string
  /** The port in use, or null when the server is not listening (only `inject()` can reach it then). */
  port: () => number | null
  /** The configured PORT, for links built before listening. */
  configuredPort: number
  /** Addresses of this machine's interfaces (a seam for tests). */
  interfaces?: () => string[]
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])
/** A Host header is a name or IP literal and an optional port, nothing else (no userinfo, no path). */
const HOST_SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/

interface ParsedHost {
  hostname: string
  /** Explicit port, or null when the header has none. */
  port: number | null
}

function parseHost(value: string | undefined): ParsedHost | null {
  const m = HOST_SHAPE.exec((value ?? '').toLowerCase())
  if (!m) return null
  return { hostname: m[1]!, port: m[2] === undefined ? null : Number(m[2]) }
}

const defaultPort = (protocol: string): number => (protocol === 'https:' ? 443 : 80)

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)
}

function machineAddresses(): string[] {
  const out: string[] = []
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      // Scoped (link-local) IPv6 addresses cannot be written in a Host header without a zone.
      if (a.family === 'IPv4') out.push(a.address)
      else if (!a.address.includes('%') && a.scopeid === 0) out.push(`[${a.address.toLowerCase()}]`)
    }
  }
  return out
}

export class Site {
  /** Exact origins (scheme://host[:port]) that are ours by configuration. */
  private readonly origins: ReadonlySet<string>
  /** hostname:port pairs of those origins (a missing port spelled out as the scheme's default). */
  private readonly configuredHosts: ReadonlySet<string>
  private readonly httpsHosts: ReadonlySet<string>
  /** Every public origin is https: the session cookie is Secure whatever hop the request took. */
  readonly httpsOnly: boolean
  private readonly interfacesAllowed: boolean
  private readonly interfaces: () => string[]

  constructor(private readonly opts: SiteOptions) {
    const configured = [...opts.publicOrigins, ...opts.allowedOrigins].map((o) => new URL(o))
    this.origins = new Set(configured.map((u) => u.origin))
    const key = (u: URL) => `${u.hostname}:${u.port || defaultPort(u.protocol)}`
    this.configuredHosts = new Set(configured.map(key))
    this.httpsHosts = new Set(
      opts.publicOrigins
        .map((o) => new URL(o))
        .filter((u) => u.protocol === 'https:')
        .map(key),
    )
    this.httpsOnly = opts.publicOrigins.length > 0 && opts.publicOrigins.every((o) => o.startsWith('https:'))
    this.interfacesAllowed = opts.publicOrigins.length === 0 && !isLoopback(opts.listenHost)
    this.interfaces = opts.interfaces ?? machineAddresses
  }

  /** Is `host` (a Host header, or X-Forwarded-Host from a trusted proxy) one this server answers to? */
  hostAllowed(host: string | undefined, protocol: 'http' | 'https' = 'http'): boolean {
    const h = parseHost(host)
    if (!h) return false
    const port = h.port ?? (protocol === 'https' ? 443 : 80)
    // A proxy may or may not spell out the default port: both forms of a configured host are ours.
    if (this.configuredHosts.has(`${h.hostname}:${port}`)) return true
    if (h.port === null && (this.configuredHosts.has(`${h.hostname}:80`) || this.configuredHosts.has(`${h.hostname}:443`))) return true
    return this.automatic(h.hostname, port)
  }

  /** Is `origin` (an Origin header) this server's own page? `null` and anything unparsable are not. */
  originAllowed(origin: string): boolean {
    if (this.origins.has(origin)) return true
    const url = URL.canParse(origin) ? new URL(origin) : null
    // Loopback and interface hosts are served by this process itself, in plain http.
    if (!url || url.protocol !== 'http:' || url.origin !== origin) return false
    return this.automatic(url.hostname, Number(url.port || 80))
  }

  /** Host of an https public URL: its pages run over TLS even when the last hop is plain http. */
  isHttpsPublicHost(host: string | undefined): boolean {
    const h = parseHost(host)
    return h !== null && this.httpsHosts.has(`${h.hostname}:${h.port ?? 443}`)
  }

  /** An absolute link: KEEL_PUBLIC_URL, else http://localhost:<port>; never the request's Host. */
  link(path: string): string {
    const base = this.opts.publicOrigins[0] ?? `http://localhost:${this.opts.port() ?? this.opts.configuredPort}`
    return `${base}${path}`
  }

  private automatic(hostname: string, port: number): boolean {
    const listening = this.opts.port()
    // Not listening: only inject() reaches the server, whatever port its Host header names.
    if (listening !== null && port !== listening) return false
    if (LOOPBACK_NAMES.has(hostname)) return true
    return this.interfacesAllowed && this.interfaces().includes(hostname)
  }
}
