/**
 * "reference (y-protocols, in-memory)": a minimal y-websocket server, the behaviour of the stock
 * y-websocket server utilities rebuilt from y-protocols + ws + lib0 only. No persistence, no
 * limits, no validation: every document lives in memory until the process exits. Each update is
 * applied and broadcast to every socket on the document (the sender included, as the stock server
 * does). It exists only as the benchmark's comparison point.
 *
 * Run: PORT=1234 node --import tsx scripts/bench/peers/reference-server.ts
 * Sockets: ws://127.0.0.1:PORT/collab/<docId> (any path: the last segment names the document).
 * Health:  GET /api/health -> 200 (so the benchmark waits for it like it waits for Keel).
 */
import type http from 'node:http'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket, WebSocketServer } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { listen } from './listen.ts'

const messageSync = 0
const messageAwareness = 1
const pingTimeout = 30_000

class SharedDoc extends Y.Doc {
  /** Socket -> awareness client ids it controls. */
  readonly conns = new Map<WebSocket, Set<number>>()
  readonly awareness = new awarenessProtocol.Awareness(this)

  constructor(readonly name: string) {
    super({ gc: true })
    this.awareness.setLocalState(null)
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, conn: unknown) => {
      const changed = added.concat(updated, removed)
      const owned = conn instanceof WebSocket ? this.conns.get(conn) : undefined
      if (owned) {
        added.forEach((id) => owned.add(id))
        removed.forEach((id) => owned.delete(id))
      }
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, messageAwareness)
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
      const frame = encoding.toUint8Array(encoder)
      this.conns.forEach((_, c) => send(this, c, frame))
    })
    this.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, messageSync)
      syncProtocol.writeUpdate(encoder, update)
      const frame = encoding.toUint8Array(encoder)
      this.conns.forEach((_, c) => send(this, c, frame))
    })
  }
}

const docs = new Map<string, SharedDoc>()

function closeConn(doc: SharedDoc, conn: WebSocket): void {
  const owned = doc.conns.get(conn)
  if (owned) {
    doc.conns.delete(conn)
    awarenessProtocol.removeAwarenessStates(doc.awareness, [...owned], null)
  }
  conn.close()
}

function send(doc: SharedDoc, conn: WebSocket, frame: Uint8Array): void {
  if (conn.readyState !== WebSocket.CONNECTING && conn.readyState !== WebSocket.OPEN) {
    closeConn(doc, conn)
    return
  }
  try {
    conn.send(frame, {}, (err) => {
      if (err) closeConn(doc, conn)
    })
  } catch {
    closeConn(doc, conn)
  }
}

function onMessage(conn: WebSocket, doc: SharedDoc, message: Uint8Array): void {
  try {
    const encoder = encoding.createEncoder()
    const decoder = decoding.createDecoder(message)
    switch (decoding.readVarUint(decoder)) {
      case messageSync:
        encoding.writeVarUint(encoder, messageSync)
        syncProtocol.readSyncMessage(decoder, encoder, doc, conn)
        // Only a step 1 produces a reply (the step 2); anything else leaves the type byte alone.
        if (encoding.length(encoder) > 1) send(doc, conn, encoding.toUint8Array(encoder))
        break
      case messageAwareness:
        awarenessProtocol.applyAwarenessUpdate(doc.awareness, decoding.readVarUint8Array(decoder), conn)
        break
    }
  } catch (err) {
    console.error(err)
  }
}

function setupConnection(conn: WebSocket, url: string): void {
  conn.binaryType = 'arraybuffer'
  const name = (url.split('?')[0] ?? '').split('/').filter(Boolean).pop() ?? 'default'
  let doc = docs.get(name)
  if (!doc) docs.set(name, (doc = new SharedDoc(name)))
  const shared = doc
  shared.conns.set(conn, new Set())
  conn.on('message', (data: ArrayBuffer) => onMessage(conn, shared, new Uint8Array(data)))
  let pongReceived = true
  const ping = setInterval(() => {
    if (!pongReceived) {
      if (shared.conns.has(conn)) closeConn(shared, conn)
      clearInterval(ping)
      return
    }
    if (shared.conns.has(conn)) {
      pongReceived = false
      try {
        conn.ping()
      } catch {
        closeConn(shared, conn)
        clearInterval(ping)
      }
    }
  }, pingTimeout)
  conn.on('close', () => {
    closeConn(shared, conn)
    clearInterval(ping)
  })
  conn.on('pong', () => {
    pongReceived = true
  })
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep1(encoder, shared)
  send(shared, conn, encoding.toUint8Array(encoder))
  const states = shared.awareness.getStates()
  if (states.size > 0) {
    const aw = encoding.createEncoder()
    encoding.writeVarUint(aw, messageAwareness)
    encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(shared.awareness, [...states.keys()]))
    send(shared, conn, encoding.toUint8Array(aw))
  }
}

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', (conn: WebSocket, req: http.IncomingMessage) => setupConnection(conn, req.url ?? '/'))
listen('reference y-websocket server', wss, () => ({ docs: docs.size }))
