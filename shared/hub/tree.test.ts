import { describe, expect, it } from 'vitest'
import { seeded } from '../testing/prng.ts'
import * as Y from 'yjs'
import { addNode, archiveNode, buildTree, moveNode, readNodes, removeNode, renameNode, restoreNode, type TreeNode } from './tree.ts'

const shape = (nodes: TreeNode[]): unknown[] => nodes.map((n) => (n.children.length ? { [n.title]: shape(n.children) } : n.title))
const view = (doc: Y.Doc) => shape(buildTree(readNodes(doc)).roots)

/** Two replicas that exchange everything (as two clients reconnecting would). */
function sync(...docs: Y.Doc[]): void {
  const updates = docs.map((d) => Y.encodeStateAsUpdate(d))
  for (const d of docs) for (const u of updates) Y.applyUpdate(d, u)
}

describe('the project tree', () => {
  it('adds, nests, orders, renames, moves', () => {
    const doc = new Y.Doc()
    addNode(doc, { id: 'spec', title: 'Spec' })
    addNode(doc, { id: 'runbook', title: 'Runbook' })
    addNode(doc, { id: 'data', title: 'Data', parentId: 'spec' })
    addNode(doc, { id: 'first', title: 'First', index: 0 })
    expect(view(doc)).toEqual(['First', { Spec: ['Data'] }, 'Runbook'])
    renameNode(doc, 'spec', 'Spec v2')
    expect(moveNode(doc, 'runbook', 'spec', 0)).toBe(true)
    expect(view(doc)).toEqual(['First', { 'Spec v2': ['Runbook', 'Data'] }])
    // Not into its own subtree.
    expect(moveNode(doc, 'spec', 'data', 0)).toBe(false)
    expect(view(doc)).toEqual(['First', { 'Spec v2': ['Runbook', 'Data'] }])
  })

  it('trash and restore keep the subtree, and nothing is gone until removed', () => {
    const doc = new Y.Doc()
    addNode(doc, { id: 'a', title: 'A' })
    addNode(doc, { id: 'b', title: 'B', parentId: 'a' })
    archiveNode(doc, 'a', 100)
    const trashed = buildTree(readNodes(doc))
    expect(shape(trashed.roots)).toEqual([])
    expect(trashed.trash.map((n) => n.id)).toEqual(['a'])
    restoreNode(doc, 'a')
    expect(view(doc)).toEqual([{ A: ['B'] }])
    // A child restored while its parent stays in the trash comes back at the root.
    archiveNode(doc, 'b', 200)
    archiveNode(doc, 'a', 300)
    restoreNode(doc, 'b')
    expect(view(doc)).toEqual(['B'])
    // Removing a parent for good does not lose its children: they surface at the root.
    restoreNode(doc, 'a')
    moveNode(doc, 'b', 'a', 0)
    removeNode(doc, 'a')
    expect(view(doc)).toEqual(['B'])
  })

  it('two offline replicas moving and renaming the same pages converge, none lost or duplicated', () => {
    const a = new Y.Doc()
    for (const [id, title] of [
      ['p1', 'One'],
      ['p2', 'Two'],
      ['p3', 'Three'],
    ])
      addNode(a, { id: id!, title: title! })
    const b = new Y.Doc()
    sync(a, b)
    // Offline: A moves p1 under p2 and renames p3; B moves p2 under p1 (a cycle) and renames p1.
    moveNode(a, 'p1', 'p2', 0)
    renameNode(a, 'p3', 'Three (A)')
    moveNode(b, 'p2', 'p1', 0)
    renameNode(b, 'p1', 'One (B)')
    sync(a, b)
    expect(view(a)).toEqual(view(b))
    const ids = [...buildTree(readNodes(a)).byId.keys()].sort()
    expect(ids).toEqual(['p1', 'p2', 'p3'])
    // The cycle p1 ↔ p2 is broken at the smallest id: p1 at the root, p2 under it.
    expect(view(a)).toEqual([{ 'One (B)': ['Two'] }, 'Three (A)'])
  })

  it('seeded random concurrent edits on 3 replicas: equal trees, every page exactly once (300 seeds)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = seeded(seed)
      const replicas = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
      let next = 0
      const ids: string[] = []
      for (let round = 0; round < 4; round++) {
        for (const doc of replicas) {
          for (let op = 0; op < 6; op++) {
            const live = [...buildTree(readNodes(doc)).byId.keys()]
            const pick = () => live[Math.floor(rand() * live.length)]
            const r = rand()
            if (r < 0.35 || live.length < 2) {
              const id = `n${next++}`
              ids.push(id)
              addNode(doc, { id, title: id, parentId: rand() < 0.5 ? (pick() ?? null) : null, index: Math.floor(rand() * 3) })
            } else if (r < 0.7) moveNode(doc, pick()!, rand() < 0.3 ? null : pick()!, Math.floor(rand() * 4))
            else if (r < 0.85) renameNode(doc, pick()!, `t${Math.floor(rand() * 100)}`)
            else if (r < 0.95) archiveNode(doc, pick()!, Math.floor(rand() * 1000))
            else {
              const trash = buildTree(readNodes(doc)).trash
              if (trash[0]) restoreNode(doc, trash[0].id)
            }
          }
        }
        sync(...replicas)
      }
      const views = replicas.map((d) => JSON.stringify(buildTree(readNodes(d)).roots))
      expect(views[1], `seed ${seed}`).toBe(views[0])
      expect(views[2], `seed ${seed}`).toBe(views[0])
      const tree = buildTree(readNodes(replicas[0]!))
      const shown = [...tree.byId.keys()]
      const trashed = readNodes(replicas[0]!)
        .filter((n) => !tree.byId.has(n.id))
        .map((n) => n.id)
      expect(new Set(shown).size, `seed ${seed}`).toBe(shown.length)
      expect([...shown, ...trashed].sort(), `seed ${seed}`).toEqual([...ids].sort())
    }
  })
})
