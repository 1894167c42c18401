import { describe, expect, it } from 'vitest'
import { Pacer, Stopped } from './pacer.ts'

/** Works for `ms` of this process's CPU time (on a shared machine, wall time runs further). */
const busy = (ms: number) => {
  const start = process.cpuUsage()
  for (;;) {
    const { user, system } = process.cpuUsage(start)
    if ((user + system) / 1000 >= ms) return
  }
}

describe('Pacer', () => {
  it('sizes pass-1 batches to the budget at the last batch’s cost, within a quarter of the maximum and the maximum', async () => {
    const pacer = new Pacer(8, 20, () => false)
    expect(pacer.batchSize()).toBe(8)
    busy(48) // 6 ms a page
    await pacer.endBatch(8)
    const slow = pacer.batchSize()
    expect(slow).toBeGreaterThanOrEqual(2)
    expect(slow).toBeLessThanOrEqual(3)
    busy(200)
    await pacer.endBatch(slow)
    expect(pacer.batchSize()).toBe(2)
    await pacer.endBatch(2)
    expect(pacer.batchSize()).toBe(8)
  })

  it('sizes pass-1 batches by CPU time: a batch that waits (on the disk) is not made smaller, and grows up to its own maximum', async () => {
    const pacer = new Pacer(8, 20, () => false, 40)
    expect(pacer.batchSize()).toBe(40)
    await new Promise((resolve) => setTimeout(resolve, 60))
    await pacer.endBatch(40)
    expect(pacer.batchSize()).toBe(40)
    busy(40) // 1 ms a page
    await pacer.endBatch(40)
    const sized = pacer.batchSize()
    expect(sized).toBeGreaterThanOrEqual(17)
    expect(sized).toBeLessThanOrEqual(21)
  })

  it('yields in pass 2 after the maximum of pages or the budget, writing progress first', async () => {
    const pacer = new Pacer(3, 20, () => false)
    let saved = 0
    pacer.batchSize()
    await pacer.step(() => saved++)
    await pacer.step(() => saved++)
    expect(saved).toBe(0)
    await pacer.step(() => saved++)
    expect(saved).toBe(1)
    busy(25)
    await pacer.step(() => saved++)
    expect(saved).toBe(2)
  })

  it('stops at a yield once the server is stopping', async () => {
    let stopping = false
    const pacer = new Pacer(1, 20, () => stopping)
    await pacer.step(() => {})
    stopping = true
    await expect(pacer.step(() => {})).rejects.toBeInstanceOf(Stopped)
  })
})
