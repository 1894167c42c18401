/**
 * What the benchmark's own peer servers share: an HTTP server on 127.0.0.1:$PORT answering
 * GET /api/health (the harness waits for it, as for Keel), WebSocket upgrades handed to `wss`,
 * and a clean exit on SIGTERM/SIGINT.
 */
import http from 'node:http'
import type { WebSocketServer } from 'ws'

export function listen(label: string, wss: WebSocketServer, health: () => Record<string, unknown>): void {
  const port = Number(process.env.PORT ?? 1234)
  const host = process.env.HOST ?? '127.0.0.1'
  const server = http.createServer((req, res) => {
    const ok = req.url === '/api/health'
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' })
    res.end(JSON.stringify(ok ? { ok: true, ...health() } : { error: 'not_found' }))
  })
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
  server.listen(port, host, () => console.log(`${label} on ws://${host}:${port}`))
  const stop = (): void => {
    wss.clients.forEach((c) => c.terminate())
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(0), 1000).unref()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
