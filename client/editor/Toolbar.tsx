import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import { TASK_NODE } from '#shared/blocks/task'
import './menus.css'

/** A small formatting toolbar above the document (editors only). */
export function Toolbar({ editor }: { editor: Editor }) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      h1: e?.isActive('heading', { level: 1 }) ?? false,
      h2: e?.isActive('heading', { level: 2 }) ?? false,
      bullet: e?.isActive('bulletList') ?? false,
      ordered: e?.isActive('orderedList') ?? false,
      task: e?.isActive(TASK_NODE) ?? false,
    }),
  })
  const buttons: Array<{ id: keyof NonNullable<typeof s>; label: string; title: string; run: () => void }> = [
    { id: 'bold', label: 'B', title: 'Bold (Ctrl+B)', run: () => editor.chain().focus().toggleBold().run() },
    { id: 'italic', label: 'I', title: 'Italic (Ctrl+I)', run: () => editor.chain().focus().toggleItalic().run() },
    { id: 'h1', label: 'H1', title: 'Heading 1', run: () => editor.chain().focus().toggleHeading({ level: 1 }).run() },
    { id: 'h2', label: 'H2', title: 'Heading 2', run: () => editor.chain().focus().toggleHeading({ level: 2 }).run() },
    { id: 'bullet', label: '•', title: 'Bulleted list', run: () => editor.chain().focus().toggleBulletList().run() },
    { id: 'ordered', label: '1.', title: 'Numbered list', run: () => editor.chain().focus().toggleOrderedList().run() },
  ]
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting" data-testid="toolbar">
      {buttons.map((b) => (
        <button
          key={b.id}
          type="button"
          className={`toolbar__button toolbar__button--${b.id}${s?.[b.id] ? ' toolbar__button--active' : ''}`}
          title={b.title}
          aria-pressed={s?.[b.id] ?? false}
          onMouseDown={(e) => e.preventDefault()}
          onClick={b.run}
        >
          {b.label}
        </button>
      ))}
      <span className="toolbar__sep" aria-hidden="true" />
      <button
        type="button"
        className={`toolbar__button toolbar__button--task${s?.task ? ' toolbar__button--active' : ''}`}
        title="Task (Ctrl+Alt+T, or type [] at the start of a line)"
        aria-pressed={s?.task ?? false}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => editor.chain().focus().toggleTask().run()}
        data-testid="toolbar-task"
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <rect x="2" y="2" width="12" height="12" rx="3" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M5 8.2l2 2 4-4.4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Task
      </button>
    </div>
  )
}
