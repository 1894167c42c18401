import { type ReactNode, useCallback, useRef, useState } from 'react'
import { Popover } from '../tree/Popover.tsx'

/** A button that opens a menu of exports (`menu` gets the close callback: a download closes it). */
export function ExportButton({
  className,
  title,
  testId,
  children,
  menu,
}: {
  className: string
  title: string
  testId: string
  children: ReactNode
  menu: (close: () => void) => ReactNode
}) {
  const [open, setOpen] = useState(false)
  const anchor = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => setOpen(false), [])
  return (
    <>
      <button
        ref={anchor}
        type="button"
        className={className}
        aria-haspopup="menu"
        aria-expanded={open}
        title={title}
        onClick={() => setOpen((o) => !o)}
        data-testid={testId}
      >
        {children}
      </button>
      {open && (
        <Popover anchor={anchor} onClose={close} align="end" testId={`${testId}-menu`}>
          {menu(close)}
        </Popover>
      )}
    </>
  )
}
