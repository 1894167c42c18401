import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { JsonNode } from '../api/docs.ts'
import { seeded } from '../testing/prng.ts'
import { canonMarks, canonNode, elementJson } from './reconcile-json.ts'
import { reconcileFragment } from './reconcile.ts'
import { edit, int, pick, walk } from './reconcile.random.ts'
import { captureUpdate, frag, norm, read, sync } from './reconcile.testkit.ts'

// Single characters no random edit types, so one marker can never land inside another.
const MARKERS = 'ΑΒΓΔΕΖ'
const MARKER = /[ΑΒΓΔΕΖ]/g
const idOf = (y: Y.XmlText): string => {
  const id = (y as unknown as { _item: Y.Item })._item.id
  return `${id.client}:${id.clock}`
}

/** The JSON without the replica's markers, adjacent text nodes with equal marks merged (as one XmlText would hold them). */
function strip(node: JsonNode): JsonNode {
  if (!node.content) return node
  const content: JsonNode[] = []
  for (const child of node.content.map(strip)) {
    if (child.type !== 'text') {
      content.push(child)
      continue
    }
    const text = (child.text ?? '').replace(MARKER, '')
    const last = content[content.length - 1]
    if (text === '') continue
    if (last?.type === 'text' && canonMarks(last.marks) === canonMarks(child.marks)) last.text += text
    else content.push({ ...child, text })
  }
  const out = { ...node }
  if (content.length > 0) out.content = content
  else delete out.content
  return norm(out)
}

describe('reconcileFragment, offline replicas', () => {
  it('text a replica typed offline survives the restore wherever the restore kept its XmlText (200 seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rand = seeded(seed)
        const a = new Y.Doc()
        for (let i = 0, n = 20 + int(80, rand); i < n; i++) edit(a, rand)
        const version = read(a)
        for (let i = 0, n = 1 + int(40, rand); i < n; i++) edit(a, rand)
        const b = new Y.Doc()
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
        // B, offline: types markers into random texts.
        const typedInto = new Map<string, string>()
        for (let k = 0, n = 1 + int(MARKERS.length, rand); k < n; k++) {
          const texts: Y.XmlText[] = []
          walk(frag(b), [], texts)
          if (texts.length === 0) break
          const text = pick(texts, rand)
          // Never between the halves of a surrogate pair, as no editor would.
          const plain = (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : ' ')).join('')
          let at = int(text.length + 1, rand)
          if (at > 0 && /[\uD800-\uDBFF]/.test(plain[at - 1] ?? '')) at--
          text.insert(at, MARKERS[k]!)
          typedInto.set(MARKERS[k]!, idOf(text))
        }
        // Texts inside top-level blocks that already read as a block of the version: the restore must keep them.
        const versionBlocks = new Set((version.content ?? []).map(canonNode))
        const mustKeep = new Set<string>()
        for (const block of frag(a).toArray()) {
          if (!(block instanceof Y.XmlElement) || !versionBlocks.has(canonNode(elementJson(block)))) continue
          const inside: Y.XmlText[] = []
          walk(block, [], inside)
          for (const t of inside) mustKeep.add(idOf(t))
        }
        captureUpdate(a, () => reconcileFragment(frag(a), version))
        const live = new Set<string>()
        const texts: Y.XmlText[] = []
        walk(frag(a), [], texts)
        for (const t of texts) live.add(idOf(t))
        sync(a, b)
        const merged = read(a)
        expect(read(b)).toEqual(merged)
        const all = JSON.stringify(merged)
        for (const [marker, id] of typedInto) {
          if (mustKeep.has(id)) expect(live.has(id)).toBe(true)
          if (live.has(id)) expect(all).toContain(marker)
        }
        expect(strip(merged)).toEqual(strip(version))
      }),
      { numRuns: 200, seed: 7 },
    )
  })
})
