import type { Extensions } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { Placeholder } from '@tiptap/extensions'
import StarterKit from '@tiptap/starter-kit'
import type { DocSession } from '../collab/doc-session.ts'
import { isSafeHref } from '#shared/hub/safe-href'
import { PasteGuard } from './paste-guard.ts'
import { installNarrowSync } from './collab/narrow-sync.ts'
import { SlashCommands } from './slash-menu.tsx'
import { BLOCK_KINDS, type EditorEnv } from '../blocks/index.ts'
import { whenSynced, type SyncHooks } from '../blocks/when-synced.ts'

export interface ExtensionOptions {
  session: DocSession
  onPasteRefused: (bytes: number, maxBytes: number) => void
  /** The document's project and the page's notice, for blocks that need them (attachments); none by default. */
  env?: EditorEnv
}

/** The caret Tiptap draws for a remote user: a coloured bar with a name flag above it. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement('span')
  caret.classList.add('collaboration-carets__caret')
  caret.style.borderColor = String(user['color'])
  const label = document.createElement('div')
  label.classList.add('collaboration-carets__label')
  label.style.backgroundColor = String(user['color'])
  label.textContent = String(user['name'] ?? '')
  caret.append(label)
  return caret
}

/**
 * StarterKit as every view of a document configures it (the live editor and read-only previews of
 * versions render the same nodes).
 */
function starterKit() {
  return StarterKit.configure({
    // Collaboration brings Yjs-aware undo; ProseMirror's own history would undo other people's edits.
    undoRedo: false,
    // TrailingNode appends an empty paragraph whenever a doc ends in a list or heading. With
    // Collaboration that is a write on every open, by every client at once (duplicate empty
    // paragraphs, and a "Saving…" nobody caused). The editor's click-below-the-end area
    // (Editor.tsx) gives the same convenience as an explicit user edit.
    trailingNode: false,
    // Links from pastes, autolinks and remote Yjs updates alike: http(s), mailto and /d/… only
    // (Tiptap's default also lets tel:, ftp:, xmpp:… through). An unsafe href renders as href="".
    link: { isAllowedUri: (url) => isSafeHref(url) },
  })
}

/** Never synced: a read-only view assigns no block ids (the blocks wait for a sync that never comes). */
const NEVER_SYNCED: SyncHooks = { isReady: () => false, onReady: () => () => {} }
/** A read-only view uploads nothing and has nothing to say. */
const NO_ENV: EditorEnv = { projectId: null, notify: () => {} }

/**
 * The document's nodes and marks without Collaboration, carets, paste guard or slash menu: what a
 * read-only rendering of some JSON (a version in the history preview) needs to look exactly like
 * the live document.
 */
export function buildReadOnlyExtensions(): Extensions {
  return [starterKit(), ...BLOCK_KINDS.flatMap((kind) => kind.extensions(NEVER_SYNCED, NO_ENV))]
}

export function buildExtensions({ session, onPasteRefused, env = NO_ENV }: ExtensionOptions): Extensions {
  // Before Collaboration creates its binding: y-tiptap's sync made O(change) (see the file).
  installNarrowSync()
  const sync = whenSynced(session.provider)
  return [
    starterKit(),
    // Field 'default' (the default) is the XmlFragment the server and other clients use.
    Collaboration.configure({ document: session.doc }),
    CollaborationCaret.configure({
      provider: session.provider,
      user: session.presence.localUser,
      render: renderCaret,
    }),
    Placeholder.configure({
      placeholder: ({ node, pos }) => (node.type.name === 'heading' && pos === 0 ? 'Untitled' : 'Write something, or type # for a title…'),
    }),
    PasteGuard.configure({ onRefuse: onPasteRefused }),
    // Before the blocks: its keys act only while its menu is open (a `/` paragraph), where no
    // block's keys do, and it must see them before the doc-link picker does.
    SlashCommands,
    // Every block kind (client/blocks/index.ts), in its order.
    ...BLOCK_KINDS.flatMap((kind) => kind.extensions(sync, env)),
  ]
}
