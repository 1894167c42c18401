/**
 * A small HTTP front for one variant of scenario 8: static files from a build folder (a file when
 * it exists, else the folder's index.html, as the server's app-shell fallback does), everything
 * under /api, /auth and /collab (WebSocket upgrades included) passed to the Keel server untouched.
 *
 * Why not Playwright's request interception: Chromium treats a fulfilled (intercepted) document
 * as coming from the public address space, and its Local Network Access checks then refuse its
 * WebSocket to 127.0.0.1. A real server on loopback is what production looks like anyway, and
 * every variant (Keel's own build, another build of it, the peer page) goes through the same hop.
 * The Host header is passed unchanged: the front's origin is in the server's KEEL_ALLOWED_ORIGINS.
 */
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
}
const PASSED = /^\/(api|auth|collab)(\/|$)/

export interface Front {
  url: string
  close: () => Promise<void>
}

/** `port`: chosen beforehand, so the server can list the front's origin in KEEL_ALLOWED_ORIGINS. */
export async function startFront(dir: string, serverPort: number, port = 0): Promise<Front> {
  const root = path.resolve(dir)
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://front').pathname)
    if (PASSED.test(pathname)) {
      const upstream = http.request({ host: '127.0.0.1', port: serverPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      })
      upstream.on('error', () => res.destroy())
      req.pipe(upstream)
      return
    }
    let file = path.join(root, pathname)
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html')
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    res.end(fs.readFileSync(file))
  })
  server.on('upgrade', (req, client: net.Socket, head: Buffer) => {
    const upstream = net.connect(serverPort, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    // The upgrade request as it came (rawHeaders keeps names, order and repeats).
    let raw = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`
    for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`
    upstream.write(raw + '\r\n')
    if (head.length > 0) upstream.write(head)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const bound = (server.address() as net.AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
