import path from 'node:path'
import { sameOrigin } from '../test/same-origin.ts'
import Database from 'better-sqlite3'
import { strFromU8, unzipSync } from 'fflate'
import { expect } from 'vitest'
import { KeelExport } from '#shared/export/manifest'
import { openDatabase } from '../db/open.ts'
import { ExportService } from './service.ts'
import { SqliteExportStore } from './sqlite-export-store.ts'
import { startServer, type TestServer } from '../test/harness.ts'

export type Json = Record<string, unknown>

/** Polls `read` until it equals `expected` (derived rows: the hub's debounced pass), or fails with the last value. */
export async function eventually<T>(read: () => Promise<T>, expected: T, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  let last = await read()
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100))
    last = await read()
  }
  expect(last).toEqual(expected)
}

/** The manifest in a project's JSON export (a .keel.zip). */
export async function manifestOf(response: Promise<Response>): Promise<KeelExport> {
  const entries = unzipSync(new Uint8Array(await (await response).arrayBuffer()))
  return KeelExport.parse(JSON.parse(strFromU8(entries['keel-export.json']!)))
}

export const without = <T extends Json>(rows: T[], ...keys: string[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k))))

/**
 * The export tests' servers: the seeded demo with an owner of its workspace signed in, and the demo's
 * JSON export beside a fresh server with an ExportService of its own. Closers go into `cleanups`.
 */
export function exportKit(cleanups: (() => unknown)[]) {
  async function seeded() {
    const server = await startServer({ seed: true })
    cleanups.push(server.close)
    const db = new Database(path.join(server.dir, 'keel.db'), { readonly: true })
    cleanups.push(() => db.close())
    const { workspaceId, projectId } = db
      .prepare(`SELECT w.id AS workspaceId, p.id AS projectId FROM workspaces w JOIN projects p ON p.workspace_id = w.id WHERE w.name = 'Demo workspace'`)
      .get() as { workspaceId: string; projectId: string }
    const owner = server.fixture.user('Exporter', 'owner', { workspaceId })
    return { server, workspaceId, projectId, owner, ...client(server, owner.cookie) }
  }

  /** The demo project's JSON export, a fresh server, and an ExportService of its own over that server's parts. */
  async function demoIntoFresh() {
    const a = await seeded()
    const file = await manifestOf(a.get(`/api/projects/${a.projectId}/export?format=json`))
    const b = await startServer()
    cleanups.push(b.close)
    const { app } = b
    const db = openDatabase(path.join(b.dir, 'keel.db'), { synchronous: 'normal' })
    cleanups.push(() => db.close())
    const parts = {
      registry: app.registry,
      store: app.store,
      hub: app.hub,
      tasks: app.tasks,
      directory: app.directory,
      attachments: app.attachments,
      titleOf: () => '',
    }
    return { a, file, b, service: new ExportService({ ...parts, exports: new SqliteExportStore(db) }) }
  }

  function client(server: TestServer, cookie: string) {
    const get = (p: string) => fetch(`${server.url}${p}`, { headers: { cookie } })
    const json = async (p: string) => (await (await get(p)).json()) as Json & Json[]
    const post = (p: string, body: string | Uint8Array, type = 'application/json') =>
      fetch(`${server.url}${p}`, { method: 'POST', headers: { cookie, 'content-type': type, ...sameOrigin(server) }, body })
    return { get, json, post }
  }
  return { seeded, demoIntoFresh, client }
}
