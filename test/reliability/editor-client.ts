// First: the DOM globals must exist before any editor module is evaluated.
import { editorElement } from './dom.ts'
import { Editor, type EditorOptions } from '@tiptap/core'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { connectClient, type TestClient } from '../../server/test/harness.ts'
import { buildExtensions } from '../../client/editor/extensions.ts'

/**
 * The app's own editor (client/editor/extensions.ts: StarterKit, y-tiptap's Collaboration and
 * carets, task blocks, doc links, ML blocks, paste guard, slash menu) on a happy-dom element,
 * bound to an unmodified y-websocket provider (`disableBc`, the `ws` polyfill: harness.ts).
 *
 * The builder is imported statically (test/ compiles client code: its tsconfig has the DOM, JSX
 * and Vite's types), so a change to its signature or its path fails `npm run typecheck`. The
 * editor reads only `doc`, `provider` and `presence.localUser` of the app's document session:
 * `EditorSession` is that part, and the test client's session is handed over as the full type.
 */
interface EditorSession {
  doc: Y.Doc
  provider: WebsocketProvider
  presence: { localUser: { name: string; color: string } }
}
type AppSession = Parameters<typeof buildExtensions>[0]['session']

export interface EditorClient extends TestClient {
  editor: Editor
}

/** A connected client whose document is edited only through a real Tiptap editor. */
export async function connectEditor(wsUrl: string, docId: string, options: { cookie?: string; name: string; host?: string }): Promise<EditorClient> {
  const client = connectClient(wsUrl, docId, {
    acks: true,
    ...(options.cookie ? { cookie: options.cookie } : {}),
    ...(options.host ? { host: options.host } : {}),
  })
  const session: EditorSession = { doc: client.doc, provider: client.provider, presence: { localUser: { name: options.name, color: '#336699' } } }
  const editor = new Editor({
    // happy-dom's element type, not lib.dom's (absent from the server's tsconfig, present in others').
    element: editorElement() as unknown as EditorOptions['element'],
    extensions: buildExtensions({
      session: session as unknown as AppSession,
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
