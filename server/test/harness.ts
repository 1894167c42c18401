import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { COLLAB_PATH, isUpdateBearing, MessageType, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION, readAckSeq } from '#shared/protocol/index'
import { buildApp } from '../app.ts'
import { type Config, testConfig } from '../config.ts'
import { openDatabase } from '../db/open.ts'
import { Fixture } from './fixtures.ts'

/** A temporary folder for one test's SQLite file, removed by `cleanup`. */
export function tempDir(prefix = 'keel-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** The fixture of each running test server, by its ws URL, so clients authenticate by default. */
const fixtures = new Map<string, Fixture>()

/** Registers a fixture for a server started elsewhere (a child process on the same file). */
export function useFixture(wsUrl: string, fixture: Fixture): void {
  fixtures.set(wsUrl, fixture)
}

export interface TestServer {
  fixture: Fixture
  app: FastifyInstance
  /** http://127.0.0.1:<port> */
  url: string
  wsUrl: string
  port: number
  close: () => Promise<void>
}

/** A real server on port 0 with a real SQLite file (in `dir`, or a fresh temp folder). */
export async function startServer(
  overrides: Partial<Config> = {},
  dir?: string,
  deps: Parameters<typeof buildApp>[1] = {},
): Promise<TestServer & { dir: string }> {
  const folder = dir ?? tempDir().dir
  const config = testConfig({ databaseFile: path.join(folder, 'keel.db'), ...overrides })
  const db = deps.db ?? openDatabase(config.databaseFile, { synchronous: config.sync })
  const app = await buildApp(config, { ...deps, db })
  await app.listen({ port: config.port, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const fixture = new Fixture(db)
  const wsUrl = `ws://127.0.0.1:${port}`
  fixtures.set(wsUrl, fixture)
  return {
    app,
    fixture,
    port,
    dir: folder,
    url: `http://127.0.0.1:${port}`,
    wsUrl,
    close: async () => {
      fixtures.delete(wsUrl)
      await app.close()
    },
  }
}

/** Counts the update-bearing frames each socket sends, as Keel's client does. */
class CountingWebSocket extends WebSocket {
  updateFrames = 0
  /** Headers every socket of this class sends (the session cookie, like a browser). */
  static headers: Record<string, string> = {}
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { headers: (new.target as typeof CountingWebSocket).headers })
  }
  override send(data: unknown, ...rest: unknown[]): void {
    if (data instanceof Uint8Array && isUpdateBearing(data)) this.updateFrames++
    ;(WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, ...rest)
  }
}

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Highest ack received on the current socket (only when `acks` is on). */
  acked: () => number
  /** Update-bearing frames sent on the current socket. */
  sent: () => number
  /** Every update-bearing frame sent on the current socket is acknowledged. */
  allAcked: () => boolean
  /** Resolves once the provider has completed the sync handshake. */
  synced: () => Promise<void>
  destroy: () => void
}

/**
 * An unmodified y-websocket provider over `ws`, with BroadcastChannel off so that two clients in
 * one process can only meet through the server. `acks: true` opts into Keel's Ack message.
 */
export function connectClient(
  wsUrl: string,
  docId: string,
  options: { acks?: boolean; doc?: Y.Doc; connect?: boolean; cookie?: string | null; params?: Record<string, string>; host?: string } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc()
  // By default: the test server's owner, with the document created in its project.
  const fixture = fixtures.get(wsUrl)
  if (fixture && options.cookie === undefined) fixture.ensureDoc(docId)
  const cookie = options.cookie === undefined ? fixture?.owner.cookie : options.cookie
  const Socket = class extends CountingWebSocket {
    // `host`: the server's own, when the socket goes through a TCP proxy on another port.
    static override headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(options.host ? { host: options.host } : {}) }
  }
  const provider = new WebsocketProvider(wsUrl + COLLAB_PATH, docId, doc, {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    WebSocketPolyfill: Socket as any,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 300,
    params: { ...(options.acks ? { [PROTOCOL_QUERY_PARAM]: String(PROTOCOL_VERSION) } : {}), ...options.params },
  })
  let acked = 0
  provider.on('status', ({ status }) => {
    if (status === 'connected') acked = 0
  })
  if (options.acks) {
    provider.messageHandlers[MessageType.Ack] = (_encoder, decoder) => {
      acked = Math.max(acked, readAckSeq(decoder))
    }
  }
  const sent = (): number => (provider.ws as unknown as CountingWebSocket | null)?.updateFrames ?? 0
  return {
    doc,
    provider,
    acked: () => acked,
    sent,
    allAcked: () => provider.wsconnected && acked >= sent(),
    synced: () => (provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', () => resolve()))),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Waits until `predicate` holds, checking on every tick of `interval` ms, or fails after `timeout`. */
export async function waitFor(predicate: () => boolean, what: string, timeout = 10_000, interval = 5): Promise<void> {
  const deadline = Date.now() + timeout
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, interval))
  }
}

/** A raw `ws` socket on a document, for sending frames no provider would send. */
export async function rawSocket(wsUrl: string, docId: string, query = '', options: { cookie?: string | null; origin?: string } = {}): Promise<RawSocket> {
  const fixture = fixtures.get(wsUrl)
  if (fixture && options.cookie === undefined && /^[A-Za-z0-9_-]+$/.test(docId)) fixture.ensureDoc(docId)
  const cookie = options.cookie === undefined ? fixture?.owner.cookie : options.cookie
  const headers: Record<string, string> = {}
  if (cookie) headers.cookie = cookie
  if (options.origin) headers.origin = options.origin
  const ws = new WebSocket(`${wsUrl}${COLLAB_PATH}/${docId}${query}`, { headers })
  const received: Uint8Array[] = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
  ws.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  return { ws, received, closed }
}

export interface RawSocket {
  ws: WebSocket
  received: Uint8Array[]
  closed: Promise<{ code: number; reason: string }>
}

/** The editor's text as a plain string (for tests that type into a Y.XmlFragment or Y.Text). */
export const textOf = (doc: Y.Doc, name = 'text'): string => doc.getText(name).toString()

/** JSON with object keys sorted, so that two equal values always print the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  )
}

/** Equal state vectors and equal content: two replicas have converged. */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) && canonicalJson(a.toJSON()) === canonicalJson(b.toJSON())
}
