import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useDismiss } from '../../lib/use-dismiss.ts'
import type { VersionMeta } from './api.ts'
import { Authors } from './Authors.tsx'
import { clock, offlineLine, versionTitle } from './format.ts'
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
  // The actions menu, by the menu button pattern: opening it focuses its first item (the last
  // with ArrowUp on the button); arrows, Home and End move; Escape closes it and focus goes back
  // to the button; Tab closes it and moves on.
  const [menu, setMenu] = useState<false | 'first' | 'last'>(false)
  const anchor = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setMenu(false), [])
  useDismiss(anchor, menu !== false, close)
  const items = (): HTMLElement[] => [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
  useEffect(() => {
    if (menu === false) return
    const all = items()
    ;(menu === 'last' ? all[all.length - 1] : all[0])?.focus()
  }, [menu])
  const act = (fn: () => void) => () => {
    setMenu(false)
    fn()
  }
  const onMenuKey = (e: KeyboardEvent): void => {
    const all = items()
    const at = all.indexOf(document.activeElement as HTMLElement)
    const go = (i: number): void => {
      e.preventDefault()
      all[(i + all.length) % all.length]?.focus()
    }
    if (e.key === 'ArrowDown') go(at + 1)
    else if (e.key === 'ArrowUp') go(at - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(all.length - 1)
    else if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      setMenu(false)
      button.current?.focus()
    } else if (e.key === 'Tab') setMenu(false)
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
          {v.offline && (
            <span className="hversion__detail hversion__offline" data-testid="version-offline">
              {offlineLine(v.offline, v.startedAt)}
            </span>
          )}
          <Authors authors={v.authors} />
        </span>
      </button>
      <div className="hversion__more menu-anchor" ref={anchor}>
        <button
          type="button"
          className="hversion__menu-button"
          aria-label="Version actions"
          aria-haspopup="menu"
          aria-expanded={menu !== false}
          aria-controls={menu !== false ? `hversion-menu-${v.id}` : undefined}
          ref={button}
          onClick={() => setMenu((m) => (m === false ? 'first' : false))}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
            e.preventDefault()
            setMenu(e.key === 'ArrowUp' ? 'last' : 'first')
          }}
          data-testid="version-menu"
        >
          ⋯
        </button>
        {menu && (
          <div
            className="menu menu--right hversion__menu"
            role="menu"
            id={`hversion-menu-${v.id}`}
            aria-label="Version actions"
            ref={list}
            onKeyDown={onMenuKey}
            data-testid="version-menu-list"
          >
            <button type="button" role="menuitem" tabIndex={-1} className="menu__item" onClick={act(() => historyUi.preview(v.id))}>
              Preview
            </button>
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
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
                tabIndex={-1}
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
                  tabIndex={-1}
                  className="menu__item"
                  onClick={act(() => historyUi.name(v.id, v.name ?? ''))}
                  data-testid="version-rename"
                >
                  {v.name ? 'Rename' : 'Name this version'}
                </button>
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className="menu__item"
                  onClick={act(() => historyUi.askRestore(v))}
                  data-testid="version-restore"
                >
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
