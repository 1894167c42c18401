import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Outbox } from './outbox.ts'

const limits = { inboundBytesPerSecond: 1000, inboundMessagesPerSecond: 100, inboundMessageBurst: 400 }

describe('Outbox', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends at once while the budget allows, then paces in order under the rate', () => {
    let now = 0
    const sent: { at: number; size: number; tag: number }[] = []
    const box = new Outbox(
      (f) => sent.push({ at: now, size: f.byteLength, tag: f[0]! }),
      limits,
      () => now,
    )
    // Burst is 0.75 × 2 × 1000 = 1500 bytes; rate 750 bytes/s.
    for (let tag = 0; tag < 6; tag++) box.push(new Uint8Array(500).fill(tag))
    expect(sent.map((s) => s.tag)).toEqual([0, 1, 2])
    expect(box.pending).toBe(3)
    for (let t = 0; t < 3000; t += 10) {
      now = t
      vi.advanceTimersByTime(10)
    }
    expect(sent.map((s) => s.tag)).toEqual([0, 1, 2, 3, 4, 5])
    // After the burst: 500 bytes every 2/3 s.
    const paced = sent.slice(3).map((s) => s.at)
    expect(paced[0]).toBeGreaterThanOrEqual(660)
    expect(paced[1]! - paced[0]!).toBeGreaterThanOrEqual(660)
    // Never more than rate × time + burst, measured from the first frame.
    const total = sent.reduce((n, s) => n + s.size, 0)
    expect(total).toBeLessThanOrEqual(1500 + (750 * sent.at(-1)!.at) / 1000)
  })

  it('keeps order: a small frame waits behind queued big ones', () => {
    let now = 0
    const tags: number[] = []
    const box = new Outbox(
      (f) => tags.push(f[0]!),
      limits,
      () => now,
    )
    box.push(new Uint8Array(1400).fill(1))
    box.push(new Uint8Array(1000).fill(2))
    box.push(new Uint8Array(1).fill(3))
    expect(tags).toEqual([1])
    now = 2000
    vi.advanceTimersByTime(2000)
    expect(tags).toEqual([1, 2, 3])
  })

  it('drops what is queued when the socket closes', () => {
    let now = 0
    const tags: number[] = []
    const box = new Outbox(
      (f) => tags.push(f[0]!),
      limits,
      () => now,
    )
    box.push(new Uint8Array(1500).fill(1))
    box.push(new Uint8Array(10).fill(2))
    box.close()
    box.push(new Uint8Array(10).fill(3))
    now = 5000
    vi.advanceTimersByTime(5000)
    expect(tags).toEqual([1])
    expect(box.pending).toBe(0)
  })
})
