import { useCallback, useEffect, useRef, useState } from 'react'
import type { Run, RunPatch } from '#shared/ml/runs'
import { useDismiss } from '../../../lib/use-dismiss.ts'

/** What a row's menu does: each goes through the API, and every open editor sees the result live. */
export interface RunActionHandlers {
  patch: (run: Run, patch: RunPatch) => Promise<void>
  remove: (run: Run) => Promise<void>
}

/** Where the popover goes: under the button, or above it when the viewport has no room below. */
type Placement = { top?: number; bottom?: number; right: number }
const MENU_ROOM = 230
const placeBy = (r: DOMRect): Placement => {
  const right = window.innerWidth - r.right
  return window.innerHeight - r.bottom < MENU_ROOM && r.top > MENU_ROOM ? { bottom: window.innerHeight - r.top + 4, right } : { top: r.bottom + 4, right }
}

const pointsOf = (run: Run): number => Object.values(run.series).reduce((n, s) => n + s.length, 0)

/**
 * A run's menu (editors only): mark a run left "Running" by a crashed script as finished or failed,
 * archive or unarchive it, delete it after a confirmation. The popover is fixed to the viewport so
 * the table's horizontal scroller does not clip it.
 */
export function RunActions({ run, handlers }: { run: Run; handlers: RunActionHandlers }) {
  const [at, setAt] = useState<Placement | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const close = useCallback(() => {
    setAt(null)
    setConfirming(false)
  }, [])
  useDismiss(ref, at !== null, close)
  // Fixed to the viewport: follow the button when the page scrolls (the editor scrolls on its own
  // when the selection moves), and close once the button is out of sight.
  const open = at !== null
  useEffect(() => {
    if (!open) return
    const follow = () => {
      const r = toggle.current?.getBoundingClientRect()
      if (!r || r.bottom < 0 || r.top > window.innerHeight) return close()
      setAt(placeBy(r))
    }
    window.addEventListener('scroll', follow, { capture: true, passive: true })
    window.addEventListener('resize', follow)
    return () => {
      window.removeEventListener('scroll', follow, { capture: true })
      window.removeEventListener('resize', follow)
    }
  }, [open, close])

  const act = (fn: () => Promise<void>) => async () => {
    setBusy(true)
    try {
      await fn()
    } finally {
      setBusy(false)
      close()
    }
  }
  const points = pointsOf(run)
  return (
    <div className="ml-run-actions" ref={ref}>
      <button
        type="button"
        ref={toggle}
        className="ml-run-actions__toggle"
        aria-haspopup="menu"
        aria-expanded={at !== null}
        aria-label={`Actions for run ${run.name}`}
        title="Run actions"
        data-testid="run-actions"
        onClick={(e) => {
          if (at) return close()
          setAt(placeBy(e.currentTarget.getBoundingClientRect()))
        }}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <circle cx="3.5" cy="8" r="1.4" fill="currentColor" />
          <circle cx="8" cy="8" r="1.4" fill="currentColor" />
          <circle cx="12.5" cy="8" r="1.4" fill="currentColor" />
        </svg>
      </button>
      {at && (
        <div className="ml-menu" role="menu" style={at} data-testid="run-menu">
          {confirming ? (
            <div className="ml-menu__confirm" data-testid="run-delete-confirm">
              <p>
                Delete <strong>{run.name}</strong>
                {points > 0 ? ` and its ${points} metric point${points === 1 ? '' : 's'}` : ''}? This cannot be undone; archive it to only hide it.
              </p>
              <div className="ml-menu__buttons">
                <button type="button" className="ml-button" onClick={() => setConfirming(false)} disabled={busy}>
                  Cancel
                </button>
                <button
                  type="button"
                  className="ml-button ml-button--danger"
                  onClick={act(() => handlers.remove(run))}
                  disabled={busy}
                  data-testid="run-delete-yes"
                >
                  Delete run
                </button>
              </div>
            </div>
          ) : (
            <>
              {run.status === 'running' && (
                <>
                  <button
                    type="button"
                    role="menuitem"
                    onClick={act(() => handlers.patch(run, { status: 'finished', end: new Date().toISOString() }))}
                    disabled={busy}
                  >
                    Mark finished
                  </button>
                  <button
                    type="button"
                    role="menuitem"
                    onClick={act(() => handlers.patch(run, { status: 'failed', end: new Date().toISOString() }))}
                    disabled={busy}
                  >
                    Mark failed
                  </button>
                  <hr />
                </>
              )}
              <button
                type="button"
                role="menuitem"
                onClick={act(() => handlers.patch(run, { archived: !run.archivedAt }))}
                disabled={busy}
                data-testid={run.archivedAt ? 'run-unarchive' : 'run-archive'}
              >
                {run.archivedAt ? 'Unarchive' : 'Archive'}
                <span className="ml-menu__hint">{run.archivedAt ? 'show it again' : 'hide from table, chart and gates'}</span>
              </button>
              <button type="button" role="menuitem" className="ml-menu__danger" onClick={() => setConfirming(true)} disabled={busy} data-testid="run-delete">
                Delete…
              </button>
            </>
          )}
        </div>
      )}
    </div>
  )
}
