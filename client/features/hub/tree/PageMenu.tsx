import { useState, type RefObject } from 'react'
import { describeError } from '../../../lib/http.ts'
import { docPath, navigate } from '../../../lib/router.ts'
import { hubApi } from '../api.ts'
import { DocExportMenu } from '../export/DocExportMenu.tsx'
import { createPage, trashPage } from './actions.ts'
import { Popover } from './Popover.tsx'
import { TemplateList } from './TemplateList.tsx'
import { useTreeContext } from './tree-context.ts'

/** The "…" menu of a page: rename, duplicate, new from template, template flag, export, trash. */
export function PageMenu({
  pageId,
  anchor,
  onClose,
  onRename,
}: {
  pageId: string
  anchor: RefObject<HTMLElement | null>
  onClose: () => void
  onRename: () => void
}) {
  const ctx = useTreeContext()
  const [picking, setPicking] = useState(false)
  const [exporting, setExporting] = useState(false)
  const isTemplate = ctx.templateIds.has(pageId)

  const run = (action: () => Promise<void> | void) => () => {
    onClose()
    Promise.resolve()
      .then(action)
      .catch((err: unknown) => ctx.onError(describeError(err)))
  }

  if (picking) {
    return (
      <Popover anchor={anchor} onClose={onClose} align="start" testId="page-menu">
        <div className="menu__label">New page inside, from a template</div>
        <TemplateList
          workspaceId={ctx.workspaceId}
          onPick={(template) =>
            run(async () => {
              const created = await createPage(ctx.handle, ctx.project, { parentId: pageId, ...(template ? { template } : {}) })
              if (created.openable) navigate(docPath(created.id))
            })()
          }
        />
      </Popover>
    )
  }

  if (exporting) {
    return (
      <Popover anchor={anchor} onClose={onClose} align="start" testId="page-menu">
        <DocExportMenu docId={pageId} onPick={onClose} />
      </Popover>
    )
  }

  return (
    <Popover anchor={anchor} onClose={onClose} align="start" testId="page-menu">
      <button type="button" role="menuitem" className="menu__item" data-testid="menu-rename" onClick={() => (onClose(), onRename())}>
        Rename
      </button>
      <button
        type="button"
        role="menuitem"
        className="menu__item"
        data-testid="menu-duplicate"
        onClick={run(async () => {
          await hubApi.duplicate(pageId)
        })}
      >
        Duplicate
      </button>
      <button type="button" role="menuitem" className="menu__item" data-testid="menu-from-template" onClick={() => setPicking(true)}>
        <span className="menu__item-main">New page from template…</span>
        <span className="menu__chevron" aria-hidden="true">
          ›
        </span>
      </button>
      <button
        type="button"
        role="menuitem"
        className="menu__item"
        data-testid="menu-template"
        onClick={run(async () => {
          await hubApi.setTemplate(pageId, !isTemplate)
          ctx.refreshDocs()
        })}
      >
        {isTemplate ? 'Stop using as template' : 'Use as template'}
      </button>
      <button type="button" role="menuitem" className="menu__item" data-testid="menu-export" onClick={() => setExporting(true)}>
        <span className="menu__item-main">Export…</span>
        <span className="menu__chevron" aria-hidden="true">
          ›
        </span>
      </button>
      <div className="menu__sep" />
      <button
        type="button"
        role="menuitem"
        className="menu__item menu__item--danger"
        data-testid="menu-trash"
        onClick={run(() => void (ctx.handle && trashPage(ctx.handle, pageId)))}
      >
        Move to trash
      </button>
    </Popover>
  )
}
