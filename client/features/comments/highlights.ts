import { Extension } from '@tiptap/core'
import type { EditorState } from '@tiptap/pm/state'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { type Anchor, anchorFrom, quoteOf } from '#shared/comments/anchor'
import { COMMENT_LIMITS } from '#shared/limits'

/** What the highlights need of a thread. */
export interface Highlighted {
  id: string
  anchor: Anchor
  resolved: boolean
}

interface HighlightState {
  threads: readonly Highlighted[]
  active: string | null
  decorations: DecorationSet
}

export const commentHighlightsKey = new PluginKey<HighlightState>('commentHighlights')

interface Binding {
  type: Y.XmlFragment
  doc: Y.Doc
  // y-tiptap's map from Yjs types to ProseMirror nodes.
  mapping: Map<Y.AbstractType<unknown>, unknown>
}
const bindingOf = (state: EditorState): Binding | null => (ySyncPluginKey.getState(state) as { binding?: Binding } | undefined)?.binding ?? null

/** Where an anchor is in the editor now, or null when its text is gone ("on deleted text"). */
export function rangeOf(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const binding = bindingOf(state)
  if (!binding) return null
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- y-tiptap's mapping type is its own
    const at = (json: unknown) => relativePositionToAbsolutePosition(binding.doc, binding.type, Y.createRelativePositionFromJSON(json), binding.mapping as any)
    const from = at(anchor.start)
    const to = at(anchor.end)
    if (from === null || to === null || from >= to || to > state.doc.content.size) return null
    return { from, to }
  } catch {
    return null
  }
}

/** The anchor, quote and block of the current selection, or null for an empty one. */
export function selectionAnchor(state: EditorState, from: number, to: number): { anchor: Anchor; quote: string; blockId: string | null } | null {
  const $from = state.doc.resolve(from)
  const binding = bindingOf(state)
  if (from >= to || !binding) return null
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- y-tiptap's mapping type is its own
  const mapping = binding.mapping as any
  const anchor = anchorFrom(
    binding.doc,
    absolutePositionToRelativePosition(from, binding.type, mapping),
    absolutePositionToRelativePosition(to, binding.type, mapping),
  )
  if (!anchor) return null
  let blockId: string | null = null
  for (let d = $from.depth; d > 0 && blockId === null; d--) {
    const id = $from.node(d).attrs['id'] as unknown
    if (typeof id === 'string' && id) blockId = id
  }
  const text = state.doc.textBetween(from, to, '\n', ' ') || state.doc.nodeAt(from)?.type.name || 'block'
  return { anchor, quote: quoteOf(text, COMMENT_LIMITS.maxQuoteChars), blockId }
}

function decorate(state: EditorState, threads: readonly Highlighted[], active: string | null): DecorationSet {
  const decorations: Decoration[] = []
  for (const t of threads) {
    if (t.resolved && t.id !== active) continue
    const range = rangeOf(state, t.anchor)
    if (!range) continue
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: `comment-highlight${t.id === active ? ' comment-highlight--active' : ''}`,
        'data-thread-id': t.id,
      }),
    )
  }
  return DecorationSet.create(state.doc, decorations)
}

/**
 * Highlights of the anchored ranges: resolved from the threads' relative positions on every
 * change of the document (they follow concurrent edits by themselves; nothing to map).
 * Threads come in by `setCommentHighlights`. Clicking a highlight calls `onActivate`.
 */
export const COMMENT_ACTIVATE_EVENT = 'keel:comment-activate'

export const CommentHighlights = Extension.create<{ onActivate: (threadId: string) => void }>({
  name: 'commentHighlights',
  // The panel listens on window: the editor is built once per session, the panel re-renders.
  addOptions: () => ({ onActivate: (threadId: string) => window.dispatchEvent(new CustomEvent(COMMENT_ACTIVATE_EVENT, { detail: threadId })) }),
  addProseMirrorPlugins() {
    const onActivate = (id: string) => this.options.onActivate(id)
    return [
      new Plugin<HighlightState>({
        key: commentHighlightsKey,
        state: {
          init: (_, state) => ({ threads: [], active: null, decorations: DecorationSet.create(state.doc, []) }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(commentHighlightsKey) as Partial<Pick<HighlightState, 'threads' | 'active'>> | undefined
            if (!meta && !tr.docChanged) return value
            const threads = meta?.threads ?? value.threads
            const active = meta && 'active' in meta ? (meta.active ?? null) : value.active
            return { threads, active, decorations: decorate(state, threads, active) }
          },
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations ?? null,
          handleClick(view, pos) {
            const found = commentHighlightsKey.getState(view.state)?.decorations.find(pos, pos)[0]
            const id = (found?.spec as unknown as { 'data-thread-id'?: string } | undefined)?.['data-thread-id']
            const attrs = (found as unknown as { type?: { attrs?: Record<string, string> } } | undefined)?.type?.attrs
            const threadId = id ?? attrs?.['data-thread-id']
            if (threadId) onActivate(threadId)
            return false
          },
        },
      }),
    ]
  },
})
