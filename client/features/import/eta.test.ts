import { describe, expect, it } from 'vitest'
import { etaSeconds, formatBytes, fraction } from './eta.ts'

const progress = (over: Partial<Parameters<typeof fraction>[0]>) => ({
  pagesDone: 0,
  pagesTotal: 10,
  filesDone: 0,
  filesTotal: 10,
  bytesDone: 0,
  bytesTotal: 1000,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  ...over,
})

describe('import progress', () => {
  it('counts pages made, then bytes written, as steps', () => {
    expect(fraction(progress({}))).toBe(0)
    expect(fraction(progress({ pagesDone: 10 }))).toBe(0.5)
    expect(fraction(progress({ pagesDone: 10, filesDone: 2, bytesDone: 500 }))).toBe(0.75)
    expect(fraction(progress({ pagesTotal: 0, filesTotal: 0 }))).toBe(1)
  })

  it('estimates the time left at the rate so far', () => {
    const start = Date.parse('2026-01-01T00:00:00.000Z')
    expect(etaSeconds(progress({ pagesDone: 10 }), start + 10_000)).toBe(10)
    expect(etaSeconds(progress({}), start + 10_000)).toBeNull()
    expect(etaSeconds(progress({ startedAt: null }), start)).toBeNull()
  })

  it('formats bytes', () => {
    expect([formatBytes(512), formatBytes(4700), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '4.6 KiB', '3.0 MiB'])
  })
})
