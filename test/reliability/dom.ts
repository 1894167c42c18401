import { type HTMLElement, Window } from 'happy-dom'

/**
 * A DOM for headless Tiptap editors in a Node test process (happy-dom). Imported for its side
 * effect, before anything that builds an editor: ProseMirror's EditorView (which y-tiptap's sync
 * plugin needs: it is a plugin *view*) renders into a real element and reads `document`,
 * `window`, `navigator` and a few DOM constructors.
 *
 * Only the names the editor needs are installed, and only where Node has none: the in-process
 * Fastify server and the `ws` sockets share this process and must keep Node's own `Event`,
 * `EventTarget`, `AbortController`, `URL`, `fetch`, `Blob` and timers. (Vitest's happy-dom
 * environment would replace all of them.)
 */
export const domWindow = new Window({ url: 'http://127.0.0.1/' })

const NAMES = [
  'window',
  'document',
  'navigator',
  'Node',
  'Element',
  'HTMLElement',
  'Text',
  'Comment',
  'DocumentFragment',
  'MutationObserver',
  'DOMParser',
  'Range',
  'Selection',
  'getSelection',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'KeyboardEvent',
  'MouseEvent',
  'InputEvent',
  'ClipboardEvent',
  'DragEvent',
  'FocusEvent',
  'CompositionEvent',
  'localStorage',
  // uPlot (the experiment log's chart, loaded with the ML blocks) reads these at import.
  'devicePixelRatio',
  'matchMedia',
  'sessionStorage',
] as const

const g = globalThis as Record<string, unknown>
const w = domWindow as unknown as Record<string, unknown>
/**
 * Node has these too, but DOM code passes them to happy-dom's `dispatchEvent`, which accepts only
 * its own (uPlot dispatches a `CustomEvent` on `window` at import). Nothing on the server side of
 * this process uses them.
 */
const REPLACED = new Set<string>(['CustomEvent'])
for (const name of [...NAMES, ...REPLACED]) {
  if (!REPLACED.has(name) && name in g && g[name] !== undefined) continue
  const value = name === 'window' ? domWindow : w[name]
  g[name] = typeof value === 'function' && /^[a-z]/.test(name) ? (value as (...a: unknown[]) => unknown).bind(domWindow) : value
}

/** A detached container per editor (editors never share one; none is attached to a page). */
export function editorElement(): HTMLElement {
  const el = domWindow.document.createElement('div')
  domWindow.document.body.appendChild(el)
  return el
}
