// Over 300 lines on purpose (issue #18): the loopback guard installed for the whole file is what proves no case ever
// reached off the machine; the address lists are the security report's, read beside the cases that refuse them.
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { addressCheck } from '../net/address-policy.ts'
import { type LoopbackGuard, guardLoopback } from './loopback-guard.ts'
import { createTask, receiver, register, type Server, settled, webhookServer } from './webhook-helpers.ts'

/**
 * Webhook SSRF. An owner chooses where the server sends requests; every address form below was
 * accepted with 201 and delivered to. Each is now refused at registration (400) and, for rows
 * that exist anyway and for names that resolve to such addresses, at delivery time, before any
 * socket exists. The loopback guard stops (and records) any connection to anything but a
 * loopback literal, so these tests never send traffic off the machine, even on the old code.
 */

/** The forms of the security report, verbatim. */
const REPORTED = [
  'http://169.254.169.254/latest/meta-data/iam/',
  'http://10.0.0.1/',
  'http://192.168.1.1/',
  'http://[::1]:3999/',
  'http://0x7f000001:3999/',
  'http://2130706433/',
  'http://localhost:6379/',
  'https://metadata.google.internal/computeMetadata/v1/',
  'http://user:pass@127.0.0.1:3999/',
]

/** More spellings and ranges: octal, short, mapped, compatible, NAT64, 6to4, CGNAT, reserved… */
const MORE = [
  'http://172.16.0.1/',
  'http://172.31.255.254/',
  'http://100.64.0.1/',
  'http://0.0.0.0:3999/',
  'http://0/',
  'http://0177.0.0.1:3999/',
  'http://127.1:3999/',
  'http://017700000001/',
  'http://0x7f.1/',
  'http://[::]/',
  'http://[fe80::1]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[ff02::1]/',
  'http://[::ffff:127.0.0.1]:3999/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[0:0:0:0:0:ffff:10.0.0.1]/',
  'http://[::127.0.0.1]/',
  'http://[64:ff9b::10.0.0.1]/',
  'http://[64:ff9b::169.254.169.254]/',
  'http://[2002:a9fe:a9fe::1]/',
  'http://[2001::1]/',
  'http://[2001:db8::1]/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://198.18.0.1/',
  'http://192.0.2.1/',
  'http://240.0.0.1/',
  'http://app.localhost/',
  'http://LOCALHOST.:6379/',
  'http://db.internal/',
  'http://user@example.com/',
  'ftp://example.com/',
]

/** Addresses an injected resolver answers for innocent-looking names, checked at delivery time. */
const RESOLVED = [
  '169.254.169.254',
  '10.0.0.1',
  '192.168.1.1',
  '172.16.0.1',
  '100.64.0.1',
  '127.0.0.1',
  '127.255.255.254',
  '0.0.0.0',
  '255.255.255.255',
  '224.0.0.1',
  '198.18.0.1',
  '192.0.2.1',
  '240.0.0.1',
  '::1',
  '::',
  'fe80::1',
  'fc00::1',
  'fd00::1',
  'ff02::1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '::ffff:169.254.169.254',
  '::127.0.0.1',
  '::ffff:0:a00:1',
  '64:ff9b::a00:1',
  '64:ff9b::a9fe:a9fe',
  '64:ff9b:1::a00:1',
  '2002:a00:1::1',
  '2002:7f00:1::1',
  '2001::1',
  '2001:db8::1',
]

let guard: LoopbackGuard
beforeAll(() => {
  guard = guardLoopback()
})
afterAll(() => guard.restore())

