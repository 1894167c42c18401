// A unit test that runs in Node (vitest) against a real local HTTP server: Node types for this file
// only (client code itself sees the DOM, not Node).
/// <reference types="node" />
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { api } from './http.ts'

describe('api(): an aborted read is not an answer', () => {
  let server: http.Server | null = null
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
    server = null
  })

  it('rejects when aborted while the body is still arriving, instead of resolving with null', async () => {
    // Headers and half a JSON body, then nothing: the caller gives up (a re-render, a newer fetch).
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('[{"id":')
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/projects/p/tasks`
    const abort = new AbortController()
    const pending = api<unknown[]>(url, { signal: abort.signal })
    setTimeout(() => abort.abort(), 100)
    await expect(pending).rejects.toThrow()
  })
})
