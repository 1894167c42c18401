// The peer of scenario 8: what a team would build with Tiptap's own collaboration guide, nothing
// more. StarterKit (its history off, as Collaboration requires), Collaboration on the same
// XmlFragment ('default') and CollaborationCaret, a stock y-websocket provider. It connects to
// the same Keel server and document as the Keel page (same origin, so the session cookie goes
// with the upgrade), so both see the same 5k blocks and the same remote typists.
//
// Plain JavaScript on purpose: scripts/ is type-checked for Node without the DOM library, and
// this file is bundled by Vite for the browser (scripts/bench/keypress/peer.ts).
import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import StarterKit from '@tiptap/starter-kit'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const params = new URLSearchParams(location.search)
const doc = new Y.Doc()
const ws = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/collab`
const provider = new WebsocketProvider(ws, params.get('doc'), doc, { disableBc: true })
new Editor({
  element: document.querySelector('[data-testid="editor"]'),
  extensions: [
    StarterKit.configure({ undoRedo: false }),
    Collaboration.configure({ document: doc }),
    CollaborationCaret.configure({ provider, user: { name: 'Peer', color: '#f783ac' } }),
  ],
})
