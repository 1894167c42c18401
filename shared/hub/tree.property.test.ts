import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addNode, archiveNode, buildTree, moveNode, readNodes, removeNode, renameNode, restoreNode, type TreeNode, type TreeNodeData } from './tree.ts'

/**
 * Property tests of the project tree (fast-check). Replicas see the same map entries in different
 * orders (Y.Map iterates in arrival order), and offline replicas make conflicting moves (cycles),
 * renames, trashes and removals. Whatever the interleaving, once every replica has everything:
 * the same tree everywhere, every live page shown exactly once, no cycle, siblings in order.
 */
const IDS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']
const REPLICAS = 3

type Op =
  | { kind: 'add'; r: number; id: string; parent: string | null; index: number }
  | { kind: 'move'; r: number; id: string; parent: string | null; index: number }
  | { kind: 'rename'; r: number; id: string; title: string }
  | { kind: 'archive'; r: number; id: string; at: number }
  | { kind: 'restore' | 'remove'; r: number; id: string }
  | { kind: 'sync'; r: number; to: number }

const r = fc.integer({ min: 0, max: REPLICAS - 1 })
const id = fc.constantFrom(...IDS)
const parent = fc.option(id, { nil: null })
const index = fc.integer({ min: 0, max: 6 })
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), r, id, parent, index }),
  fc.record({ kind: fc.constant('move' as const), r, id, parent, index }),
  fc.record({ kind: fc.constant('rename' as const), r, id, title: fc.string({ maxLength: 4 }) }),
  fc.record({ kind: fc.constant('archive' as const), r, id, at: fc.integer({ min: 1, max: 1000 }) }),
  fc.record({ kind: fc.constantFrom('restore' as const, 'remove' as const), r, id }),
  fc.record({ kind: fc.constant('sync' as const), r, to: r }),
)

function apply(docs: Y.Doc[], o: Op): void {
  const doc = docs[o.r]!
  switch (o.kind) {
    case 'add':
      if (!readNodes(doc).some((n) => n.id === o.id)) addNode(doc, { id: o.id, title: o.id, parentId: o.parent, index: o.index })
      return
    case 'move':
      moveNode(doc, o.id, o.parent, o.index)
      return
    case 'rename':
      renameNode(doc, o.id, o.title)
      return
    case 'archive':
      archiveNode(doc, o.id, o.at)
      return
    case 'restore':
      restoreNode(doc, o.id)
      return
    case 'remove':
      removeNode(doc, o.id)
      return
    case 'sync':
      // One direction, as one client's update reaches another.
      Y.applyUpdate(docs[o.to]!, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(docs[o.to]!)))
  }
}

/** The tree as plain data, with each node's id, title and order. */
const shape = (nodes: TreeNode[]): unknown[] => nodes.map((n) => [n.id, n.title, n.order, shape(n.children)])

function checkInvariants(nodes: readonly TreeNodeData[]): void {
  const view = buildTree(nodes)
  const shown: string[] = []
  const walk = (list: TreeNode[]): void => {
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!]
      expect(a.order < b.order || (a.order === b.order && a.id < b.id), `siblings ${a.id} < ${b.id}`).toBe(true)
    }
    for (const n of list) {
      shown.push(n.id)
      walk(n.children)
    }
  }
  walk(view.roots)
  // Each live page once (a cycle would repeat or lose pages), and exactly the pages in byId.
  expect(shown.length).toBe(new Set(shown).size)
  expect(new Set(shown)).toEqual(new Set(view.byId.keys()))
  // A page is either shown, or hidden because it or an ancestor is in the trash.
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (const n of nodes) {
    if (view.byId.has(n.id)) continue
    const chain: TreeNodeData[] = []
    for (let cur: TreeNodeData | undefined = n; cur && !chain.includes(cur); cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) chain.push(cur)
    expect(
      chain.some((m) => m.archivedAt !== null),
      `${n.id} hidden without a trashed ancestor`,
    ).toBe(true)
  }
}

describe('the project tree (property)', () => {
  it('any interleaving of edits on 3 replicas converges to one valid tree', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const docs = Array.from({ length: REPLICAS }, () => new Y.Doc())
        for (const o of ops) apply(docs, o)
        for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
        const views = docs.map((d) => buildTree(readNodes(d)))
        for (const v of views) {
          expect(shape(v.roots)).toEqual(shape(views[0]!.roots))
          expect(v.trash.map((n) => n.id)).toEqual(views[0]!.trash.map((n) => n.id))
        }
        checkInvariants(readNodes(docs[0]!))
      }),
      { numRuns: 500 },
    )
  })

  it('the tree does not depend on the order the entries are read in', () => {
    const node = fc.record({
      id,
      title: fc.constant(''),
      // Parents may be missing or form cycles of any length.
      parentId: fc.option(fc.constantFrom(...IDS, 'gone'), { nil: null }),
      order: fc.constantFrom('a0', 'a1', 'a2'),
      archivedAt: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    })
    const entries = fc.uniqueArray(node, { selector: (n) => n.id, maxLength: IDS.length })
    fc.assert(
      fc.property(
        entries.chain((nodes) => fc.tuple(fc.constant(nodes), fc.shuffledSubarray(nodes, { minLength: nodes.length }))),
        ([nodes, shuffled]) => {
          const a = buildTree(nodes)
          const b = buildTree(shuffled)
          expect(shape(b.roots)).toEqual(shape(a.roots))
          expect(b.trash.map((n) => n.id)).toEqual(a.trash.map((n) => n.id))
          checkInvariants(nodes)
        },
      ),
    )
  })
})
