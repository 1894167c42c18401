import net from 'node:net'
// node:url's URL, the full WHATWG class (shared/types/url.d.ts declares only what shared/ uses).
import { URL } from 'node:url'
import { type AddressCheck, type AddressPolicy, hostNameCheck } from './address-policy.ts'

/** A URL the server may try to reach: http(s), no credentials, no refused name or literal address. */
export interface Target {
  url: URL
  /** The hostname without IPv6 brackets: an IP literal or a name still to be resolved. */
  host: string
  /** The host is an IP address (then no lookup happens and `host` is what is connected to). */
  literal: boolean
}

export type TargetRefusal = { reason: 'invalid_url'; message: string } | { reason: 'blocked_address'; message: string }

/**
 * Checks a URL before anything is looked up or connected. The WHATWG URL parser has already
 * turned every numeric spelling of an IPv4 address (0x7f000001, 2130706433, 0177.0.0.1, 127.1)
 * into dotted decimal and every IPv6 literal into its canonical form, so `host` is checked as
 * the address it really is.
 */
export function checkTarget(raw: string, policy: AddressPolicy, checkAddress: AddressCheck): Target | TargetRefusal {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { reason: 'invalid_url', message: 'not a valid URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: 'invalid_url', message: 'only http and https URLs' }
  // Credentials would be sent to the receiver in clear and stored in the log; a signed body
  // is the authentication webhooks use.
  if (url.username !== '' || url.password !== '') return { reason: 'invalid_url', message: 'the URL must not contain a user name or password' }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const literal = net.isIP(host) !== 0
  const refused = literal ? checkAddress(host) : hostNameCheck(host, policy)
  if (refused !== null) return { reason: 'blocked_address', message: `${host} is not an allowed target (${refused})${hint(policy, refused)}` }
  return { url, host, literal }
}

const hint = (policy: AddressPolicy, refused: string): string =>
  !policy.allowPrivate && /loopback|private|uniqueLocal|carrierGradeNat|private_name/.test(refused)
    ? '; set KEEL_WEBHOOK_ALLOW_PRIVATE=true to allow receivers on the local network'
    : ''

export const isRefusal = (t: Target | TargetRefusal): t is TargetRefusal => 'reason' in t
