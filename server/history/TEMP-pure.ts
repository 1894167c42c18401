/**
 * TEMPORARY stand-ins for the pure modules other helpers are writing (issue #13): delete this
 * file at merge and point the re-exports below at the real paths (one line each):
 *   export { diffDocs } from '#shared/history/diff'
 *   export { toMarkdown } from '#shared/doc/markdown'
 *   export { reconcileFragment, reconcileBlock } from '#shared/doc/reconcile'
 * Everything in server/history imports these three names from this file only.
 */
import * as Y from 'yjs'
import type { JsonNode } from '#shared/api/docs'
import { fragmentToJson } from '#shared/doc/fragment'
import type { DiffEntry, DocDiff } from '#shared/history/types'
import { HISTORY_LIMITS } from '#shared/limits'

/** Stand-in: by position; a block that differs is 'changed', the summary says only "edited". */
export function diffDocs(before: JsonNode, after: JsonNode, limits: typeof HISTORY_LIMITS = HISTORY_LIMITS): DocDiff {
  const a = before.content ?? []
  const b = after.content ?? []
  const entries: DiffEntry[] = []
  const counts = { added: 0, removed: 0, changed: 0, moved: 0 }
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (i >= a.length) {
      entries.push({ kind: 'added', after: i })
      counts.added++
    } else if (i >= b.length) {
      entries.push({ kind: 'removed', before: i })
      counts.removed++
    } else if (JSON.stringify(a[i]) === JSON.stringify(b[i])) entries.push({ kind: 'same', before: i, after: i })
    else {
      entries.push({ kind: 'changed', before: i, after: i, fields: [], runs: [] })
      counts.changed++
    }
  }
  const edits = counts.added + counts.removed + counts.changed
  return { entries, counts, summary: edits === 0 ? 'No changes' : 'edited', truncated: n > limits.maxDiffBlocks }
}

/** Stand-in: the JSON itself. */
export function toMarkdown(doc: JsonNode): string {
  return JSON.stringify(doc, null, 2)
}

/** Stand-in: keeps the equal blocks of a common prefix and suffix, replaces the middle. */
export function reconcileFragment(fragment: Y.XmlFragment, target: JsonNode): void {
  const want = target.content ?? []
  const have = fragment.toArray().map((child) => JSON.stringify(blockJson(child)))
  const wantText = want.map((b) => JSON.stringify(b))
  let start = 0
  while (start < have.length && start < want.length && have[start] === wantText[start]) start++
  let end = 0
  while (end < have.length - start && end < want.length - start && have[have.length - 1 - end] === wantText[want.length - 1 - end]) end++
  fragment.delete(start, have.length - start - end)
  insertBlocks(fragment, start, want.slice(start, want.length - end))
}

/** Stand-in: replaces the block with the same attrs.id (else at the same index), or inserts it. */
export function reconcileBlock(fragment: Y.XmlFragment, version: JsonNode, index: number): boolean {
  const block = version.content?.[index]
  if (!block) return false
  const children = fragment.toArray().map(blockJson)
  const id = block.attrs?.id
  let at = id === undefined ? -1 : children.findIndex((c) => c.attrs?.id === id)
  if (at < 0 && index < children.length && id === undefined) at = index
  if (at >= 0 && JSON.stringify(children[at]) === JSON.stringify(block)) return false
  if (at >= 0) fragment.delete(at, 1)
  insertBlocks(fragment, at >= 0 ? at : Math.min(index, fragment.length), [block])
  return true
}

function blockJson(child: Y.XmlElement | Y.XmlText | Y.XmlHook): JsonNode {
  // fragmentToJson only calls toArray() on its argument: a one-child stand-in fragment.
  return fragmentToJson({ toArray: () => [child] } as unknown as Y.XmlFragment).content?.[0] ?? { type: 'text' }
}

function insertBlocks(parent: Y.XmlFragment | Y.XmlElement, index: number, nodes: JsonNode[]): void {
  let at = index
  let run: Y.XmlText | null = null
  for (const node of nodes) {
    if (node.type === 'text') {
      if (!run) {
        run = new Y.XmlText()
        parent.insert(at++, [run])
      }
      run.insert(run.length, node.text ?? '', Object.fromEntries((node.marks ?? []).map((m) => [m.type, m.attrs ?? {}])))
      continue
    }
    run = null
    const el = new Y.XmlElement(node.type)
    parent.insert(at++, [el])
    for (const [k, v] of Object.entries(node.attrs ?? {})) el.setAttribute(k, v as string)
    insertBlocks(el, 0, node.content ?? [])
  }
}
