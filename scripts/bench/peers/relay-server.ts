/**
 * "relay (floor)": the least a y-websocket server can do, as a floor for the delivery scenarios
 * (fanout, many rooms). It keeps no document at all: it answers every sync step 1 with an empty
 * step 2, and forwards every update and awareness frame, byte for byte, to the other sockets on
 * the same document. No Yjs, no validation, no storage, no acks. A late joiner gets nothing of
 * what was written before it came, so it runs only in scenarios marked `floorApplies` (fanout,
 * many-rooms, trace-replay: every client syncs before the first write); it is not in the default
 * server list (`--servers keel,reference,hocuspocus,relay`) and never counts as a "best peer".
 *
 * What it shows: the part of a delivery's latency that no server can remove on this machine (the
 * loopback TCP sends, one per subscriber, and the load generator reading them).
 *
 * Run: PORT=1234 node --import tsx scripts/bench/peers/relay-server.ts
 */
import type http from 'node:http'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket, WebSocketServer } from 'ws'
import { listen } from './listen.ts'

const MESSAGE_SYNC = 0
const STEP1 = 0
const STEP2 = 1
const UPDATE = 2

/** Sync step 2 carrying an empty update (no structs, empty delete set). */
const EMPTY_STEP2 = (() => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, STEP2)
  encoding.writeVarUint8Array(e, new Uint8Array([0, 0]))
  return encoding.toUint8Array(e)
})()
/** Sync step 1 with an empty state vector: "send me everything you have". */
const EMPTY_STEP1 = new Uint8Array([MESSAGE_SYNC, STEP1, 1, 0])

const rooms = new Map<string, Set<WebSocket>>()

function forward(room: Set<WebSocket>, from: WebSocket, frame: Uint8Array): void {
  for (const peer of room) if (peer !== from && peer.readyState === WebSocket.OPEN) peer.send(frame)
}

function onMessage(conn: WebSocket, room: Set<WebSocket>, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return forward(room, conn, frame) // awareness
  const sub = decoding.readVarUint(decoder)
  if (sub === STEP1) conn.send(EMPTY_STEP2)
  else if (sub === UPDATE) forward(room, conn, frame)
  else if (sub === STEP2) {
    // A client's answer to our step 1: what it has, passed on as an ordinary update.
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, UPDATE)
    encoding.writeVarUint8Array(e, decoding.readVarUint8Array(decoder))
    forward(room, conn, encoding.toUint8Array(e))
  }
}

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', (conn: WebSocket, req: http.IncomingMessage) => {
  const name = ((req.url ?? '/').split('?')[0] ?? '').split('/').filter(Boolean).pop() ?? 'default'
  let room = rooms.get(name)
  if (!room) rooms.set(name, (room = new Set()))
  const joined = room
  joined.add(conn)
  conn.on('message', (data: Buffer) => {
    try {
      onMessage(conn, joined, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    } catch {
      conn.terminate()
    }
  })
  conn.on('close', () => {
    joined.delete(conn)
    if (joined.size === 0) rooms.delete(name)
  })
  conn.send(EMPTY_STEP1)
})
listen('relay (floor)', wss, () => ({ docs: rooms.size }))
