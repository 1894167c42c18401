import { describe, expect, it } from 'vitest'
import { layoutTasks, NODE_W } from './graph-layout.ts'

describe('graph layout (dagre)', () => {
  it('puts a dependency to the left of what depends on it, and routes the edge between them', () => {
    const l = layoutTasks(
      ['a', 'b', 'c'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    )
    expect(l.nodes.get('a')!.x + NODE_W / 2).toBeLessThan(l.nodes.get('b')!.x)
    expect(l.nodes.get('b')!.x).toBeLessThan(l.nodes.get('c')!.x)
    expect(l.edges[0]!.points.length).toBeGreaterThanOrEqual(2)
    expect(l.width).toBeGreaterThan(3 * NODE_W)
  })
  it('lays out a cycle and a self-loop without throwing', () => {
    const l = layoutTasks(
      ['a', 'b', 'c'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
        { from: 'c', to: 'c' },
      ],
    )
    expect(l.nodes.size).toBe(3)
    expect(l.edges).toHaveLength(2)
  })
})
