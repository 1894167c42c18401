import { describe, expect, it } from 'vitest'
import { addressCheck, hostNameCheck } from './address-policy.ts'

const strict = addressCheck({ allowPrivate: false })
const onPremise = addressCheck({ allowPrivate: true })

/** Public addresses, also in the IPv6 forms that embed them: allowed under both settings. */
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '2606:4700:4700::1111',
  '2a00:1450:4001:80b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
]

/** Private networks: refused by default, allowed for on-premise receivers. */
const PRIVATE = [
  '127.0.0.1',
  '127.255.255.254',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '100.64.0.1',
  '100.127.255.254',
  '::1',
  'fc00::1',
  'fd12:3456::1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '64:ff9b::a00:1',
  '2002:c0a8:101::1',
  '::ffff:0:a00:1',
]

/** Never a webhook receiver: link-local (cloud metadata), multicast, broadcast, unspecified, reserved. */
const NEVER = [
  '169.254.169.254',
  '169.254.0.1',
  '0.0.0.0',
  '0.1.2.3',
  '255.255.255.255',
  '224.0.0.1',
  '239.255.255.250',
  '192.0.0.8',
  '192.0.2.1',
  '198.18.0.1',
  '198.51.100.1',
  '203.0.113.1',
  '240.0.0.1',
  '::',
  'fe80::1',
  'febf::1',
  'ff02::1',
  'fec0::1',
  '::ffff:169.254.169.254',
  '64:ff9b::a9fe:a9fe',
  '2002:a9fe:a9fe::1',
  '64:ff9b:1::a00:1',
  '2001::1',
  '2001:db8::1',
  '2001:2::1',
  '100::1',
  '::127.0.0.1',
  '::7f00:1',
  '::a00:1',
  '4000::1',
  'e000::1',
  '3fff::1',
  'fe80::1%eth0',
]

describe('address policy', () => {
  it('allows public unicast, including IPv6 forms embedding a public IPv4 address', () => {
    for (const a of PUBLIC) {
      expect(strict(a), a).toBeNull()
      expect(onPremise(a), a).toBeNull()
    }
  })

  it('refuses loopback, private, CGNAT and unique-local by default; KEEL_WEBHOOK_ALLOW_PRIVATE allows them', () => {
    for (const a of PRIVATE) {
      expect(strict(a), a).not.toBeNull()
      expect(onPremise(a), a).toBeNull()
    }
  })

  it('always refuses link-local, multicast, broadcast, unspecified and reserved, in every spelling', () => {
    for (const a of NEVER) {
      expect(strict(a), a).not.toBeNull()
      expect(onPremise(a), a).not.toBeNull()
    }
  })

  it('names the range, and the embedded one for IPv6 forms', () => {
    expect(strict('169.254.169.254')).toBe('linkLocal')
    expect(strict('::ffff:10.0.0.1')).toBe('ipv4Mapped:private')
    expect(strict('64:ff9b::7f00:1')).toBe('rfc6052:loopback')
    expect(strict('2002:a00:1::')).toBe('6to4:private')
    expect(strict('not an address')).toBe('not_an_address')
  })

  it('refuses local and metadata names before any lookup', () => {
    for (const n of [
      'localhost',
      'LOCALHOST.',
      'app.localhost',
      'db.internal',
      'printer.local',
      'nas.home.arpa',
      'metadata.google.internal',
      'metadata.goog',
    ]) {
      expect(hostNameCheck(n, { allowPrivate: false }), n).not.toBeNull()
    }
    expect(hostNameCheck('metadata.google.internal', { allowPrivate: true })).toBe('metadata_name')
    expect(hostNameCheck('localhost', { allowPrivate: true })).toBeNull()
    for (const n of ['hooks.example.com', 'localhost.example.com', 'internal.example.com', 'example.local.dev']) {
      expect(hostNameCheck(n, { allowPrivate: false }), n).toBeNull()
    }
  })
})
