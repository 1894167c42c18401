import { describe, expect, it } from 'vitest'
import { seeded } from '../testing/prng.ts'
import { buildTree, type TreeNodeData } from './tree.ts'
import { TreeIndex } from './tree-index.ts'

/** TreeIndex answers buildTree's questions one node at a time: on random trees (cycles, missing parents, trashed subtrees) the answers are buildTree's. */
describe('TreeIndex', () => {
  const random = (seed: number): TreeNodeData[] => {
    const rand = seeded(seed)
    const count = 1 + Math.floor(rand() * 40)
    const ids = Array.from({ length: count }, (_, i) => `n${i}`)
    return ids.map((id) => ({
      id,
      title: id,
      // Often another node (cycles come by chance), sometimes none, sometimes one that does not exist.
      parentId: rand() < 0.2 ? null : rand() < 0.1 ? `gone${Math.floor(rand() * 3)}` : ids[Math.floor(rand() * count)]!,
      order: `a${Math.floor(rand() * 5)}`,
      archivedAt: rand() < 0.15 ? 1 + Math.floor(rand() * 9) : null,
    }))
  }

  it('shows the same parents, pages and sibling lists as buildTree (500 seeded trees)', () => {
    let cycles = 0
    for (let seed = 1; seed <= 500; seed++) {
      const nodes = random(seed)
      const view = buildTree(nodes)
      const index = new TreeIndex(nodes)
      for (const n of nodes) {
        expect(index.isLive(n.id), `seed ${seed} ${n.id}`).toBe(view.byId.has(n.id))
        if (view.byId.has(n.id)) expect(index.shownParent(n.id)).toBe(view.byId.get(n.id)!.parentId)
        if (n.parentId !== null && index.nodes.has(n.parentId) && index.shownParent(n.id) === null) cycles++
        const ids = (list: readonly TreeNodeData[]) => list.map((c) => c.id)
        expect(ids(index.siblings(n.id))).toEqual(ids(view.byId.get(n.id)?.children ?? []))
      }
      expect(index.siblings(null).map((c) => c.id)).toEqual(view.roots.map((c) => c.id))
    }
    // The trees did have cycles to break.
    expect(cycles).toBeGreaterThan(50)
  })

  it('keeps its child index through moves and removals', () => {
    const index = new TreeIndex([
      { id: 'a', title: 'A', parentId: null, order: 'a0', archivedAt: null },
      { id: 'b', title: 'B', parentId: 'a', order: 'a0', archivedAt: null },
    ])
    index.put({ id: 'b', title: 'B', parentId: null, order: 'a1', archivedAt: null })
    expect(index.children.has('a')).toBe(false)
    expect(index.siblings(null).map((n) => n.id)).toEqual(['a', 'b'])
    index.remove('a')
    expect(index.siblings(null).map((n) => n.id)).toEqual(['b'])
  })
})
