import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seeded } from '../testing/prng.ts'
import { edit, int } from './reconcile.random.ts'
import { reconcileBlock, reconcileFragment } from './reconcile.ts'
import { captureUpdate, frag, norm, read, sync } from './reconcile.testkit.ts'
import { canonNode } from './reconcile-json.ts'

describe('reconcileFragment, property', () => {
  it('restoring version v after random edits reads as v, converges with a replica, and is idempotent (200 seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rand = seeded(seed)
        const doc = new Y.Doc()
        for (let i = 0, n = 20 + int(100, rand); i < n; i++) edit(doc, rand)
        const version = read(doc)
        for (let i = 0, n = 1 + int(60, rand); i < n; i++) edit(doc, rand)
        const replica = new Y.Doc()
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
        captureUpdate(doc, () => reconcileFragment(frag(doc), version))
        expect(norm(read(doc))).toEqual(norm(version))
        expect(captureUpdate(doc, () => reconcileFragment(frag(doc), version))).toBeNull()
        // The restore as a plain update: a replica that merges it reads the same.
        const offline = int(3, rand)
        for (let i = 0; i < offline; i++) edit(replica, rand)
        sync(doc, replica)
        expect(read(replica)).toEqual(read(doc))
        if (offline === 0) expect(norm(read(replica))).toEqual(norm(version))
      }),
      { numRuns: 200, seed: 13 },
    )
  })

  it('restoring one block of v brings it back, says whether it wrote, and touches no other block (200 seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rand = seeded(seed)
        const doc = new Y.Doc()
        for (let i = 0, n = 20 + int(80, rand); i < n; i++) edit(doc, rand)
        const version = read(doc)
        for (let i = 0, n = 1 + int(30, rand); i < n; i++) edit(doc, rand)
        const blocks = version.content ?? []
        if (blocks.length === 0) return
        const index = int(blocks.length, rand)
        const before = (read(doc).content ?? []).map(canonNode)
        let changed = false
        const update = captureUpdate(doc, () => (changed = reconcileBlock(frag(doc), version, index)))
        expect(changed).toBe(update !== null)
        const after = (read(doc).content ?? []).map(canonNode)
        expect(after).toContain(canonNode(blocks[index]!))
        // Every other block is unchanged: at most one differs, or one was added.
        const common = after.filter((c) => before.includes(c)).length
        expect(common).toBeGreaterThanOrEqual(Math.min(before.length, after.length) - 1)
        expect(after.length - before.length).toBeLessThanOrEqual(1)
      }),
      { numRuns: 200, seed: 31 },
    )
  })
})
