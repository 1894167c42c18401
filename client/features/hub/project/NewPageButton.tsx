import { useCallback, useRef, useState } from 'react'
import { describeError } from '../../../lib/http.ts'
import { docPath, navigate } from '../../../lib/router.ts'
import { createPage } from '../tree/actions.ts'
import { Popover } from '../tree/Popover.tsx'
import { TemplateList } from '../tree/TemplateList.tsx'
import { useTreeContext } from '../tree/tree-context.ts'

/** "New page": a blank page or one from a template (built-in or the workspace's own). */
export function NewPageButton() {
  const ctx = useTreeContext()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const anchor = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setOpen(false), [])

  const pick = async (template: string | undefined): Promise<void> => {
    setOpen(false)
    setBusy(true)
    try {
      const created = await createPage(ctx.handle, ctx.project, template ? { template } : {})
      if (created.openable) navigate(docPath(created.id))
    } catch (err) {
      ctx.onError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="button button--primary"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy}
        onClick={() => setOpen((o) => !o)}
        data-testid="new-document"
      >
        {busy ? 'Creating…' : 'New page'}
        <svg
          width="12"
          height="12"
          viewBox="0 0 16 16"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          aria-hidden="true"
          style={{ marginLeft: 6 }}
        >
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {open && (
        <Popover anchor={anchor} onClose={close} align="end" testId="new-page-menu">
          <div className="menu__label">Start from</div>
          <TemplateList workspaceId={ctx.workspaceId} onPick={(t) => void pick(t)} />
        </Popover>
      )}
    </>
  )
}
