import http from 'node:http'
import net from 'node:net'
import type { Config } from '../config.ts'
import { startServer, waitFor } from '../test/harness.ts'
import { sameOrigin } from '../test/same-origin.ts'
import type { DispatcherOptions } from '../webhooks/dispatcher.ts'

export type Server = Awaited<ReturnType<typeof startServer>>

export interface LoggedDelivery {
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  lastCode: number | null
  lastError: string | null
}

/** A real server whose webhook deliveries give up after `maxAttempts` (1 by default). */
export function webhookServer(config: Partial<Config>, options: Partial<DispatcherOptions> = {}, dir?: string): Promise<Server> {
  return startServer(config, dir, { webhookOptions: { backoffBaseMs: 20, maxAttempts: 1, timeoutMs: 2000, ...options } })
}

const owner = (s: Server) => ({ cookie: s.fixture.owner.cookie, 'content-type': 'application/json' })
/** The owner's write from the server's own page (its Origin). */
const ownerWrite = (s: Server) => ({ ...owner(s), ...sameOrigin(s) })

/** POST …/webhooks as the project's owner. */
export async function register(
  s: Server,
  url: string,
): Promise<{ status: number; body: { webhook?: { id: string }; secret?: string; error?: { code: string; message: string } } }> {
  const res = await fetch(`${s.url}/api/projects/${s.fixture.projectId}/webhooks`, { method: 'POST', headers: ownerWrite(s), body: JSON.stringify({ url }) })
  return { status: res.status, body: (await res.json()) as never }
}

/** Creates a task, so every webhook of the project gets a `task.created` delivery. */
export async function createTask(s: Server, title = 'Trigger'): Promise<void> {
  const res = await fetch(`${s.url}/api/docs/${s.fixture.ensureDoc(`doc-${title.replace(/\W/g, '')}`)}/tasks`, {
    method: 'POST',
    headers: ownerWrite(s),
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201 && res.status !== 200) throw new Error(`task not created: ${res.status}`)
}

/** The owner's view of a webhook's delivery log (newest first). */
export async function deliveries(s: Server, hookId: string): Promise<LoggedDelivery[]> {
  const res = await fetch(`${s.url}/api/projects/${s.fixture.projectId}/webhooks/${hookId}/deliveries`, { headers: owner(s) })
  return (await res.json()) as LoggedDelivery[]
}

/** Waits until the webhook's first delivery is no longer pending, and returns it. */
export async function settled(s: Server, hookId: string, timeout = 10_000): Promise<LoggedDelivery> {
  let last: LoggedDelivery | undefined
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    last = (await deliveries(s, hookId))[0]
    if (last && last.status !== 'pending') return last
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`delivery of ${hookId} still ${JSON.stringify(last)} after ${timeout} ms`)
}

export interface Hit {
  localAddress: string
  host: string
  url: string
  signature: string
  /** Filled in once the request body has arrived. */
  body: string
}

/** An HTTP receiver on a loopback address that records each request and answers with `handle`. */
export async function receiver(handle: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void, host = '127.0.0.1', port = 0) {
  const hits: Hit[] = []
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    const hit = {
      localAddress: req.socket.localAddress ?? '',
      host: String(req.headers.host),
      url: req.url ?? '',
      signature: String(req.headers['x-keel-signature']),
      body: '',
    }
    hits.push(hit)
    const n = hits.length
    req.on('data', (c: Buffer) => (hit.body += c.toString()))
    req.on('end', () => handle(req, res, n))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return {
    hits,
    port: (server.address() as net.AddressInfo).port,
    url: (path = '/hook') => `http://${host}:${(server.address() as net.AddressInfo).port}${path}`,
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((r) => server.close(() => r()))
    },
  }
}

export { waitFor }
