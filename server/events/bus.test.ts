import { describe, expect, it } from 'vitest'
import { EventBus } from './bus.ts'

declare module './bus.ts' {
  interface KeelEvents {
    'test.pinged': { projectId: string; n: number }
  }
}

describe('EventBus', () => {
  it('delivers to every-project and one-project listeners, isolating a throwing one', () => {
    const errors: unknown[] = []
    const bus = new EventBus((err) => errors.push(err))
    const all: number[] = []
    const p1: number[] = []
    bus.on('test.pinged', ({ n }) => void all.push(n))
    bus.on('test.pinged', () => {
      throw new Error('listener bug')
    })
    const off = bus.onProject('test.pinged', 'p1', ({ n }) => void p1.push(n))
    bus.emit('test.pinged', { projectId: 'p1', n: 1 })
    bus.emit('test.pinged', { projectId: 'p2', n: 2 })
    off()
    bus.emit('test.pinged', { projectId: 'p1', n: 3 })
    expect(all).toEqual([1, 2, 3])
    expect(p1).toEqual([1])
    expect(errors).toHaveLength(3)
  })
})
