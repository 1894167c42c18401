import type { Extensions } from '@tiptap/core'
import { EditorContent, useEditor, type Editor as TiptapEditor } from '@tiptap/react'
import { useEffect, useMemo } from 'react'
import type { JsonNode } from '#shared/api/docs'
import { buildReadOnlyExtensions } from './extensions.ts'

export interface ReadOnlyDocProps {
  /** The document as JSON (a version's content). */
  content: JsonNode
  /** Marks or plugins only this view needs (the history preview's author colours). */
  extra?: Extensions
  /** The Tiptap editor once created, for a caller that maps DOM back to blocks. */
  onEditor?: (editor: TiptapEditor) => void
  label?: string
}

/**
 * Some document JSON in the real editor rendering: the same nodes, node views and CSS as the live
 * document, but a plain (not collaborative) editor that is never editable. Nothing it renders
 * writes anywhere: there is no Y.Doc behind it, and the blocks never assign ids.
 */
export function ReadOnlyDoc({ content, extra, onEditor, label = 'Document version' }: ReadOnlyDocProps) {
  // The extension list is fixed for the editor's life; content changes are set below.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const extensions = useMemo(() => [...buildReadOnlyExtensions(), ...(extra ?? [])], [])
  const editor = useEditor({
    extensions,
    content,
    editable: false,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: { attributes: { class: 'prose', 'aria-label': label, 'aria-readonly': 'true' } },
  })

  useEffect(() => {
    // A new version (or the same one with author marks) into the same editor: no remount, no flash.
    if (!editor.isDestroyed) editor.commands.setContent(content, { emitUpdate: false })
  }, [editor, content])

  useEffect(() => {
    onEditor?.(editor)
  }, [editor, onEditor])

  return (
    <div className="editor editor--readonly" data-testid="readonly-doc" data-editable="false">
      <EditorContent editor={editor} />
    </div>
  )
}
