import * as Y from 'yjs'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types are generic in their event type; any type of the fragment will do
type AnyType = Y.AbstractType<any>

/**
 * Where a thread is anchored (docs/decisions/0009-comments.md): two Yjs relative positions against
 * the document's editor fragment, as `Y.relativePositionToJSON` gives them (what the API carries
 * and the server stores). They name Yjs items, not offsets, so every replica resolves them to the
 * same place after any merge. The start sticks to the character after it and the end to the
 * character before it: text typed at either edge stays outside the range.
 */
export interface Anchor {
  start: unknown
  end: unknown
}

/** The anchor of [startIndex, endIndex) in the fragment's linear text (or of a node range: index in a parent). */
export function anchorAt(start: { type: AnyType; index: number }, end: { type: AnyType; index: number }): Anchor {
  return {
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(start.type, start.index, 0)),
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(end.type, end.index, -1)),
  }
}

/**
 * Re-associates two relative positions (the editor's binding makes every position stick left) into
 * an Anchor: resolved against `doc` now, then re-created with the anchor's association.
 */
export function anchorFrom(doc: Y.Doc, start: Y.RelativePosition, end: Y.RelativePosition): Anchor | null {
  const a = Y.createAbsolutePositionFromRelativePosition(start, doc)
  const b = Y.createAbsolutePositionFromRelativePosition(end, doc)
  if (!a || !b) return null
  return anchorAt(a, b)
}

const decode = (json: unknown): Y.RelativePosition | null => {
  try {
    return Y.createRelativePositionFromJSON(json)
  } catch {
    return null
  }
}

/** A type and every parent up to the root is live (a deleted paragraph deletes its text). */
function alive(type: AnyType): boolean {
  for (let item = type._item; item; item = (item.parent as AnyType)._item) if (item.deleted) return false
  return true
}

export type ResolvedAnchor = { deleted: false; from: number; to: number; text: string } | { deleted: true }

/**
 * Resolves an anchor against the fragment's linear text (every Y.XmlText in document order, an
 * embed as U+FFFC): the range and its text now, or deleted when none of the anchored text is left
 * (the range collapsed, or the block holding it was removed).
 */
export function resolveAnchor(doc: Y.Doc, fragment: Y.XmlFragment, anchor: Anchor): ResolvedAnchor {
  const s = decode(anchor.start)
  const e = decode(anchor.end)
  const a = s && Y.createAbsolutePositionFromRelativePosition(s, doc)
  const b = e && Y.createAbsolutePositionFromRelativePosition(e, doc)
  if (!a || !b || !alive(a.type) || !alive(b.type)) return { deleted: true }
  const { text, offsetOf } = linear(fragment)
  const from = offsetOf(a.type, a.index)
  const to = offsetOf(b.type, b.index)
  if (from === null || to === null || from >= to) return { deleted: true }
  return { deleted: false, from, to, text: text.slice(from, to) }
}

/** The fragment's text in document order and a map from (type, index) to an offset in it. */
export function linear(fragment: Y.XmlFragment): { text: string; offsetOf: (type: AnyType, index: number) => number | null } {
  let text = ''
  /** For a text: its start offset. For an element or the fragment: the offset before each child, and after the last. */
  const starts = new Map<AnyType, number[] | number>()
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    const before: number[] = []
    for (const child of node.toArray()) {
      before.push(text.length)
      if (child instanceof Y.XmlText) {
        starts.set(child, text.length)
        for (const op of child.toDelta() as { insert: unknown }[]) text += typeof op.insert === 'string' ? op.insert : '\uFFFC'
      } else if (child instanceof Y.XmlElement) walk(child)
    }
    before.push(text.length)
    starts.set(node, before)
  }
  walk(fragment)
  return {
    text,
    offsetOf: (type, index) => {
      const at = starts.get(type)
      if (at === undefined) return null
      if (typeof at === 'number') return at + index
      return at[Math.min(index, at.length - 1)] ?? null
    },
  }
}

/** The quote a thread keeps: the selected text, cut to `max` characters with an ellipsis. */
export const quoteOf = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/**
 * The id of the innermost block around the anchor's start that has one (a task, a run table), null
 * when none does, undefined when this replica cannot resolve the anchor (its items not here yet).
 */
export function blockIdAt(doc: Y.Doc, anchor: Anchor): string | null | undefined {
  const s = decode(anchor.start)
  const at = s && Y.createAbsolutePositionFromRelativePosition(s, doc)
  if (!at) return undefined
  for (let type: AnyType | null = at.type; type; type = (type._item?.parent as AnyType | undefined) ?? null) {
    if (type instanceof Y.XmlElement) {
      const id = type.getAttribute('id') as unknown
      if (typeof id === 'string' && id) return id
    }
  }
  return null
}
