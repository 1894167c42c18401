import net from 'node:net'
import { URL } from 'node:url'
import ipaddr from 'ipaddr.js'

/**
 * Which IP addresses the server may open an outbound connection to (webhook deliveries).
 *
 * Classification is ipaddr.js's (`range()`, the IANA special-purpose registries), not a table of
 * our own: it is maintained for exactly this, already ships with Fastify (proxy-addr), and knows
 * ranges people forget (CGNAT, benchmarking, AS112, ORCHID, 240/4, segment routing…). Node's
 * `net.BlockList` only matches subnets we would have to list ourselves and says nothing about
 * IPv6 forms that embed an IPv4 address.
 *
 * The rule is an allow-list: an address is allowed only if ipaddr.js calls it plain `unicast`
 * (and, for IPv6, it lies in 2000::/3, the only block IANA allocates global unicast from: this
 * also refuses the deprecated IPv4-compatible form `::a.b.c.d`, which ipaddr.js calls unicast).
 * IPv6 forms that carry an IPv4 address (mapped, translated, NAT64, 6to4) are judged by that
 * IPv4 address. With `allowPrivate` (KEEL_WEBHOOK_ALLOW_PRIVATE, for on-premise receivers)
 * loopback, RFC 1918, CGNAT and unique-local addresses are allowed too; link-local (cloud
 * metadata lives at 169.254.169.254), multicast, broadcast, unspecified and reserved never are.
 */
export interface AddressPolicy {
  allowPrivate: boolean
}

/** Null when the address may be connected to, else the name of the range that refuses it. */
export type AddressCheck = (address: string) => string | null

const PRIVATE_RANGES = new Set(['loopback', 'private', 'carrierGradeNat', 'uniqueLocal'])
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3')

/** The IPv4 address an IPv6 address stands for, when it is one of the forms that embed one. */
function embeddedIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const bytes = address.toByteArray()
  switch (range) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d (IPv4-translated)
      return new ipaddr.IPv4(bytes.slice(12))
    case 'rfc6052': // 64:ff9b::a.b.c.d (NAT64 well-known prefix); the local-use /48 is refused
      return address.parts[2] === 0 ? new ipaddr.IPv4(bytes.slice(12)) : null
    case '6to4': // 2002:aabb:ccdd::/48
      return new ipaddr.IPv4(bytes.slice(2, 6))
    default:
      return null
  }
}

export function addressCheck(policy: AddressPolicy): AddressCheck {
  const judge = (range: string): string | null => (range === 'unicast' || (policy.allowPrivate && PRIVATE_RANGES.has(range)) ? null : range)
  return (text) => {
    const family = net.isIP(text)
    if (family === 0) return 'not_an_address'
    if (family === 4) return judge(ipaddr.IPv4.parse(text).range())
    // Through the WHATWG host parser first: ipaddr.js reads the IPv4-compatible `::a.b.c.d` as
    // if it were `::ffff:a.b.c.d`; the URL parser writes every IPv6 address in plain hex.
    // A scoped address (`fe80::1%eth0`) does not parse there: refused, it is link-local anyway.
    let v6: ipaddr.IPv6
    try {
      v6 = ipaddr.IPv6.parse(new URL(`http://[${text}]/`).hostname.slice(1, -1))
    } catch {
      return 'not_an_address'
    }
    const range = v6.range()
    if (range === 'unicast') return v6.match(GLOBAL_UNICAST_V6) ? null : 'reserved'
    const inner = embeddedIPv4(v6, range)
    if (inner) {
      const verdict = judge(inner.range())
      return verdict === null ? null : `${range}:${verdict}`
    }
    return judge(range)
  }
}

/**
 * Host names refused before any lookup. Not the guard (the resolved address is), but a clear
 * early answer for the obvious ones: `localhost` and `*.localhost` (RFC 6761 says they resolve
 * to loopback whatever DNS says), the cloud metadata names, and the private-use TLDs.
 */
const ALWAYS_REFUSED_NAMES = /^(metadata\.google\.internal|metadata\.goog|metadata|instance-data(\.ec2\.internal)?)$/
const PRIVATE_NAMES = /(^|\.)(localhost|internal|local|home\.arpa|localdomain)$/

/** Null when the host name may be looked up, else why not. `host` is a URL's hostname. */
export function hostNameCheck(host: string, policy: AddressPolicy): string | null {
  const name = host.toLowerCase().replace(/\.$/, '')
  if (ALWAYS_REFUSED_NAMES.test(name)) return 'metadata_name'
  if (!policy.allowPrivate && PRIVATE_NAMES.test(name)) return 'private_name'
  return null
}
