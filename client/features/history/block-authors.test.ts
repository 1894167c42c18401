import { describe, expect, it } from 'vitest'
import type { BlockAttribution } from './api.ts'
import { blockLabels } from './block-authors.ts'

const now = new Date('2026-12-04T15:00:00Z')
const ada = { userId: 'u-ada', name: 'Ada' }
const grace = { userId: 'u-grace', name: 'Grace' }
const block = (index: number, author: typeof ada | null, versionId: number | null, at = '2026-12-04T10:41:00Z'): BlockAttribution => ({
  index,
  blockId: null,
  author,
  at: author ? at : null,
  versionId,
})

describe('blockLabels', () => {
  it('labels each run of neighbouring blocks with the same last change once', () => {
    const labels = blockLabels([block(0, ada, 1), block(1, ada, 1), block(2, grace, 2), block(3, ada, 1)], now)
    expect(labels.map((l) => [l.index, l.span, l.versionId])).toEqual([
      [0, 2, 1],
      [2, 1, 2],
      [3, 1, 1],
    ])
    expect(labels[0]!.text).toMatch(/^Ada · /)
    expect(labels[0]!.title).toMatch(/^Last changed by Ada, /)
  })

  it('splits a run where the version changes even if the person does not', () => {
    expect(blockLabels([block(0, ada, 1), block(1, ada, 2)], now).map((l) => l.span)).toEqual([1, 1])
  })

  it('gives blocks without a known writer no label and does not join runs across them', () => {
    const labels = blockLabels([block(0, ada, 1), block(1, null, null), block(2, ada, 1)], now)
    expect(labels.map((l) => [l.index, l.span])).toEqual([
      [0, 1],
      [2, 1],
    ])
  })

  it('orders by block index whatever order the answer came in', () => {
    expect(blockLabels([block(1, ada, 1), block(0, grace, 2)], now).map((l) => l.index)).toEqual([0, 1])
  })

  it('names older changes with their date', () => {
    expect(blockLabels([block(0, grace, 3, '2026-11-20T09:00:00Z')], now)[0]!.text).toMatch(/^Grace · (20 Nov|Nov 20)/)
  })
})
