import type { ReactNode } from 'react'
import { describeError } from '../lib/http.ts'
import type { Loaded } from '../lib/use-api.ts'

/** A titled card on a workspace or project page. */
export function Section({
  title,
  description,
  action,
  children,
  testId,
}: {
  title: string
  description?: ReactNode
  action?: ReactNode
  children: ReactNode
  testId?: string
}) {
  return (
    <section className="card" data-testid={testId}>
      <div className="card__header">
        <div>
          <h2 className="card__title">{title}</h2>
          {description && <p className="card__description">{description}</p>}
        </div>
        {action && <div className="card__action">{action}</div>}
      </div>
      <div className="card__body">{children}</div>
    </section>
  )
}

/** Loading, failed, empty, or the content. */
export function SectionState<T>({ loaded, empty, emptyText, children }: { loaded: Loaded<T>; empty: boolean; emptyText: string; children: ReactNode }) {
  if (loaded.data === undefined && loaded.error) {
    return (
      <div className="section-empty">
        {describeError(loaded.error)}{' '}
        <button type="button" className="link-button" onClick={loaded.reload}>
          Try again
        </button>
      </div>
    )
  }
  if (loaded.data === undefined) return <div className="skeleton__line" aria-busy="true" />
  if (empty) return <div className="section-empty">{emptyText}</div>
  return <>{children}</>
}
