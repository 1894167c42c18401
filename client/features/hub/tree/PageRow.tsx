import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react'
import type { TreeNode } from '#shared/hub/tree'
import { Link } from '../../../components/Link.tsx'
import { docPath, navigate } from '../../../lib/router.ts'
import { describeError } from '../../../lib/http.ts'
import { createPage, renamePage } from './actions.ts'
import type { DropZone } from './drop-position.ts'
import { ChevronIcon, MoreIcon, PageIcon, PlusIcon } from './icons.tsx'
import { PageMenu } from './PageMenu.tsx'
import { useTreeContext } from './tree-context.ts'

export interface RowState {
  isOpen: (id: string) => boolean
  toggle: (id: string, open?: boolean) => void
  renaming: string | null
  setRenaming: (id: string | null) => void
  drop: { overId: string; zone: DropZone } | null
  dragProps: (id: string) => object
}

/** One page in the tree, its actions on hover, and (when open) its children. */
export function PageRow({ node, depth, rows }: { node: TreeNode; depth: number; rows: RowState }) {
  const ctx = useTreeContext()
  const [menu, setMenu] = useState(false)
  const menuButton = useRef<HTMLButtonElement>(null)
  const open = rows.isOpen(node.id)
  const hasChildren = node.children.length > 0
  const current = ctx.currentDocId === node.id
  const drop = rows.drop?.overId === node.id ? rows.drop.zone : null

  const addChild = async (): Promise<void> => {
    try {
      const created = await createPage(ctx.handle, ctx.project, { parentId: node.id })
      rows.toggle(node.id, true)
      if (created.openable) navigate(docPath(created.id))
    } catch (err) {
      ctx.onError(describeError(err))
    }
  }

  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} aria-selected={current} data-testid="tree-item" data-page-id={node.id}>
      <div
        className={`tree-row${current ? ' tree-row--current' : ''}${drop ? ` tree-row--drop-${drop}` : ''}${menu ? ' tree-row--menu' : ''}`}
        style={{ paddingLeft: 6 + depth * 16, '--drop-indent': `${30 + depth * 16}px` } as CSSProperties}
        {...(ctx.canEdit && rows.renaming !== node.id ? rows.dragProps(node.id) : {})}
      >
        <button
          type="button"
          className={`tree-row__toggle${hasChildren ? '' : ' tree-row__toggle--leaf'}`}
          aria-label={open ? 'Collapse' : 'Expand'}
          tabIndex={-1}
          onClick={() => rows.toggle(node.id)}
          data-testid="tree-toggle"
        >
          {hasChildren ? <ChevronIcon open={open} /> : <PageIcon />}
        </button>
        {rows.renaming === node.id ? (
          <RenameInput
            initial={node.title}
            onDone={(title) => {
              if (title !== null && title !== node.title && ctx.handle) renamePage(ctx.handle, node.id, title)
              rows.setRenaming(null)
            }}
          />
        ) : (
          <Link
            href={docPath(node.id)}
            className={`tree-row__title${node.title ? '' : ' tree-row__title--placeholder'}`}
            draggable={false}
            onDoubleClick={() => ctx.canEdit && rows.setRenaming(node.id)}
            data-testid="tree-title"
            aria-current={current ? 'page' : undefined}
          >
            {node.title || 'Untitled'}
          </Link>
        )}
        {ctx.canEdit && rows.renaming !== node.id && (
          <span className="tree-row__actions">
            <button
              ref={menuButton}
              type="button"
              className="tree-row__action"
              aria-label={`More actions for ${node.title || 'Untitled'}`}
              aria-haspopup="menu"
              aria-expanded={menu}
              onClick={() => setMenu((m) => !m)}
              data-testid="tree-menu"
            >
              <MoreIcon />
            </button>
            <button
              type="button"
              className="tree-row__action"
              aria-label="Add a page inside"
              title="Add a page inside"
              onClick={() => void addChild()}
              data-testid="tree-add-child"
            >
              <PlusIcon />
            </button>
          </span>
        )}
      </div>
      {menu && <PageMenu pageId={node.id} anchor={menuButton} onClose={() => setMenu(false)} onRename={() => rows.setRenaming(node.id)} />}
      {open && hasChildren && (
        <ul role="group" className="tree__group">
          {node.children.map((child) => (
            <PageRow key={child.id} node={child} depth={depth + 1} rows={rows} />
          ))}
        </ul>
      )}
    </li>
  )
}

/** Enter or leaving the field saves; Escape gives up. */
function RenameInput({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(initial)
  const done = useRef(false)
  const ref = useRef<HTMLInputElement>(null)
  useEffect(() => {
    ref.current?.focus()
    ref.current?.select()
  }, [])
  const finish = (title: string | null): void => {
    if (done.current) return
    done.current = true
    onDone(title)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') finish(value)
    if (event.key === 'Escape') finish(null)
  }
  return (
    <input
      ref={ref}
      className="tree-row__rename"
      value={value}
      maxLength={200}
      aria-label="Page name"
      placeholder="Untitled"
      data-testid="tree-rename"
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(value)}
    />
  )
}
