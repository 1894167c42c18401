import type { DiffResponse } from '#shared/api/history'
import type { CompareMode } from './EntryView.tsx'
import { positionLabel, versionLabel } from './wording.ts'
import './compare-header.css'

interface Props {
  data: DiffResponse | undefined
  mode: CompareMode
  onMode(mode: CompareMode): void
  current: number | null
  total: number
  onPrevious(): void
  onNext(): void
  onClose(): void
}

const COUNT_KINDS = ['added', 'removed', 'changed', 'moved'] as const

/**
 * The compare view's header: which two versions, how much changed, the mode toggle, change
 * navigation with its position ("2 of 7", announced politely), and Close. It stays at the top
 * while the document scrolls under it.
 */
export function CompareHeader({ data, mode, onMode, current, total, onPrevious, onNext, onClose }: Props) {
  const counts = data?.diff.counts
  return (
    <header className="cv-header">
      <div className="cv-header__row">
        <h1 className="cv-title" id="cv-title">
          <span className="cv-title__lead">Comparing</span> <span className="cv-title__version">{data ? versionLabel(data.from) : '…'}</span>{' '}
          <span className="cv-title__arrow" aria-label="with">
            →
          </span>{' '}
          <span className="cv-title__version">{data ? versionLabel(data.to) : '…'}</span>
        </h1>
        <button type="button" className="cv-close" onClick={onClose} aria-label="Close compare (Escape)" title="Close (Esc)">
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {data && (
        <div className="cv-header__row cv-header__row--meta">
          <p className="cv-counts">
            {COUNT_KINDS.filter((k) => counts![k] > 0).map((k) => (
              <span key={k} className={`cv-count cv-count--${k}`}>
                {counts![k]} {k}
              </span>
            ))}
            {total === 0 && <span className="cv-count">No changes</span>}
          </p>
          {data.diff.summary && <p className="cv-summary">{data.diff.summary}</p>}
        </div>
      )}
      <div className="cv-header__row cv-toolbar">
        <div className="cv-modes" role="group" aria-label="Layout">
          <button type="button" className="cv-mode" aria-pressed={mode === 'inline'} onClick={() => onMode('inline')}>
            Inline
          </button>
          <button type="button" className="cv-mode" aria-pressed={mode === 'split'} onClick={() => onMode('split')}>
            Side by side
          </button>
        </div>
        <div className="cv-nav" role="group" aria-label="Changes">
          <button
            type="button"
            className="cv-nav__btn"
            onClick={onPrevious}
            disabled={total === 0 || current === 0}
            aria-label="Previous change (P)"
            title="Previous change (P or K)"
          >
            <span aria-hidden="true">↑</span> Previous
          </button>
          <span className="cv-nav__pos" aria-live="polite" aria-atomic="true">
            {positionLabel(current, total)}
          </span>
          <button
            type="button"
            className="cv-nav__btn"
            onClick={onNext}
            disabled={total === 0 || current === total - 1}
            aria-label="Next change (N)"
            title="Next change (N or J)"
          >
            Next <span aria-hidden="true">↓</span>
          </button>
          {/* At phone width the change bar sits at the bottom, in thumb reach, and the header scrolls away with its Close. */}
          <button type="button" className="cv-close cv-close--bar" onClick={onClose} aria-label="Close compare">
            <span aria-hidden="true">×</span>
          </button>
        </div>
      </div>
    </header>
  )
}
