// First: the DOM globals must exist before any editor module is evaluated.
import { editorElement } from './dom.ts'
import { Editor, type EditorOptions, type Extensions } from '@tiptap/core'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { connectClient, type TestClient } from '../../server/test/harness.ts'

/**
 * The app's own editor (client/editor/extensions.ts: StarterKit, y-tiptap's Collaboration and
 * carets, task blocks, doc links, ML blocks, paste guard, slash menu) on a happy-dom element,
 * bound to an unmodified y-websocket provider (`disableBc`, the `ws` polyfill: harness.ts).
 *
 * The extension builder is loaded by path at run time: its files are client code (TSX, DOM
 * types) that the server's tsconfig cannot compile, so `tsc -p server` must not follow the import.
 * Its signature is restated here; a change there fails this suite at once (the editor would not
 * build, or would lack the commands below).
 */
interface BuildExtensions {
  buildExtensions(options: {
    session: { doc: Y.Doc; provider: WebsocketProvider; presence: { localUser: { name: string; color: string } } }
    onPasteRefused: (bytes: number, maxBytes: number) => void
  }): Extensions
}
const EXTENSIONS = '../../client/editor/extensions.ts'
let loaded: Promise<BuildExtensions> | null = null
const load = (): Promise<BuildExtensions> => (loaded ??= import(/* @vite-ignore */ EXTENSIONS) as Promise<BuildExtensions>)

export interface EditorClient extends TestClient {
  editor: Editor
}

/** A connected client whose document is edited only through a real Tiptap editor. */
export async function connectEditor(wsUrl: string, docId: string, options: { cookie?: string; name: string; host?: string }): Promise<EditorClient> {
  const { buildExtensions } = await load()
  const client = connectClient(wsUrl, docId, { acks: true, ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.host ? { host: options.host } : {}) })
  const session = { doc: client.doc, provider: client.provider, presence: { localUser: { name: options.name, color: '#336699' } } }
  const editor = new Editor({
    // happy-dom's element type, not lib.dom's (absent from the server's tsconfig, present in others').
    element: editorElement() as unknown as EditorOptions['element'],
    extensions: buildExtensions({
      session,
      onPasteRefused: () => {
        throw new Error('the paste guard refused a paste: the suite never pastes')
      },
    }),
  })
  return {
    ...client,
    editor,
    destroy: () => {
      const el = editor.view.dom.parentElement
      editor.destroy()
      el?.remove()
      client.destroy()
    },
  }
}
