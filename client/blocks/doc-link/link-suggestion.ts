import type { Editor } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { createElement } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { MENTION_NODE, mentionNode } from '#shared/doc/rich-nodes'
import { DOC_LINK_NODE } from '#shared/hub/links'
import { LinkPicker, type PickerController } from './LinkPicker.tsx'
import { findTrigger } from './trigger.ts'

/**
 * The `[[` / `@` picker, as a small ProseMirror plugin (it predates @tiptap/suggestion here, and
 * one picker serves both links and mentions). The plugin state says whether a trigger is open
 * and what was typed; the plugin view draws the picker (React, in a body-level container) under
 * the trigger; while it is open, arrow keys, Enter, Tab and Escape go to the picker instead of
 * the document. `@` also lists people, and picking one inserts a mention (client/blocks/mention/).
 */
export interface TriggerState {
  from: number
  to: number
  query: string
  trigger: '[[' | '@'
}

interface PluginState {
  open: TriggerState | null
  /** Escape closes the picker for the trigger at this position until it is typed again. */
  dismissedAt: number | null
}

const key = new PluginKey<PluginState>('keelDocLinkSuggestion')

function detect(state: EditorState): TriggerState | null {
  const { selection } = state
  if (!selection.empty) return null
  const $from = selection.$from
  if (!$from.parent.isTextblock || $from.parent.type.spec.code) return null
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc')
  const match = findTrigger(before)
  if (!match) return null
  return { from: $from.start() + match.start, to: $from.pos, query: match.query, trigger: match.trigger }
}

export function linkSuggestion(editor: Editor): Plugin<PluginState> {
  const controller: PickerController = { onKey: () => false }
  return new Plugin<PluginState>({
    key,
    state: {
      init: () => ({ open: null, dismissedAt: null }),
      apply(tr, prev, _old, next) {
        const dismiss = tr.getMeta(key) as { dismissAt: number } | undefined
        let dismissedAt = dismiss ? dismiss.dismissAt : prev.dismissedAt !== null ? tr.mapping.map(prev.dismissedAt) : null
        const open = detect(next)
        if (open === null) dismissedAt = null
        return { open: open !== null && open.from !== dismissedAt ? open : null, dismissedAt }
      },
    },
    props: {
      handleKeyDown(view, event) {
        const s = key.getState(view.state)
        if (!s?.open || !view.editable) return false
        if (event.key === 'Escape') {
          view.dispatch(view.state.tr.setMeta(key, { dismissAt: s.open.from }))
          return true
        }
        if (['ArrowUp', 'ArrowDown', 'Enter', 'Tab'].includes(event.key)) return controller.onKey(event.key)
        return false
      },
    },
    view(view) {
      const container = document.createElement('div')
      container.className = 'link-picker__host'
      document.body.append(container)
      let root: Root | null = createRoot(container)
      let shown: string | null = null

      const insert = (range: TriggerState, docId: string): void => {
        editor
          .chain()
          .focus()
          .insertContentAt({ from: range.from, to: range.to }, [
            { type: DOC_LINK_NODE, attrs: { docId } },
            { type: 'text', text: ' ' },
          ])
          .run()
      }
      const mention = (range: TriggerState, person: { userId: string; name: string }): void => {
        const node = mentionNode({ id: person.userId, name: person.name })
        // A mention needs the schema's mention node (a view built without it links pages only).
        if (!view.state.schema.nodes[node.type]) return
        editor
          .chain()
          .focus()
          .insertContentAt({ from: range.from, to: range.to }, [node, { type: 'text', text: ' ' }])
          .run()
      }
      const close = (range: TriggerState): void => {
        view.dispatch(view.state.tr.setMeta(key, { dismissAt: range.from }))
      }

      const render = (): void => {
        const s = key.getState(view.state)
        const open = view.editable && view.hasFocus() ? (s?.open ?? null) : null
        const signature = open ? `${open.from}:${open.trigger}:${open.query}` : null
        if (signature === shown && open === null) return
        shown = signature
        if (open === null) {
          root?.render(null)
          return
        }
        const coords = view.coordsAtPos(open.from)
        root?.render(
          createElement(LinkPicker, {
            query: open.query,
            people: open.trigger === '@' && view.state.schema.nodes[MENTION_NODE] !== undefined,
            anchor: { left: coords.left, top: coords.top, bottom: coords.bottom },
            controller,
            onPick: (docId: string) => insert(open, docId),
            onPickPerson: (person: { userId: string; name: string }) => mention(open, person),
            onClose: () => close(open),
          }),
        )
      }

      render()
      return {
        update: render,
        destroy() {
          const r = root
          root = null
          // Unmounting during React's own render is refused; do it right after.
          queueMicrotask(() => {
            r?.unmount()
            container.remove()
          })
        },
      }
    },
  })
}
