import net from 'node:net'

/**
 * A TCP proxy between the browser and the server, so a test can cut real sockets: `drop()`
 * destroys every open connection (the browser sees its WebSocket die, as on a network loss), and
 * `refuse()` turns new connections away until `accept()`. `setOffline` alone does not close an
 * open WebSocket; this does.
 */
export class FaultProxy {
  private readonly server: net.Server
  private readonly sockets = new Set<net.Socket>()
  private refusing = false
  port = 0

  constructor(private targetPort: number) {
    this.server = net.createServer((client) => {
      if (this.refusing) {
        client.destroy()
        return
      }
      const upstream = net.connect(this.targetPort, '127.0.0.1')
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
    return this.port
  }

  retarget(port: number): void {
    this.targetPort = port
  }

  drop(): void {
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
  }

  refuse(): void {
    this.refusing = true
    this.drop()
  }

  accept(): void {
    this.refusing = false
  }

  async close(): Promise<void> {
    this.drop()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