describe('webhook targets', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
    // Nothing in this file may ever have tried to reach a non-loopback address.
    expect(guard.refused).toEqual([])
  })
  const start = async (...args: Parameters<typeof webhookServer>): Promise<Server> => {
    const s = await webhookServer(...args)
    cleanups.push(s.close)
    return s
  }
  /** Connections the server made, other than the test's own requests to it. */
  const outbound = (s: Server, since: number) => guard.attempts.slice(since).filter((a) => a.port !== s.port)

  it('refuses every reported form (and more) at registration with a 400 that says why', async () => {
    const s = await start({})
    for (const url of [...REPORTED, ...MORE]) {
      const { status, body } = await register(s, url)
      expect(status, url).toBe(400)
      expect(['target_not_allowed', 'invalid_url'], url).toContain(body.error?.code)
      expect(body.error?.message, url).toMatch(/^webhook URL refused: /)
    }
    const list = await (await fetch(`${s.url}/api/projects/${s.fixture.projectId}/webhooks`, { headers: { cookie: s.fixture.owner.cookie } })).json()
    expect(list).toEqual([])
    expect((await register(s, 'http://user:pass@127.0.0.1:3999/')).body.error?.code).toBe('invalid_url')
    expect((await register(s, 'http://10.0.0.1/')).body.error?.message).toMatch(/KEEL_WEBHOOK_ALLOW_PRIVATE/)
  })

  it('with KEEL_WEBHOOK_ALLOW_PRIVATE, private and loopback receivers register; metadata, link-local and credentials never do', async () => {
    const s = await start({ webhookAllowPrivate: true })
    for (const url of ['http://127.0.0.1:3999/hook', 'http://[::1]:3999/', 'http://10.0.0.1/', 'http://localhost:6379/', 'http://db.internal/']) {
      expect((await register(s, url)).status, url).toBe(201)
    }
    const never = [
      'http://169.254.169.254/latest/meta-data/iam/',
      'https://metadata.google.internal/',
      'http://[fe80::1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://user:pass@127.0.0.1:3999/',
      'http://224.0.0.1/',
      'http://0.0.0.0/',
    ]
    for (const url of never) expect((await register(s, url)).status, url).toBe(400)
  })

  it('refuses stored rows with those URLs at delivery time, before any socket exists', async () => {
    const resolved: string[] = []
    const s = await start({}, { resolve: async (host) => (resolved.push(host), []) })
    const ids = new Map<string, string>()
    for (const url of [...REPORTED, ...MORE]) {
      // As if registered before the fix: straight into the store, past the route's check.
      ids.set(url, s.app.webhooks.create({ projectId: s.fixture.projectId, url, events: ['task.created'], createdBy: s.fixture.owner.id }).webhook.id)
    }
    const since = guard.attempts.length
    await createTask(s)
    for (const [url, id] of ids) {
      const d = await settled(s, id)
      const expected = /user(:pass)?@|^ftp:/.test(url) ? 'invalid_url' : 'blocked_address'
      expect(d, url).toMatchObject({ status: 'failed', attempts: 1, lastError: expected, lastCode: null })
    }
    expect(outbound(s, since)).toEqual([])
    // Literal addresses need no lookup, refused names are refused before one.
    expect(resolved).toEqual([])
  })

  it('checks the resolved address at delivery: names that resolve to refused addresses are never connected to', async () => {
    const lookups: string[] = []
    const s = await start({}, { resolve: async (host) => (lookups.push(host), [{ address: RESOLVED[Number(host.split('.')[0]!.slice(1))]!, family: 0 }]) })
    const ids: string[] = []
    for (let i = 0; i < RESOLVED.length; i++) {
      const { status, body } = await register(s, `http://n${i}.hooks.example.test:3999/hook`)
      expect(status).toBe(201)
      ids.push(body.webhook!.id)
    }
    const since = guard.attempts.length
    await createTask(s)
    for (let i = 0; i < ids.length; i++) {
      expect(await settled(s, ids[i]!), RESOLVED[i]).toMatchObject({ status: 'failed', lastError: 'blocked_address', lastCode: null })
    }
    expect(lookups.sort()).toEqual(RESOLVED.map((_, i) => `n${i}.hooks.example.test`).sort())
    expect(outbound(s, since)).toEqual([])
  })

  it('connects to the address it checked, never to what a second lookup says (DNS rebinding)', async () => {
    // Only 127.0.0.2 is let through (the default policy, which refuses loopback, otherwise), so
    // the test stays on loopback: "127.0.0.2" plays the public address, 127.0.0.1 the internal one.
    const strict = addressCheck({ allowPrivate: false })
    const outside = await receiver((_req, res, n) => res.writeHead(n === 1 ? 500 : 204).end(), '127.0.0.2')
    cleanups.push(outside.close)
    const inside = await receiver((_req, res) => res.writeHead(204).end(), '127.0.0.1', outside.port)
    cleanups.push(inside.close)
    const calls = new Map<string, number>()
    const resolve = async (host: string) => {
      const n = (calls.get(host) ?? 0) + 1
      calls.set(host, n)
      if (host === 'mixed.example.test')
        return [
          { address: '127.0.0.2', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ]
      // First answer passes the check; every later one points inside.
      return [{ address: n === 1 ? '127.0.0.2' : '127.0.0.1', family: 4 }]
    }
    const s = await start({}, { resolve, maxAttempts: 2, checkAddress: (a) => (a === '127.0.0.2' ? null : strict(a)) })
    const rebind = (await register(s, `http://rebind.example.test:${outside.port}/hook`)).body.webhook!.id
    const mixed = (await register(s, `http://mixed.example.test:${outside.port}/hook`)).body.webhook!.id
    const since = guard.attempts.length
    await createTask(s)

    // Attempt 1 resolved once, was checked, and went to 127.0.0.2 under the registered name.
    // Attempt 2 (after the 500) resolved again, got 127.0.0.1, and was refused before connecting.
    expect(await settled(s, rebind)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'blocked_address' })
    expect(calls.get('rebind.example.test')).toBe(2)
    expect(outside.hits).toHaveLength(1)
    expect(outside.hits[0]).toMatchObject({ localAddress: '127.0.0.2', host: `rebind.example.test:${outside.port}` })
    // One refused address among the answers refuses the name: none of them is tried.
    expect(await settled(s, mixed)).toMatchObject({ status: 'failed', lastError: 'blocked_address' })
    expect(inside.hits).toEqual([])
    // Seen from this side too: the only socket the server opened went to the checked address.
    expect(outbound(s, since)).toEqual([{ host: '127.0.0.2', port: outside.port }])
  })

  it('does not follow redirects: a 3xx is recorded as "redirect" and its target gets nothing', async () => {
    const target = await receiver((_req, res) => res.writeHead(204).end())
    cleanups.push(target.close)
    const redirector = await receiver((req, res) => res.writeHead(req.url === '/307' ? 307 : 302, { location: target.url('/stolen') }).end())
    cleanups.push(redirector.close)
    const s = await start({ webhookAllowPrivate: true })
    const ids = [(await register(s, redirector.url('/302'))).body.webhook!.id, (await register(s, redirector.url('/307'))).body.webhook!.id]
    await createTask(s)
    expect(await settled(s, ids[0]!)).toMatchObject({ status: 'failed', lastError: 'redirect', lastCode: 302 })
    expect(await settled(s, ids[1]!)).toMatchObject({ status: 'failed', lastError: 'redirect', lastCode: 307 })
    expect(redirector.hits).toHaveLength(2)
    expect(target.hits).toEqual([])
  })

  it('bounds an attempt in time and size: silent, trickling and endless receivers end within the bound', async () => {
    let endlessOpenedAt = 0
    let endlessClosedAt = 0
    const endless = await receiver((_req, res) => {
      endlessOpenedAt = performance.now()
      res.writeHead(200, { 'content-type': 'text/plain' })
      const timer = setInterval(() => res.write('x'.repeat(1024)), 2)
      res.on('close', () => (clearInterval(timer), (endlessClosedAt = performance.now())))
    })
    const silent = await receiver(() => {})
    const trickle = await receiver((_req, res) => {
      // A status line, then one header byte at a time, for ever (slowloris the other way round).
      res.socket!.write('HTTP/1.1 200 OK\r\nX-Slow: ')
      const timer = setInterval(() => res.socket?.write('a'), 20)
      res.socket!.on('close', () => clearInterval(timer))
    })
    cleanups.push(endless.close, silent.close, trickle.close)
    const timeoutMs = 1500
    const s = await start({ webhookAllowPrivate: true }, { timeoutMs })
    const endlessId = (await register(s, endless.url())).body.webhook!.id
    const silentId = (await register(s, silent.url())).body.webhook!.id
    const trickleId = (await register(s, trickle.url())).body.webhook!.id
    const t0 = performance.now()
    await createTask(s)
    // The endless body is cut after a few KiB: the status had arrived, so it counts as delivered.
    expect(await settled(s, endlessId)).toMatchObject({ status: 'delivered', lastCode: 200 })
    // Cut by the size bound, well before the time bound would have ended it.
    expect(endlessClosedAt - endlessOpenedAt).toBeLessThan(timeoutMs / 2)
    expect(await settled(s, silentId)).toMatchObject({ status: 'failed', lastError: 'timeout', lastCode: null })
    expect(await settled(s, trickleId)).toMatchObject({ status: 'failed', lastError: 'timeout', lastCode: null })
    expect(performance.now() - t0).toBeLessThan(timeoutMs + 1500)
  })

  it('logs coarse classes only: no errno, no message, a status only when a receiver answered HTTP', async () => {
    const closed = await receiver(() => {})
    const closedUrl = closed.url()
    await closed.close()
    // A service that is not HTTP (a Redis-like banner, then close).
    const bannerSockets: net.Socket[] = []
    const banner = net.createServer((socket) => (bannerSockets.push(socket), socket.end('-ERR unknown command\r\n')))
    await new Promise<void>((r) => banner.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => (bannerSockets.forEach((b) => b.destroy()), banner.close(() => r()))))
    const bannerUrl = `http://127.0.0.1:${(banner.address() as { port: number }).port}/`
    const failing = await receiver((_req, res) => res.writeHead(503).end('down for maintenance at 10.1.2.3'))
    cleanups.push(failing.close)
    const s = await start({ webhookAllowPrivate: true })
    const ids = await Promise.all([closedUrl, bannerUrl, failing.url()].map(async (u) => (await register(s, u)).body.webhook!.id))
    await createTask(s)
    expect(await settled(s, ids[0]!)).toMatchObject({ status: 'failed', lastError: 'unreachable', lastCode: null })
    expect(await settled(s, ids[1]!)).toMatchObject({ status: 'failed', lastError: 'unreachable', lastCode: null })
    expect(await settled(s, ids[2]!)).toMatchObject({ status: 'failed', lastError: 'http_error', lastCode: 503 })
    for (const id of ids) {
      const raw = await (
        await fetch(`${s.url}/api/projects/${s.fixture.projectId}/webhooks/${id}/deliveries`, { headers: { cookie: s.fixture.owner.cookie } })
      ).text()
      expect(raw).not.toMatch(/ECONN|EHOST|ENET|refused|socket|parse|maintenance|127\.0\.0\.1/i)
    }
  })
})
