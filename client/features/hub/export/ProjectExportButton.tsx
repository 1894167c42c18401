import { useCallback, useRef, useState } from 'react'
import { Popover } from '../tree/Popover.tsx'
import { ExportItems } from './ExportItems.tsx'
import { projectExportUrl } from './export-urls.ts'

/** "Export" on the project's page: the whole project (live pages; the trash is left out), for anyone who can read it. */
export function ProjectExportButton({ projectId }: { projectId: string }) {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setOpen(false), [])
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="project-export"
      >
        Export
      </button>
      {open && (
        <Popover anchor={anchor} onClose={close} align="end" testId="project-export-menu">
          <div className="menu__label">Export the whole project</div>
          <ExportItems url={(format) => projectExportUrl(projectId, format)} onPick={close} testId="project-export" />
        </Popover>
      )}
    </>
  )
}
