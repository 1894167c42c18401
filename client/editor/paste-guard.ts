import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { limits } from '#shared/limits'

/**
 * Refuses pastes (and drops) too big to send. One paste becomes one Yjs update, which becomes
 * one WebSocket frame; the server closes any connection whose frame passes
 * `limits.maxMessageBytes`. Half of it leaves room for the Yjs encoding overhead and formatting
 * (the HTML is usually larger than the text it becomes), and for what the user already typed.
 */
export const MAX_PASTE_BYTES = limits.maxMessageBytes / 2

export interface PasteGuardOptions {
  maxBytes: number
  onRefuse: (bytes: number, maxBytes: number) => void
}

const encoder = new TextEncoder()

/** Size of the largest representation ProseMirror might insert. */
export function clipboardBytes(data: DataTransfer | null): number {
  if (data === null) return 0
  const html = data.getData('text/html')
  const text = data.getData('text/plain')
  // Cheap upper bound first (a UTF-16 unit is at most 3 UTF-8 bytes) to skip encoding small pastes.
  if ((html.length + text.length) * 3 <= MAX_PASTE_BYTES) return Math.max(html.length, text.length)
  return Math.max(encoder.encode(html).length, encoder.encode(text).length)
}

export const PasteGuard = Extension.create<PasteGuardOptions>({
  name: 'keelPasteGuard',

  addOptions() {
    return { maxBytes: MAX_PASTE_BYTES, onRefuse: () => {} }
  },

  addProseMirrorPlugins() {
    const { maxBytes, onRefuse } = this.options
    const refuse = (data: DataTransfer | null): boolean => {
      const bytes = clipboardBytes(data)
      if (bytes <= maxBytes) return false
      onRefuse(bytes, maxBytes)
      return true // handled: nothing is inserted
    }
    return [
      new Plugin({
        key: new PluginKey('keelPasteGuard'),
        props: {
          handlePaste: (_view, event) => refuse(event.clipboardData),
          handleDrop: (_view, event) => refuse((event as DragEvent).dataTransfer),
        },
      }),
    ]
  },
})
