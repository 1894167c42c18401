import { Fragment, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react'
import { moveSelection } from '../../lib/list-keys.ts'
import { lastWorkspace, recentDocs } from '../../lib/recent-docs.ts'
import { useSearch } from '../../lib/use-search.ts'
import { matchRoute } from '../../lib/router.ts'
import { currentPeople, matchPeople, subscribePeople } from '../mention/people.ts'
import { subscribeTitles, titleOf } from './doc-titles.ts'

/** Keys the editor hands over while the picker is open; true when the picker used the key. */
export interface PickerController {
  onKey: (key: string) => boolean
}

type Choice = { kind: 'page'; id: string; title: string; meta: string } | { kind: 'person'; id: string; title: string; meta: string; color: string }

let titlesVersion = 0
subscribeTitles(() => void titlesVersion++)

/**
 * The list under `[[` and `@`: pages of the workspace matching what was typed (recent pages before
 * anything is typed). With `people` (the `@` trigger), the project's members matching it come
 * first, like Notion's: "People", then "Pages". Enter or a click picks the highlighted entry.
 */
export function LinkPicker({
  query,
  people,
  anchor,
  controller,
  onPick,
  onPickPerson,
  onClose,
}: {
  query: string
  people: boolean
  anchor: { left: number; top: number; bottom: number }
  controller: PickerController
  onPick: (docId: string) => void
  onPickPerson: (person: { userId: string; name: string }) => void
  onClose: () => void
}) {
  const workspaceId = lastWorkspace()
  const { hits, loading } = useSearch(workspaceId, query, 80)
  const [selected, setSelected] = useState(0)
  const ref = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState<{ left: number; top: number }>({ left: anchor.left, top: anchor.bottom + 6 })
  useSyncExternalStore(subscribeTitles, () => titlesVersion)
  const members = useSyncExternalStore(subscribePeople, currentPeople)

  const here = matchRoute(location.pathname)
  const currentDoc = here.kind === 'doc' ? here.docId : null
  const recent: Choice[] = recentDocs()
    .filter((id) => id !== currentDoc)
    .flatMap((id): Choice[] => {
      const t = titleOf(id)
      return t.kind === 'ok' ? [{ kind: 'page', id, title: t.title, meta: 'Recent' }] : []
    })
    .slice(0, 6)
  const pages: Choice[] =
    query.trim() === '' ? recent : hits.filter((h) => h.id !== currentDoc).map((h) => ({ kind: 'page', id: h.id, title: h.title, meta: h.projectName }))
  const persons: Choice[] = people
    ? matchPeople(members, query).map((m) => ({ kind: 'person', id: m.userId, title: m.name, meta: m.email, color: m.color }))
    : []
  const choices = [...persons, ...pages]
  const current = Math.min(selected, Math.max(0, choices.length - 1))
  const pagesLabel = people || query.trim() !== '' ? 'Pages' : 'Link to a page'
  const pick = (c: Choice): void => (c.kind === 'person' ? onPickPerson({ userId: c.id, name: c.title }) : onPick(c.id))

  useEffect(() => setSelected(0), [query])

  controller.onKey = (key) => {
    if (key === 'ArrowUp' || key === 'ArrowDown') {
      setSelected(moveSelection(current, choices.length, key))
      return true
    }
    if (key === 'Enter' || key === 'Tab') {
      const choice = choices[current]
      if (!choice) return key === 'Enter' && loading
      pick(choice)
      return true
    }
    return false
  }

  // Below the trigger, or above it when there is no room below.
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const h = el.offsetHeight
    const w = el.offsetWidth
    const top = anchor.bottom + 6 + h > window.innerHeight - 8 ? Math.max(8, anchor.top - h - 6) : anchor.bottom + 6
    setPos({ left: Math.min(anchor.left, window.innerWidth - w - 8), top })
  }, [anchor.left, anchor.top, anchor.bottom, choices.length])

  return (
    <div
      ref={ref}
      className="link-picker"
      style={{ left: pos.left, top: pos.top }}
      role="listbox"
      aria-label={people ? 'Mention a person or link a page' : 'Link to a page'}
      data-testid="link-picker"
      onMouseDown={(e) => e.preventDefault()}
    >
      {persons.length > 0 && <div className="link-picker__label">People</div>}
      {choices.map((c, i) => (
        <Fragment key={`${c.kind}:${c.id}`}>
          {c.kind === 'page' && i === persons.length && <div className="link-picker__label">{pagesLabel}</div>}
          <div
            role="option"
            aria-selected={i === current}
            className={`link-picker__item${i === current ? ' link-picker__item--active' : ''}`}
            onMouseMove={() => i !== current && setSelected(i)}
            onClick={() => pick(c)}
            data-testid={c.kind === 'person' ? 'link-picker-person' : 'link-picker-item'}
          >
            {c.kind === 'person' ? (
              <span className="link-picker__avatar" style={{ background: c.color }} aria-hidden="true">
                {c.title.trim().charAt(0).toUpperCase() || '?'}
              </span>
            ) : (
              <svg width="15" height="15" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" aria-hidden="true">
                <path d="M4.5 2h4.75L12 4.75V14H4.5z" />
                <path d="M9 2v3h3" />
              </svg>
            )}
            <span className={`link-picker__title${c.title ? '' : ' tree-row__title--placeholder'}`}>{c.title || 'Untitled'}</span>
            <span className="link-picker__meta">{c.meta}</span>
          </div>
        </Fragment>
      ))}
      {pages.length === 0 && <div className="link-picker__label">{pagesLabel}</div>}
      {pages.length === 0 && (
        <div className="link-picker__empty">
          {query.trim() === '' ? 'Type to search pages' : loading ? 'Searching…' : 'No pages match'}
          <button type="button" className="link-picker__dismiss" onClick={onClose}>
            Esc
          </button>
        </div>
      )}
    </div>
  )
}
