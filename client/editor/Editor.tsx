import type { AnyExtension, Editor as TiptapEditor } from '@tiptap/core'
import { EditorContent, useEditor, useEditorState } from '@tiptap/react'
import { useEffect, type MouseEvent } from 'react'
import type { DocSession } from '../collab/doc-session.ts'
import { buildExtensions } from './extensions.ts'
import { SlashMenu, type SlashItem } from './slash-menu.tsx'
import { Toolbar } from './Toolbar.tsx'
import { documentTitle } from './title.ts'

export interface EditorProps {
  session: DocSession
  /** False for viewers and commenters: the document is shown, typing does nothing. */
  editable: boolean
  onTitleChange: (title: string) => void
  onPasteRefused: (bytes: number, maxBytes: number) => void
  /** The document's project (attachments upload into it); null when it has none. */
  projectId: string | null
  /** Shows a short message to the user (a file too large to attach, and the like). */
  onNotice: (text: string) => void
  /** Commands the page adds to the slash menu (the editor never imports a feature). */
  slashItems?: readonly SlashItem[]
  /** Extensions the page adds (comment highlights), fixed for the session. */
  extraExtensions?: readonly AnyExtension[]
  /** The Tiptap editor, once built (the comments panel reads its selection and state). */
  onEditor?: (editor: TiptapEditor | null) => void
}

/** The document body. Rebuilt per session: a Tiptap editor is bound to one Y.Doc for life. */
export function Editor({ session, editable, onTitleChange, onPasteRefused, projectId, onNotice, slashItems, extraExtensions, onEditor }: EditorProps) {
  const editor = useEditor(
    {
      extensions: [...buildExtensions({ session, onPasteRefused, env: { projectId, notify: onNotice } }), ...(extraExtensions ?? [])],
      editable,
      // The session is created client-side and IndexedDB has loaded; render at once.
      immediatelyRender: true,
      // Re-rendering React on every keystroke buys nothing here; the title uses useEditorState.
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: { class: 'prose', spellcheck: 'true', 'aria-label': 'Document body' },
      },
    },
    [session],
  )

  useEffect(() => {
    onEditor?.(editor)
    return () => onEditor?.(null)
  }, [editor, onEditor])

  // A role can change while the document is open (an owner changed it; the server reconnects us).
  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable)
  }, [editor, editable])

  const title = useEditorState({ editor, selector: ({ editor: e }) => (e ? documentTitle(e.state.doc) : '') })
  useEffect(() => onTitleChange(title ?? ''), [title, onTitleChange])

  // Clicking the empty space under the document puts the cursor at the end, in a paragraph:
  // after a list or a heading, that means adding one (what TrailingNode would do on every open).
  const onTailMouseDown = (event: MouseEvent<HTMLDivElement>): void => {
    event.preventDefault()
    if (!editor.isEditable) return
    const last = editor.state.doc.lastChild
    if (last !== null && last.type.name === 'paragraph' && last.content.size === 0) {
      editor.commands.focus('end')
      return
    }
    editor.chain().insertContentAt(editor.state.doc.content.size, { type: 'paragraph' }).focus('end').run()
  }

  return (
    <div className={`editor${editable ? '' : ' editor--readonly'}`} data-testid="editor" data-editable={editable}>
      {editable && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
      {editable && <SlashMenu editor={editor} extraItems={slashItems} />}
      <div className="editor__tail" onMouseDown={onTailMouseDown} aria-hidden="true" />
    </div>
  )
}
