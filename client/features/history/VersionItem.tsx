import { useCallback, useRef, useState } from 'react'
import { useDismiss } from '../../lib/use-dismiss.ts'
import type { VersionMeta } from './api.ts'
import { Authors } from './Authors.tsx'
import { clock, versionTitle } from './format.ts'
import { historyUi } from './history-store.ts'

export interface VersionItemProps {
  version: VersionMeta
  /** The version before it in time (for "Compare with previous"), if loaded. */
  previous: VersionMeta | null
  /** The version restored from, for a restore's line ("Restored the version of 09:12"). */
  restoredFrom: VersionMeta | null
  selected: boolean
  editable: boolean
}

/** One closed version in the timeline: a click previews it; its menu compares, restores, names. */
export function VersionItem({ version: v, previous, restoredFrom, selected, editable }: VersionItemProps) {
  const [menu, setMenu] = useState(false)
  const anchor = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setMenu(false), [])
  useDismiss(anchor, menu, close)
  const act = (fn: () => void) => () => {
    setMenu(false)
    fn()
  }
  // A named version's title is its name; its summary still says what changed. A restore's
  // summary repeats "Restored an earlier version", which its title already says.
  const summary = v.kind === 'restore' ? v.summary.replace(/^restored an earlier version:?\s*/i, '') : v.summary
  const detail = v.name || v.kind === 'restore' ? summary || null : null
  const title = v.kind === 'restore' && !v.name && restoredFrom ? `Restored the version of ${clock(restoredFrom.endedAt)}` : versionTitle(v)
  return (
    <li className={`hversion${selected ? ' hversion--selected' : ''}`} data-testid="version-item" data-version-id={v.id} data-kind={v.kind}>
      <button
        type="button"
        className="hversion__main"
        onClick={() => historyUi.preview(v.id)}
        aria-current={selected ? 'true' : undefined}
        data-testid="version-preview"
      >
        <span className="hversion__time">{clock(v.endedAt)}</span>
        <span className="hversion__body">
          <span className="hversion__title">
            <span className={v.name ? 'hversion__name' : 'hversion__summary'}>{title}</span>
            {v.kind === 'named' && <span className="hbadge hbadge--named">Named</span>}
            {v.kind === 'restore' && <span className="hbadge hbadge--restore">Restore</span>}
          </span>
          {detail && <span className="hversion__detail">{detail}</span>}
          <Authors authors={v.authors} />
        </span>
      </button>
      <div className="hversion__more menu-anchor" ref={anchor}>
        <button
          type="button"
          className="hversion__menu-button"
          aria-label="Version actions"
          aria-haspopup="menu"
          aria-expanded={menu}
          onClick={() => setMenu((m) => !m)}
          data-testid="version-menu"
        >
          ⋯
        </button>
        {menu && (
          <div className="menu menu--right hversion__menu" role="menu">
            <button type="button" role="menuitem" className="menu__item" onClick={act(() => historyUi.preview(v.id))}>
              Preview
            </button>
            <button
              type="button"
              role="menuitem"
              className="menu__item"
              onClick={act(() => historyUi.compare(v.id, null))}
              data-testid="version-compare-current"
            >
              Compare with current
            </button>
            {previous && (
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                onClick={act(() => historyUi.compare(previous.id, v.id))}
                data-testid="version-compare-previous"
              >
                Compare with previous
              </button>
            )}
            {editable && (
              <>
                <div className="menu__sep" />
                <button
                  type="button"
                  role="menuitem"
                  className="menu__item"
                  onClick={act(() => historyUi.name(v.id, v.name ?? ''))}
                  data-testid="version-rename"
                >
                  {v.name ? 'Rename' : 'Name this version'}
                </button>
                <button type="button" role="menuitem" className="menu__item" onClick={act(() => historyUi.askRestore(v))} data-testid="version-restore">
                  Restore this version
                </button>
              </>
            )}
          </div>
        )}
      </div>
    </li>
  )
}
