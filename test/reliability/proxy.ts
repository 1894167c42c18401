import net from 'node:net'

/**
 * A TCP proxy with faults, for the convergence suite (extended from test/e2e/proxy.ts):
 * each chunk may be delayed (order kept per direction), any connection can be cut (`dropOne`,
 * `drop`), and new ones refused. Bytes are never dropped from inside a live connection: a
 * WebSocket stream cannot lose bytes and stay a stream; a lost packet is a cut connection.
 */
export class FaultProxy {
  private readonly server: net.Server
  private readonly pairs = new Set<[net.Socket, net.Socket]>()
  /** Every socket ever accepted or opened and not yet closed, pairs or not. */
  private readonly sockets = new Set<net.Socket>()
  private refusing = false
  /** Max added delay per chunk in ms (0: none). */
  maxDelayMs = 0
  port = 0
  drops = 0

  constructor(
    private targetPort: number,
    private readonly rand: () => number = Math.random,
  ) {
    this.server = net.createServer((client) => {
      this.track(client)
      if (this.refusing) {
        client.destroy()
        return
      }
      const upstream = this.track(net.connect(this.targetPort, '127.0.0.1'))
      const pair: [net.Socket, net.Socket] = [client, upstream]
      this.pairs.add(pair)
      const kill = () => {
        client.destroy()
        upstream.destroy()
        this.pairs.delete(pair)
      }
      for (const s of pair) {
        s.on('close', kill)
        s.on('error', kill)
      }
      this.pipe(client, upstream)
      this.pipe(upstream, client)
    })
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket)
    socket.once('close', () => this.sockets.delete(socket))
    return socket
  }

  /** Forwards chunks in order, each after a random delay below `maxDelayMs`. */
  private pipe(from: net.Socket, to: net.Socket): void {
    let chain = Promise.resolve()
    from.on('data', (chunk) => {
      const delay = this.maxDelayMs > 0 ? this.rand() * this.maxDelayMs : 0
      if (delay === 0) {
        chain = chain.then(() => void (to.destroyed || to.write(chunk)))
        return
      }
      chain = chain.then(
        () =>
          new Promise<void>((r) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk)
              r()
            }, delay),
          ),
      )
    })
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
    return this.port
  }

  get connections(): number {
    return this.pairs.size
  }

  /** Cuts one random connection (a network loss for one client). */
  dropOne(): void {
    const all = [...this.pairs]
    if (all.length === 0) return
    const [a, b] = all[Math.floor(this.rand() * all.length)]!
    a.destroy()
    b.destroy()
    this.drops++
  }

  drop(): void {
    for (const [a, b] of this.pairs) {
      a.destroy()
      b.destroy()
    }
    this.pairs.clear()
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
    for (const s of this.sockets) s.destroy()
    // Never hang a test run on a straggler: give the listener a second to close.
    await Promise.race([new Promise<void>((resolve) => this.server.close(() => resolve())), new Promise((r) => setTimeout(r, 1000).unref())])
    this.server.unref()
  }
}
