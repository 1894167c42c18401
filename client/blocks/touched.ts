import type { Node as PMNode } from '@tiptap/pm/model'
import type { Transaction } from '@tiptap/pm/state'
import { AttrStep, Mapping } from '@tiptap/pm/transform'

/**
 * True when the transactions touched (inserted, replaced, re-typed or re-attributed) a node named
 * in `names`, looking only at the ranges the steps changed, in the final document: O(change),
 * where scanning the document is O(blocks), which a 5,000-block document pays on every keystroke.
 */
export function touchesNodes(transactions: readonly Transaction[], doc: PMNode, names: ReadonlySet<string>): boolean {
  const steps = transactions.flatMap((tr) => tr.steps)
  const maps = transactions.flatMap((tr) => tr.mapping.maps)
  let found = false
  const look = (from: number, to: number, after: number): void => {
    if (found) return
    // Through the steps that came after, into the final document.
    const rest = new Mapping(maps.slice(after))
    const a = Math.max(0, Math.min(rest.map(from, -1), doc.content.size))
    const b = Math.max(a, Math.min(rest.map(to, 1), doc.content.size))
    doc.nodesBetween(a, b, (node) => {
      if (found) return false
      if (names.has(node.type.name)) found = true
      return !found && !node.isTextblock && !node.isAtom
    })
  }
  steps.forEach((step, i) => {
    // An attribute change maps no range (its map is empty), but touches the node at `pos`.
    if (step instanceof AttrStep) look(step.pos, step.pos + 1, i + 1)
    maps[i]!.forEach((_oldStart, _oldEnd, newStart, newEnd) => look(newStart, newEnd, i + 1))
  })
  return found
}
