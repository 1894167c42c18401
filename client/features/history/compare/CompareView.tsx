import { useEffect, useMemo, useRef, useState } from 'react'
import type { DiffResponse } from '#shared/api/history'
import { describeError } from '../../../lib/http.ts'
import { useTaskEnv } from '../../../blocks/task/context.tsx'
import { useDiff } from './api.ts'
import { CompareHeader } from './CompareHeader.tsx'
import { EntryView, type CompareMode } from './EntryView.tsx'
import { buildRows, changeOrder } from './model.ts'
import { buildNames } from './names.ts'
import { useCompareMode } from './use-compare-mode.ts'
import { useCompareNav } from './use-compare-nav.ts'
import { versionLabel } from './wording.ts'
import './compare.css'

/**
 * Compare two versions of a document (issue #13): a full-height overlay over the document,
 * drawn from one GET of the diff (both versions' JSON and the block diff), with a static
 * renderer: it needs no editor and no Y.Doc. `to` null compares with the current state.
 */
export function CompareView(props: { docId: string; from: number; to: number | null; onClose(): void }) {
  const { docId, from, to, onClose } = props
  const diff = useDiff(docId, from, to)
  const [mode, setMode] = useCompareMode()
  const total = useMemo(() => (diff.data ? changeOrder(diff.data.diff.entries).length : 0), [diff.data])
  const nav = useCompareNav(total, onClose)
  const root = useRef<HTMLDivElement>(null)

  // The overlay takes focus (so n/p and Escape are ours, not the editor's) and gives it back.
  // The page behind is inert while it is open (typing into the document hidden under the
  // overlay would be an edit nobody sees), and focus that wanders out (Tab past the end) comes
  // back, unless it went into a dialog opened over the overlay (a portal: name, restore, the
  // keyboard help), which has its own trap and gives focus back when it closes.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    const undo = root.current ? inertAround(root.current) : () => {}
    root.current?.focus({ preventScroll: true })
    const keep = (e: FocusEvent): void => {
      const el = root.current
      if (!el || !(e.target instanceof Element) || el.contains(e.target)) return
      if (e.target.closest('[role="dialog"], [role="alertdialog"]')) return
      el.focus({ preventScroll: true })
    }
    document.addEventListener('focusin', keep)
    return () => {
      document.removeEventListener('focusin', keep)
      undo()
      previous?.focus?.({ preventScroll: true })
    }
  }, [])

  return (
    <div className="cv" ref={root} tabIndex={-1} role="dialog" aria-modal="true" aria-labelledby="cv-title" data-testid="compare-view">
      <CompareHeader
        data={diff.data}
        mode={mode}
        onMode={setMode}
        current={nav.current}
        total={total}
        onPrevious={nav.previous}
        onNext={nav.next}
        onClose={onClose}
      />
      <div className="cv-main" aria-busy={diff.loading}>
        {diff.data ? (
          <CompareBody data={diff.data} mode={mode} total={total} current={nav.current} register={nav.register} onFocusChange={nav.setCurrent} />
        ) : diff.error !== undefined ? (
          <div className="cv-state" role="alert">
            <p>{describeError(diff.error)}</p>
            <button type="button" className="cv-btn" onClick={diff.reload}>
              Try again
            </button>
          </div>
        ) : (
          <p className="cv-state">Loading the comparison…</p>
        )}
      </div>
    </div>
  )
}

interface BodyProps {
  data: DiffResponse
  mode: CompareMode
  total: number
  current: number | null
  register(index: number): (el: HTMLElement | null) => void
  onFocusChange(index: number): void
}

function CompareBody({ data, mode, total, current, register, onFocusChange }: BodyProps) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set())
  const rows = useMemo(() => buildRows(data.diff.entries, open), [data, open])
  const env = useTaskEnv()
  const names = useMemo(() => {
    const authors = [...data.from.authors, ...(data.to?.authors ?? [])]
    const people = [...authors, ...env.members.map((m) => ({ userId: m.userId, name: m.name }))]
    return buildNames({ docs: [data.after, data.before], people, tasks: env.tasks })
  }, [data, env.members, env.tasks])
  const before = data.before.content ?? []
  const after = data.after.content ?? []

  return (
    <div className={`cv-doc cv-doc--${mode}`}>
      {data.diff.truncated && (
        <p className="cv-truncated" role="note">
          This document is too large to compare word by word everywhere: past a point, blocks are compared whole, without their text highlighted.
        </p>
      )}
      {total === 0 && <p className="cv-same">These two versions have the same content.</p>}
      {mode === 'split' && (
        <div className="cv-pair cv-columns" aria-hidden="true">
          <div className="cv-columns__head">Before · {versionLabel(data.from)}</div>
          <div className="cv-columns__head">After · {versionLabel(data.to)}</div>
        </div>
      )}
      {rows.map((row) =>
        row.kind === 'fold' ? (
          <button key={`fold-${row.from}`} type="button" className="cv-fold" aria-expanded="false" onClick={() => setOpen((s) => new Set(s).add(row.from))}>
            … {row.count} unchanged {row.count === 1 ? 'block' : 'blocks'} …
          </button>
        ) : (
          <div key={`e-${row.at}`} className="cv-row" onFocus={row.change === null ? undefined : () => onFocusChange(row.change!)}>
            <EntryView
              entry={row.entry}
              before={before}
              after={after}
              names={names}
              mode={mode}
              change={row.change}
              total={total}
              active={row.change !== null && row.change === current}
              changeRef={row.change === null ? undefined : register(row.change)}
            />
          </div>
        ),
      )}
    </div>
  )
}

/**
 * Makes everything on the page but `el` (and its ancestors) inert: every sibling along the way up
 * to <body>. Elements added later (a dialog portalled into <body>) are not touched. Returns the undo,
 * which leaves alone what was inert already.
 */
export function inertAround(el: HTMLElement): () => void {
  const made: HTMLElement[] = []
  for (let node: HTMLElement | null = el; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement?.children ?? []) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.hasAttribute('inert') || sibling.tagName === 'SCRIPT') continue
      sibling.setAttribute('inert', '')
      made.push(sibling)
    }
  }
  return () => {
    for (const sibling of made) sibling.removeAttribute('inert')
  }
}
