import { Extension, type Editor } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { useEditorState } from '@tiptap/react'
import { useEffect, useRef, useState } from 'react'
import { type BlockSlashItem, blockSlashItems } from '../blocks/index.ts'
import './menus.css'

/**
 * A minimal slash menu: `/` at the start of an empty paragraph lists block types; typing filters,
 * arrows move, Enter picks, Escape closes. The key handling lives in a plugin (so ProseMirror
 * does not also act on the key); the menu itself is a small React component.
 */
export type SlashItem = BlockSlashItem

export const SLASH_ITEMS: SlashItem[] = [
  ...blockSlashItems('before-text'),
  {
    id: 'h1',
    label: 'Heading 1',
    hint: 'Big section heading',
    keywords: 'heading title h1',
    run: (e) => e.chain().focus().setNode('heading', { level: 1 }).run(),
  },
  {
    id: 'h2',
    label: 'Heading 2',
    hint: 'Medium section heading',
    keywords: 'heading subtitle h2',
    run: (e) => e.chain().focus().setNode('heading', { level: 2 }).run(),
  },
  { id: 'bullet', label: 'Bulleted list', hint: 'A simple list', keywords: 'bullet list ul', run: (e) => e.chain().focus().toggleBulletList().run() },
  {
    id: 'ordered',
    label: 'Numbered list',
    hint: 'A list with numbers',
    keywords: 'numbered ordered list ol',
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
  { id: 'quote', label: 'Quote', hint: 'A quotation', keywords: 'quote blockquote', run: (e) => e.chain().focus().toggleBlockquote().run() },
  { id: 'code', label: 'Code block', hint: 'Code with monospace font', keywords: 'code block pre', run: (e) => e.chain().focus().toggleCodeBlock().run() },
  ...blockSlashItems('after-text'),
]

/** `extra`: items the page adds (a feature's command, such as "Name this version"), listed last. */
export const filterSlashItems = (query: string, extra: readonly SlashItem[] = []): SlashItem[] => {
  const q = query.toLowerCase()
  return [...SLASH_ITEMS, ...extra].filter((i) => i.label.toLowerCase().includes(q) || i.keywords.includes(q))
}

interface SlashStorage {
  onKey: ((event: KeyboardEvent) => boolean) | null
}

export const SlashCommands = Extension.create<object, SlashStorage>({
  name: 'keelSlash',
  addStorage() {
    return { onKey: null }
  },
  addProseMirrorPlugins() {
    const storage = this.storage
    return [new Plugin({ key: new PluginKey('keelSlash'), props: { handleKeyDown: (_view, event) => storage.onKey?.(event) ?? false } })]
  },
})

/** The open menu's query and where the `/` is, or null. */
function slashAt(editor: Editor): { query: string; from: number; to: number } | null {
  const { selection } = editor.state
  if (!selection.empty || !editor.isEditable) return null
  const { $from } = selection
  if ($from.parent.type.name !== 'paragraph') return null
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc')
  const m = /^\/([a-z0-9 ]{0,20})$/i.exec(before)
  if (!m || $from.parent.content.size !== $from.parentOffset) return null
  return { query: m[1]!, from: $from.start(), to: $from.pos }
}

export function SlashMenu({ editor, extraItems }: { editor: Editor; extraItems?: readonly SlashItem[] }) {
  const slash = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? slashAt(e) : null),
    equalityFn: (a, b) => a?.query === b?.query && a?.from === b?.from,
  })
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState<number | null>(null)
  const items = slash ? filterSlashItems(slash.query, extraItems) : []
  const open = slash !== null && dismissed !== slash.from && items.length > 0
  const state = useRef({ open, items, active, slash })
  state.current = { open, items, active, slash }

  useEffect(() => setActive(0), [slash?.query])
  useEffect(() => {
    if (slash === null) setDismissed(null)
  }, [slash])

  const pick = (item: SlashItem): void => {
    const s = state.current.slash
    if (!s) return
    editor.chain().deleteRange({ from: s.from, to: s.to }).run()
    item.run(editor)
  }

  useEffect(() => {
    const storage = editor.storage as unknown as { keelSlash: SlashStorage }
    storage.keelSlash.onKey = (event) => {
      const { open: isOpen, items: list, active: i, slash: s } = state.current
      if (!isOpen || !s) return false
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        setActive((i + (event.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length)
        return true
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        pick(list[i]!)
        return true
      }
      if (event.key === 'Escape') {
        setDismissed(s.from)
        return true
      }
      return false
    }
    return () => {
      storage.keelSlash.onKey = null
    }
  })

  if (!open || !slash) return null
  const coords = editor.view.coordsAtPos(slash.from)
  return (
    <div className="slash-menu" role="listbox" aria-label="Insert block" style={{ left: coords.left, top: coords.bottom + 6 }} data-testid="slash-menu">
      {items.map((item, i) => (
        <button
          key={item.id}
          type="button"
          role="option"
          aria-selected={i === active}
          className={`slash-menu__item${i === active ? ' slash-menu__item--active' : ''}`}
          onMouseDown={(e) => {
            e.preventDefault()
            pick(item)
          }}
          onMouseEnter={() => setActive(i)}
          data-testid={`slash-${item.id}`}
        >
          <span className="slash-menu__label">{item.label}</span>
          <span className="slash-menu__hint">{item.hint}</span>
        </button>
      ))}
    </div>
  )
}
