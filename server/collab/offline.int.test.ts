import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, sameState, startServer, type TestClient, textOf, waitFor } from '../test/harness.ts'

describe('offline editing', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('a client with 500 offline edits reconnects and converges with one that kept editing online', async () => {
    const server = await startServer()
    cleanups.push(server.close)
    const offline = connectClient(server.wsUrl, 'offline', { acks: true })
    const online = connectClient(server.wsUrl, 'offline', { acks: true })
    cleanups.push(offline.destroy, online.destroy)
    await Promise.all([offline.synced(), online.synced()])
    const base = online.doc.getText('text')
    base.insert(0, 'shared start. ')
    await waitFor(() => textOf(offline.doc) === 'shared start. ', 'base text everywhere')

    offline.provider.disconnect()
    let seed = 99
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    const edit = (c: TestClient, label: string, n: number) => {
      const t = c.doc.getText('text')
      const list = c.doc.getArray<string>('items')
      for (let i = 0; i < n; i++) {
        const r = rand()
        if (r < 0.6) t.insert(Math.floor(rand() * (t.length + 1)), `${label}${i} `)
        else if (r < 0.8 && t.length > 4) t.delete(Math.floor(rand() * (t.length - 2)), 2)
        else if (r < 0.9) list.push([`${label}${i}`])
        else c.doc.getMap('meta').set(`k${i % 7}`, `${label}${i}`)
      }
    }
    edit(offline, 'off', 500)
    edit(online, 'on', 120)
    await waitFor(online.allAcked, 'online edits acknowledged')
    expect(textOf(offline.doc)).not.toBe(textOf(online.doc))

    offline.provider.connect()
    await waitFor(() => offline.provider.synced && offline.allAcked(), 'offline edits acknowledged after reconnect')
    await waitFor(() => sameState(offline.doc, online.doc), 'convergence')
    expect(offline.doc.getArray('items').toJSON()).toEqual(online.doc.getArray('items').toJSON())
    expect(offline.doc.getMap('meta').toJSON()).toEqual(online.doc.getMap('meta').toJSON())

    // And the server holds the merged state: a fresh client sees exactly the same.
    const fresh = connectClient(server.wsUrl, 'offline')
    cleanups.push(fresh.destroy)
    await fresh.synced()
    fresh.doc.getArray('items')
    fresh.doc.getMap('meta')
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(online.doc))
    expect(textOf(fresh.doc)).toBe(textOf(online.doc))
    expect(fresh.doc.getArray('items').toJSON()).toEqual(online.doc.getArray('items').toJSON())
  })
})
