import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addNodes, archiveNode, moveNode, nodesOf, readNodes, removeNode, renameNode, restoreNode } from '#shared/hub/tree'
import { seeded } from '#shared/testing/prng'
import { openDatabase } from '../db/open.ts'
import { connectClient, startServer, tempDir, waitFor } from '../test/harness.ts'
import type { DocRow } from './hub-store.ts'
import { mirroredNodes } from './tree-mirror.ts'

/**
 * The tree's rows are mirrored per commit from what the commit changed (tree-mirror.ts). Property:
 * after any sequence of tree edits (pages made one by one and a hundred under one parent, moves,
 * renames, trash and restore, deletion, conflicting offline moves that make cycles, missing
 * parents, malformed entries), the rows equal what a full rebuild writes, and a full rebuild
 * changes nothing. Real server, real SQLite file, a sidebar connected so the tree stays loaded.
 */
describe('incremental tree mirror', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  async function setup(dir = tempDir().dir) {
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    const server = await startServer({}, dir, { db })
    cleanups.push(server.close)
    const { fixture, app } = server
    const projectId = fixture.projectId
    const treeDocId = fixture.directory.project(projectId)!.treeDocId
    const sidebar = connectClient(server.wsUrl, treeDocId, { acks: true, cookie: fixture.owner.cookie })
    cleanups.push(sidebar.destroy)
    await sidebar.synced()
    const hub = app.hub
    // Sizes of the mirror passes (to see that a small change writes a small pass).
    const passes: number[] = []
    const mirror = hub.mirrorTree.bind(hub)
    hub.mirrorTree = (p, nodes, now) => {
      passes.push(nodes.length)
      return mirror(p, nodes, now)
    }
    const change = (fn: (tree: Y.Doc) => void) => app.registry.change(treeDocId, fixture.owner.id, fn)
    const tree = () => app.registry.readCommitted(treeDocId)
    const rows = (): DocRow[] => hub.docsOf(projectId).sort((a, b) => (a.id < b.id ? -1 : 1))
    /** Rows now must be what a full rebuild writes: the rebuild finds nothing to change. */
    const expectRebuilt = () => {
      const before = rows()
      expect(mirror(projectId, mirroredNodes(readNodes(tree())))).toEqual([])
      expect(rows()).toEqual(before)
      return before
    }
    return { server, app, db, fixture, projectId, treeDocId, hub, passes, change, tree, rows, expectRebuilt, sidebar }
  }

  for (const seed of [1, 2, 3]) {
    it(`equals a full rebuild after every step of a random sequence (seed ${seed})`, async () => {
      const { change, tree, expectRebuilt, passes, app, projectId } = await setup()
      const rand = seeded(seed)
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
      let next = 0
      const newId = () => `s${seed}n${next++}`
      const ids = () => readNodes(tree()).map((n) => n.id)
      const maybeParent = () => (rand() < 0.25 || ids().length === 0 ? null : pick(ids()))
      /** An offline replica: a copy of the tree now, edited elsewhere, its update arriving later. */
      let offline: { doc: Y.Doc; since: Uint8Array } | null = null

      for (let step = 0; step < 160; step++) {
        const r = rand()
        const live = ids()
        if (r < 0.12 || live.length < 5) {
          change((t) => addNodes(t, [{ id: newId(), title: `Page ${next}`, parentId: maybeParent(), index: Math.floor(rand() * 5) }]))
        } else if (r < 0.17) {
          // Many pages under one parent, some under each other (an import's batch).
          const parent = pick(live)
          const batch = Array.from({ length: 20 + Math.floor(rand() * 80) }, () => ({ id: newId(), title: `Bulk ${next}`, parentId: parent as string | null }))
          for (let i = 1; i < batch.length; i++) if (rand() < 0.2) batch[i]!.parentId = batch[Math.floor(rand() * i)]!.id
          change((t) => addNodes(t, batch))
        } else if (r < 0.2) {
          // Through Pages, as the routes and the importer make them (rows first, then the nodes).
          const made = [{ id: newId(), title: `Made ${next}`, parentId: maybeParent() }]
          app.hub.createDocs(made, projectId)
          change((t) => addNodes(t, made))
        } else if (r < 0.38) {
          const id = pick(live)
          change((t) => void moveNode(t, id, maybeParent(), Math.floor(rand() * 6)))
        } else if (r < 0.5) {
          const id = pick(live)
          change((t) => void renameNode(t, id, rand() < 0.1 ? 'x'.repeat(250) : `Renamed ${step}`))
        } else if (r < 0.6) {
          const id = pick(live)
          change((t) => void archiveNode(t, id, 1000 + step))
        } else if (r < 0.7) {
          const trashed = readNodes(tree()).filter((n) => n.archivedAt !== null)
          if (trashed.length > 0) {
            const id = pick(trashed).id
            change((t) => void restoreNode(t, id))
          }
        } else if (r < 0.76) {
          const id = pick(live)
          change((t) => void removeNode(t, id))
        } else if (r < 0.8) {
          // A child of a page that does not exist yet (shown at the root), then the page.
          const ghost = newId()
          change((t) => addNodes(t, [{ id: newId(), title: 'Orphan', parentId: ghost }]))
          if (rand() < 0.7) change((t) => addNodes(t, [{ id: ghost, title: 'Ghost', parentId: maybeParent() }]))
        } else if (r < 0.83) {
          // A malformed entry (a bad client), replacing a node or alongside.
          const id = rand() < 0.5 ? pick(live) : newId()
          change((t) => nodesOf(t).set(id, 'junk' as never))
        } else if (r < 0.95) {
          // Conflicting moves: a replica moves offline while the server moves the other way (cycles).
          if (!offline) {
            const doc = new Y.Doc()
            Y.applyUpdate(doc, Y.encodeStateAsUpdate(tree()))
            offline = { doc, since: Y.encodeStateVector(doc) }
          }
          const a = pick(live)
          const b = pick(live)
          moveNode(offline.doc, a, b, 0)
          change((t) => void moveNode(t, b, a, 0))
          if (rand() < 0.5) {
            const update = Y.encodeStateAsUpdate(offline.doc, offline.since)
            change((t) => Y.applyUpdate(t, update))
            offline = null
          }
        } else {
          // Let the follow-ups run (titles into pages and back into the tree).
          await new Promise((resolve) => setImmediate(resolve))
        }
        expectRebuilt()
      }
      // The titles' follow-ups run.
      await new Promise((resolve) => setTimeout(resolve, 50))
      const final = expectRebuilt()
      expect(final.length).toBeGreaterThan(100)
      // Incremental, not whole: after the first pass, the median pass is a few rows.
      const later = passes.slice(1).sort((a, b) => a - b)
      expect(later[Math.floor(later.length / 2)]!).toBeLessThan(10)
    })
  }

  it('a rename or a move of one page among thousands mirrors that page (and its subtree) only', async () => {
    const { change, passes, rows, expectRebuilt } = await setup()
    const parents = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, title: `Folder ${i}`, parentId: null }))
    change((t) => addNodes(t, parents))
    for (let b = 0; b < 10; b++) {
      change((t) =>
        addNodes(
          t,
          Array.from({ length: 200 }, (_, i) => ({ id: `c${b}x${i}`, title: `Note ${b}.${i}`, parentId: `p${(b * 200 + i) % 20}` })),
        ),
      )
    }
    expect(passes.slice(-10)).toEqual(Array(10).fill(200))
    passes.length = 0
    change((t) => void renameNode(t, 'c3x7', 'Renamed'))
    change((t) => void moveNode(t, 'p4', 'p5', 0))
    change((t) => void archiveNode(t, 'p6', 1))
    expect(passes).toEqual([1, 1 + 100, 1 + 100])
    expect(rows().find((r) => r.id === 'c3x7')!.title).toBe('Renamed')
    expectRebuilt()
  })

  it('the first commit after a restart mirrors the whole tree, repairing rows left behind', async () => {
    const dir = tempDir().dir
    const first = await setup(dir)
    first.change((t) =>
      addNodes(t, [
        { id: 'a1', title: 'A' },
        { id: 'b1', title: 'B', parentId: 'a1' },
      ]),
    )
    for (const fn of cleanups.splice(0).reverse()) await fn()
    // As if the process had stopped between a tree commit and its mirror.
    const db = openDatabase(path.join(dir, 'keel.db'), { synchronous: 'normal' })
    db.prepare("UPDATE documents SET title = 'stale', parent_id = NULL WHERE id = 'b1'").run()
    db.close()
    const second = await setup(dir)
    second.change((t) => void renameNode(t, 'a1', 'A again'))
    await waitFor(() => second.rows().find((r) => r.id === 'b1')?.title === 'B', 'repaired row')
    expect(second.rows().find((r) => r.id === 'b1')).toMatchObject({ title: 'B', parentId: 'a1' })
    second.expectRebuilt()
  })
})
