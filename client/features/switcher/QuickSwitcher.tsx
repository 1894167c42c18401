import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import { docPath, navigate, searchPath } from '../../lib/router.ts'
import { subscribeTitles, titleOf } from '../../blocks/doc-link/doc-titles.ts'
import { PageIcon, SearchIcon } from '../hub/tree/icons.tsx'
import { isSwitcherKey, moveSelection } from '../../lib/list-keys.ts'
import { recentDocs } from '../../lib/recent-docs.ts'
import { closeSwitcher, toggleSwitcher, useSwitcherState } from './switcher-store.ts'
import { useFullTextSearch } from '../../lib/use-full-text.ts'
import { groupHits, hitHref, KIND_LABEL } from '../search/hits.ts'
import { Highlighted } from '../search/Highlighted.tsx'
import '../search/search.css'

interface Item {
  /** Unique in the list (a page may have several hits). */
  id: string
  href: string
  title: string
  meta: string
  snippet?: string
  /** The group heading shown above this item, for the first item of a group. */
  group?: string
}

/**
 * Ctrl/Cmd+K anywhere: search everything you can read (page titles and text, tasks, runs,
 * comments), grouped, with the matched words highlighted, and open a hit with Enter, scrolled to
 * its block. Opening is an ordinary navigation (pushState), so Back returns to where you were.
 * With an empty query it lists what you opened recently on this device; the last item opens the
 * full results page.
 */
export function QuickSwitcher() {
  const { open } = useSwitcherState()
  useEffect(() => {
    // Capture phase: the editor must not see Ctrl+K first.
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (!isSwitcherKey(event)) return
      event.preventDefault()
      event.stopPropagation()
      toggleSwitcher()
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
  return open ? createPortal(<SwitcherDialog />, document.body) : null
}

function SwitcherDialog() {
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const { hits, loading } = useFullTextSearch(query, { limit: '30' })
  const listRef = useRef<HTMLUListElement>(null)
  // Titles of recent documents come from the shared title cache (current, not as remembered).
  useSyncExternalStore(subscribeTitles, () => titleVersion())
  const restoreFocus = useRef<Element | null>(document.activeElement)

  const recent: Item[] = recentDocs().flatMap((id) => {
    const t = titleOf(id)
    return t.kind === 'gone' ? [] : [{ id, href: docPath(id), title: t.kind === 'ok' ? t.title : '', meta: 'Recent' }]
  })
  const q = query.trim()
  const found: Item[] = groupHits(hits).flatMap((g) =>
    g.hits.map((h, i) => ({
      id: `${h.kind}-${h.docId}-${h.blockId ?? ''}-${i}`,
      href: hitHref(h),
      title: h.title,
      meta: KIND_LABEL[h.kind],
      ...(h.kind === 'page' ? {} : { snippet: h.snippet }),
      ...(i === 0 ? { group: g.label } : {}),
    })),
  )
  const all: Item = { id: 'all-results', href: searchPath(q), title: `See all results for “${q}”`, meta: '' }
  const items: Item[] = q === '' ? recent : found.length > 0 ? [...found, all] : []
  const current = Math.min(selected, Math.max(0, items.length - 1))

  useEffect(() => setSelected(0), [query])
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [current])
  useEffect(() => {
    const previous = restoreFocus.current
    return () => {
      if (previous instanceof HTMLElement && document.contains(previous)) previous.focus()
    }
  }, [])

  const go = (item: Item | undefined): void => {
    if (!item) return
    restoreFocus.current = null // the next page decides its own focus
    closeSwitcher()
    navigate(item.href)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setSelected(moveSelection(current, items.length, event.key))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      go(items[current])
    } else if (event.key === 'Escape') {
      event.preventDefault()
      closeSwitcher()
    }
  }

  const empty = q === '' ? 'Type to search pages, tasks, runs and comments.' : loading ? 'Searching…' : 'Nothing matches.'
  return (
    <div className="qs__backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeSwitcher()} data-testid="switcher">
      <div className="qs" role="dialog" aria-modal="true" aria-label="Go to a page">
        <div className="qs__field">
          <SearchIcon />
          <input
            className="qs__input"
            autoFocus
            placeholder="Search pages, tasks, runs, comments…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            role="combobox"
            aria-expanded="true"
            aria-controls="switcher-results"
            aria-activedescendant={items[current] ? `switcher-${items[current].id}` : undefined}
            data-testid="switcher-input"
          />
          <kbd className="qs__esc">Esc</kbd>
        </div>
        {query.trim() === '' && items.length > 0 && <div className="qs__label">Recent</div>}
        <ul className="qs__results" id="switcher-results" role="listbox" ref={listRef}>
          {items.map((item, i) => [
            item.group && (
              <li key={`g-${item.group}`} className="qs__group" role="presentation">
                {item.group}
              </li>
            ),
            <li
              key={item.id}
              id={`switcher-${item.id}`}
              role="option"
              aria-selected={i === current}
              className={`qs__item${item.snippet !== undefined ? ' qs__item--hit' : ''}${i === current ? ' qs__item--active' : ''}`}
              onMouseMove={() => i !== current && setSelected(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => go(item)}
              data-testid={item.id === 'all-results' ? 'switcher-all' : 'switcher-item'}
            >
              {item.id === 'all-results' ? <SearchIcon /> : <PageIcon />}
              <span className="qs__text">
                {item.snippet !== undefined ? (
                  // A block's hit: what matched first, the page it is on below.
                  <>
                    <Highlighted className="qs__title" text={item.snippet} />
                    <span className="qs__snippet">in {item.title || 'Untitled'}</span>
                  </>
                ) : (
                  <span className={`qs__title${item.title ? '' : ' tree-row__title--placeholder'}`}>{item.title || 'Untitled'}</span>
                )}
              </span>
              <span className="qs__meta">{item.meta}</span>
              {i === current && (
                <span className="qs__enter" aria-hidden="true">
                  ↵
                </span>
              )}
            </li>,
          ])}
        </ul>
        {items.length === 0 && <div className="qs__empty">{empty}</div>}
        <div className="qs__footer">
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> to move
          </span>
          <span>
            <kbd>↵</kbd> to open
          </span>
          <span>
            <kbd>Esc</kbd> to close
          </span>
        </div>
      </div>
    </div>
  )
}

let version = 0
subscribeTitles(() => void version++)
const titleVersion = (): number => version
