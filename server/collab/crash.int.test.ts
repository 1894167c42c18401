import Database from 'better-sqlite3'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startChildServer } from '../test/child-server.ts'
import { writer } from '../test/writer.ts'
import { connectClient, tempDir, textOf, waitFor } from '../test/harness.ts'

describe('a server killed with SIGKILL while 4 writers type', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('keeps every acknowledged update, duplicates none, and the file passes integrity_check (3 trials)', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const allAcked = new Set<string>()
    let seed = 42
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647

    for (let trial = 0; trial < 3; trial++) {
      const server = await startChildServer({ KEEL_DATA_DIR: dir, KEEL_COMPACT_EVERY: '40' })
      const clients = [0, 1, 2, 3].map(() => connectClient(server.wsUrl, trial % 2 ? 'crash-a' : 'crash-b', { acks: true }))
      await Promise.all(clients.map((c) => c.synced()))
      const writers = clients.map((c, i) => writer(c, `t${trial}w${i}`))
      const typing = setInterval(() => writers.forEach((w) => w.type()), 2)
      // Kill at a random moment between 150 and 600 ms of typing.
      await new Promise((r) => setTimeout(r, 150 + rand() * 450))
      await server.kill()
      clearInterval(typing)
      for (const w of writers) for (const m of w.acknowledged()) allAcked.add(m)
      clients.forEach((c) => c.destroy())
    }
    expect(allAcked.size).toBeGreaterThan(100)

    // A fresh client with no local state reads what the server holds after a restart.
    const server = await startChildServer({ KEEL_DATA_DIR: dir })
    cleanups.push(() => server.stop())
    const texts: string[] = []
    for (const docId of ['crash-a', 'crash-b']) {
      const reader = connectClient(server.wsUrl, docId)
      await reader.synced()
      texts.push(textOf(reader.doc))
      reader.destroy()
    }
    const all = texts.join('')
    const missing = [...allAcked].filter((m) => !all.includes(m))
    expect(missing, `acknowledged but lost: ${missing.slice(0, 5).join(' ')}`).toEqual([])
    const markers = all.match(/<t\dw\d:\d+>/g) ?? []
    expect(new Set(markers).size).toBe(markers.length)
    await server.stop()
    const db = new Database(path.join(dir, 'keel.db'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('SIGTERM commits and acknowledges what is queued before the process exits', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    // A 100 ms group-commit window: the updates are received and queued, not yet committed,
    // when SIGTERM arrives 30 ms later. Without the flush on shutdown they would be lost.
    const server = await startChildServer({ KEEL_DATA_DIR: dir, KEEL_COMMIT_WINDOW_MS: '100' })
    const client = connectClient(server.wsUrl, 'graceful', { acks: true })
    await client.synced()
    await waitFor(client.allAcked, 'handshake acknowledged')
    const w = writer(client, 'g')
    for (let i = 0; i < 200; i++) w.type()
    await new Promise((r) => setTimeout(r, 30))
    expect(client.allAcked()).toBe(false)
    const exitCode = await server.stop()
    expect(exitCode).toBe(0)
    const acked = w.acknowledged()
    expect(acked).toHaveLength(200)
    client.destroy()
    const again = await startChildServer({ KEEL_DATA_DIR: dir })
    cleanups.push(() => again.stop())
    const reader = connectClient(again.wsUrl, 'graceful')
    await reader.synced()
    for (const m of acked) expect(textOf(reader.doc)).toContain(m)
    reader.destroy()
  })
})
