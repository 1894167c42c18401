import { useCallback, useRef, useState } from 'react'
import { Popover } from '../tree/Popover.tsx'
import { DocExportMenu } from './DocExportMenu.tsx'

/** "Export" beside History on a document: everyone who can read the page may export it. */
export function DocExportButton({ docId }: { docId: string }) {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setOpen(false), [])
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className="hbutton"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Export"
        title="Export this page"
        onClick={() => setOpen((o) => !o)}
        data-testid="doc-export"
      >
        <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
          <path
            d="M10 3v9m0 0l-3.5-3.5M10 12l3.5-3.5M4 14.5V16h12v-1.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span className="hbutton__text">Export</span>
      </button>
      {open && (
        <Popover anchor={anchor} onClose={close} align="end" testId="doc-export-menu">
          <DocExportMenu docId={docId} onPick={close} />
        </Popover>
      )}
    </>
  )
}
