import { afterEach, describe, expect, it } from 'vitest'
import { limits } from '#shared/limits'
import { connectClient, rawSocket, startServer, waitFor } from '../../server/test/harness.ts'
import { figures, sleep } from './helpers.ts'

/**
 * Slow consumer: a socket that stops reading (its TCP socket paused) while a writer pours
 * updates into the document is cut once its send buffer passes the limit (64 KiB here); the
 * server's memory stays bounded and the other clients carry on.
 */
const LIMIT = 64 * 1024

describe('a slow consumer', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  it('is disconnected once its send buffer passes the limit; memory stays bounded', async () => {
    const server = await startServer({
      limits: { ...limits, maxBufferedBytesPerConnection: LIMIT, inboundBytesPerSecond: 64 * 1024 * 1024 },
    })
    cleanups.push(server.close)
    const writer = connectClient(server.wsUrl, 'slow', { acks: true })
    const reader = connectClient(server.wsUrl, 'slow')
    cleanups.push(writer.destroy, reader.destroy)
    await Promise.all([writer.synced(), reader.synced()])
    const slow = await rawSocket(server.wsUrl, 'slow')
    ;(slow.ws as unknown as { _socket: import('node:net').Socket })._socket.pause()
    await waitFor(() => server.app.registry.get('slow')?.peers.size === 3, 'three peers')
    const rssBefore = process.memoryUsage().rss
    let peakRss = rssBefore
    const started = Date.now()
    const text = writer.doc.getText('text')
    let sentBytes = 0
    while (server.app.registry.get('slow')!.peers.size === 3 && Date.now() - started < 20_000) {
      const chunk = 'x'.repeat(16 * 1024)
      text.insert(text.length, chunk)
      sentBytes += chunk.length
      if (text.length > 1024 * 1024) text.delete(0, text.length - 64 * 1024)
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
      await sleep(2)
    }
    const cutMs = Date.now() - started
    expect(server.app.registry.get('slow')!.peers.size, 'the slow socket was cut').toBe(2)
    ;(slow.ws as unknown as { _socket: import('node:net').Socket })._socket.resume()
    const closed = await slow.closed
    // The others carry on.
    text.insert(0, 'still flowing')
    await waitFor(() => reader.doc.getText('text').toString().startsWith('still flowing'), 'reader still receives', 10_000)
    await waitFor(writer.allAcked, 'writer acknowledged', 10_000)
    const growthMiB = (peakRss - rssBefore) / 2 ** 20
    figures('slow-consumer', { limitKiB: LIMIT / 1024, pouredMiB: sentBytes / 2 ** 20, cutMs, closeCode: closed.code, rssGrowthMiB: growthMiB })
    // 1006: the server terminates a slow consumer (a close frame would queue behind its buffer).
    expect([1006, 4508]).toContain(closed.code)
    expect(growthMiB).toBeLessThan(200)
  })
})
