import type { Editor } from '@tiptap/core'
import type { ReactNode } from 'react'

/** One action of the table menu: a Tiptap table command and how it is shown. */
interface Action {
  id: string
  label: string
  icon: ReactNode
  run: (editor: Editor) => boolean
  danger?: boolean
}

const svg = (children: ReactNode) => (
  <svg viewBox="0 0 16 16" width="15" height="15" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" aria-hidden="true">
    {children}
  </svg>
)

// Icons: a grid with the new row/column drawn solid, a plus on the side it goes.
const ROW = (y: number) => <rect x="2.5" y={y} width="11" height="4" rx="1" />
const COL = (x: number) => <rect x={x} y="2.5" width="4" height="11" rx="1" />

const GROUPS: Action[][] = [
  [
    {
      id: 'row-above',
      label: 'Add row above',
      icon: svg([ROW(9.5), <path key="p" d="M8 2v5M5.5 4.5h5" />]),
      run: (e) => e.chain().focus().addRowBefore().run(),
    },
    {
      id: 'row-below',
      label: 'Add row below',
      icon: svg([ROW(2.5), <path key="p" d="M8 9v5M5.5 11.5h5" />]),
      run: (e) => e.chain().focus().addRowAfter().run(),
    },
    {
      id: 'col-left',
      label: 'Add column left',
      icon: svg([COL(9.5), <path key="p" d="M2 8h5M4.5 5.5v5" />]),
      run: (e) => e.chain().focus().addColumnBefore().run(),
    },
    {
      id: 'col-right',
      label: 'Add column right',
      icon: svg([COL(2.5), <path key="p" d="M9 8h5M11.5 5.5v5" />]),
      run: (e) => e.chain().focus().addColumnAfter().run(),
    },
  ],
  [
    { id: 'delete-row', label: 'Delete row', icon: svg([ROW(6), <path key="p" d="M6 8h4" />]), run: (e) => e.chain().focus().deleteRow().run() },
    { id: 'delete-col', label: 'Delete column', icon: svg([COL(6), <path key="p" d="M8 6v4" />]), run: (e) => e.chain().focus().deleteColumn().run() },
  ],
  [
    {
      id: 'header-row',
      label: 'Toggle header row',
      icon: svg([
        <rect key="a" x="2.5" y="2.5" width="11" height="11" rx="1.5" />,
        <path key="b" d="M2.5 6.5h11" />,
        <path key="c" d="M3 4.5h10" strokeWidth="3" />,
      ]),
      run: (e) => e.chain().focus().toggleHeaderRow().run(),
    },
  ],
  [
    {
      id: 'delete-table',
      label: 'Delete table',
      danger: true,
      icon: svg([<path key="a" d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5" />]),
      run: (e) => e.chain().focus().deleteTable().run(),
    },
  ],
]

/**
 * The menu over the table the cursor is in: rows, columns, the header row, deleting the table.
 * Buttons keep the editor's focus (mousedown is cancelled), so the command acts on the cell the
 * cursor is in.
 */
export function TableMenu({ editor, position, vertical }: { editor: Editor; position: { left: number; top: number }; vertical: boolean }) {
  return (
    <div
      className={`table-menu${vertical ? ' table-menu--vertical' : ''}`}
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      role="toolbar"
      aria-label="Table"
      style={{ left: position.left, top: position.top }}
      data-testid="table-menu"
      onMouseDown={(e) => e.preventDefault()}
    >
      {GROUPS.map((group, g) => (
        <div key={g} className="table-menu__group">
          {group.map((a) => (
            <button
              key={a.id}
              type="button"
              className={`table-menu__button${a.danger ? ' table-menu__button--danger' : ''}`}
              title={a.label}
              aria-label={a.label}
              onClick={() => a.run(editor)}
              data-testid={`table-${a.id}`}
            >
              {a.icon}
            </button>
          ))}
        </div>
      ))}
    </div>
  )
}
