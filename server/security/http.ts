import http from 'node:http'
import WebSocket from 'ws'
import { COLLAB_PATH } from '#shared/protocol/index'

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  json: () => unknown
}

/**
 * One HTTP request to 127.0.0.1:`port` with exactly the headers given, Host included (fetch
 * will not send a Host of our choosing). Connects to loopback only, whatever the Host says.
 */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString()
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) })
        })
      },
    )
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** A sync-socket upgrade to 127.0.0.1:`port` with the given headers: 'open' or `http <status>`. */
export async function upgrade(port: number, docId: string, headers: Record<string, string>): Promise<string> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${COLLAB_PATH}/${docId}`, { headers })
  const outcome = await new Promise<string>((resolve) => {
    ws.on('open', () => resolve('open'))
    ws.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`))
    ws.on('error', (err) => resolve(`error ${err.message}`))
  })
  ws.terminate()
  return outcome
}
