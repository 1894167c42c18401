import https from 'node:https'
import type { AddressInfo } from 'node:net'
import tls from 'node:tls'
import { describe, expect, it } from 'vitest'
import { postOnce } from './outbound.ts'

/** A self-signed certificate for tls.example.test (made once with openssl; valid for 100 years). */
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBqbf0RxnPvLKlr9/
WTXYehOlbL4Md182UNs6h+mnFQ+hRANCAARqyetDXnLDxixqHn9pHFNBbbUyBaMO
k/LFGuDK3nHMURjQQhsXcLFa6FPUXw7iFCZbEkkYQ5kB+xtnk4UFv3kq
-----END PRIVATE KEY-----`
const CERT = `-----BEGIN CERTIFICATE-----
MIIBqjCCAVCgAwIBAgIUO8GY2GwScY8dYELVL0NpJJ4XD6UwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQdGxzLmV4YW1wbGUudGVzdDAgFw0yNjEyMDMwOTU1MjVaGA8y
MTI2MTEwOTA5NTUyNVowGzEZMBcGA1UEAwwQdGxzLmV4YW1wbGUudGVzdDBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABGrJ60NecsPGLGoef2kcU0FttTIFow6T8sUa
4MreccxRGNBCGxdwsVroU9RfDuIUJlsSSRhDmQH7G2eThQW/eSqjcDBuMB0GA1Ud
DgQWBBTKWca2PG3nmlBhSaNWE0+goqIHuTAfBgNVHSMEGDAWgBTKWca2PG3nmlBh
SaNWE0+goqIHuTAPBgNVHRMBAf8EBTADAQH/MBsGA1UdEQQUMBKCEHRscy5leGFt
cGxlLnRlc3QwCgYIKoZIzj0EAwIDSAAwRQIgOShNBCKrskKAS/8rqsVZBtjuEpO4
FX6suzOfXuYzOa0CIQDkfM0JYj6SuG5vVgMTqWn8ASvOJ7YnhqRHzXjlxjTCxA==
-----END CERTIFICATE-----`

const options = { policy: { allowPrivate: true }, timeoutMs: 1000, maxResponseBytes: 4096 }

describe('outbound requests', () => {
  it('over TLS, sends the registered name as SNI and checks the certificate against it, though it connects to the checked address', async () => {
    const sniNames: string[] = []
    let requests = 0
    const server = https.createServer(
      {
        key: KEY,
        cert: CERT,
        // The name the client asks for in its hello (SNI).
        SNICallback: (name, cb) => (sniNames.push(name), cb(null, tls.createSecureContext({ key: KEY, cert: CERT }))),
      },
      (_req, res) => (requests++, res.writeHead(204).end()),
    )
    server.on('tlsClientError', () => {})
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const lookups: string[] = []
    try {
      const result = await postOnce(`https://tls.example.test:${port}/hook`, {}, '{}', {
        ...options,
        resolve: async (host) => (lookups.push(host), [{ address: '127.0.0.1', family: 4 }]),
      })
      // Self-signed: not trusted, so nothing is sent. Verification was not turned off by pinning.
      expect(result).toMatchObject({ kind: 'unreachable', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
      expect(lookups).toEqual(['tls.example.test'])
      expect(sniNames).toEqual(['tls.example.test'])
      expect(requests).toBe(0)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  })

  it('bounds the lookup too: a resolver that never answers ends as a timeout', async () => {
    const t0 = performance.now()
    const result = await postOnce('http://slow-dns.example.test/', {}, '{}', { ...options, timeoutMs: 200, resolve: () => new Promise(() => {}) })
    expect(result).toEqual({ kind: 'timeout' })
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('a failed lookup is unreachable; an abort (shutdown) is told apart from a timeout', async () => {
    const failed = await postOnce('http://nxdomain.example.test/', {}, '{}', {
      ...options,
      resolve: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })),
    })
    expect(failed).toEqual({ kind: 'unreachable', detail: 'lookup: ENOTFOUND' })
    const controller = new AbortController()
    const pending = postOnce('http://hang.example.test/', {}, '{}', { ...options, signal: controller.signal, resolve: () => new Promise(() => {}) })
    controller.abort()
    expect(await pending).toEqual({ kind: 'aborted' })
  })
})
