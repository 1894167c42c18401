import { useState } from 'react'
import { movePage } from './actions.ts'
import { PageRow, type RowState } from './PageRow.tsx'
import { useTreeContext } from './tree-context.ts'
import { useExpanded } from './use-expanded.ts'
import { usePageDrag } from './use-page-drag.ts'

/** The live page tree of a project: nested, collapsible, drag to move, rename in place. */
export function PageTree({ emptyText }: { emptyText: string }) {
  const ctx = useTreeContext()
  const { isOpen, toggle } = useExpanded(ctx.projectId, ctx.view, ctx.currentDocId)
  const [renaming, setRenaming] = useState<string | null>(null)
  const drag = usePageDrag(
    ctx.view,
    (id, to) => {
      if (!ctx.handle) return
      if (!movePage(ctx.handle, id, to.parentId, to.index)) ctx.onError('A page cannot move inside itself.')
      else if (to.parentId !== null) toggle(to.parentId, true)
    },
    (id) => toggle(id, true),
  )
  const rows: RowState = { isOpen, toggle, renaming, setRenaming, drop: drag.target, dragProps: drag.rowProps }

  if (ctx.view.roots.length === 0) return <p className="tree__empty">{emptyText}</p>
  return (
    <>
      <ul role="tree" className="tree" aria-label="Pages" data-testid="page-tree">
        {ctx.view.roots.map((node) => (
          <PageRow key={node.id} node={node} depth={0} rows={rows} />
        ))}
      </ul>
      {ctx.canEdit && <div className={`tree__end${drag.target?.overId === '' ? ' tree__end--drop' : ''}`} {...drag.endProps} aria-hidden="true" />}
    </>
  )
}
