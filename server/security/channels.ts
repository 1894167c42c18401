import http from 'node:http'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { MessageType, SyncMessageType } from '#shared/protocol/index'
import { rawSocket, type RawSocket, type TestServer, waitFor } from '../test/harness.ts'
import { originFor, sameOrigin } from '../test/same-origin.ts'

/** Helpers shared by the session and revocation attack tests: live channels of each kind. */

export interface Stream {
  status: number
  /** Everything received so far. */
  text: () => string
  /** Resolves when the server ends the stream (or the connection drops). */
  ended: Promise<void>
  isEnded: () => boolean
  close: () => void
}

/** Opens `GET /api/projects/:id/events` with raw http, so the test sees exactly when the server ends it. */
export function openStream(server: TestServer, projectId: string, headers: Record<string, string>): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}/api/projects/${projectId}/events`, { headers }, (res) => {
      let text = ''
      let ended = false
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      const done = new Promise<void>((r) => {
        const finish = () => {
          ended = true
          r()
        }
        res.on('end', finish)
        res.on('close', finish)
      })
      const stream: Stream = { status: res.statusCode ?? 0, text: () => text, ended: done, isEnded: () => ended, close: () => req.destroy() }
      if (res.statusCode !== 200) return resolve(stream)
      // Registered on the server once the first comment arrives.
      const ready = () => (text.includes(': connected') ? resolve(stream) : setTimeout(ready, 5))
      ready()
    })
    req.on('error', reject)
  })
}

/** A sync socket with a session cookie (or a ticket query), once the server has authorised it. */
export async function openSocket(server: TestServer, docId: string, auth: { cookie: string } | { ticket: string }): Promise<RawSocket> {
  const sock =
    'cookie' in auth
      ? await rawSocket(server.wsUrl, docId, '', { cookie: auth.cookie })
      : await rawSocket(server.wsUrl, docId, `?ticket=${encodeURIComponent(auth.ticket)}`, { cookie: null })
  // The server speaks first (sync step 1) only after authenticating and authorising.
  await waitFor(() => sock.received.length > 0 || sock.ws.readyState !== sock.ws.OPEN, 'socket authorised')
  return sock
}

/** A ticket bought with a cookie or a bearer token. */
export async function buyTicket(server: TestServer, docId: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${server.url}/api/collab/tickets`, {
    method: 'POST',
    headers: { ...sameOrigin(server), ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ docId }),
  })
  if (res.status !== 201) throw new Error(`ticket: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { ticket: string }).ticket
}

/** One sync update frame inserting `text` into Y.Text 'text'. */
export function textUpdateFrame(text: string): Uint8Array {
  const d = new Y.Doc()
  d.getText('text').insert(0, text)
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Sync)
  encoding.writeVarUint(e, SyncMessageType.Update)
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(d))
  return encoding.toUint8Array(e)
}

/** A JSON request with the given cookie/authorization headers (and, on writes, the server's own Origin, as its page sends). */
export function call(server: TestServer, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { ...originFor(server, method), ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

/** Resolves true if `p` settles within `ms`. */
export const settlesWithin = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))])

/** The close code of a socket if the server closes it within `ms`, else null (it stayed open). */
export const closeCodeWithin = async (sock: RawSocket, ms: number): Promise<number | null> =>
  (await Promise.race([sock.closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]))?.code ?? null
