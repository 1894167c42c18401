import { useState } from 'react'
import { describeError } from '../../../lib/http.ts'
import { timeAgo } from '../../../lib/format.ts'
import { forgetTitle } from '../../../blocks/doc-link/doc-titles.ts'
import { hubApi } from '../api.ts'
import { restorePage } from './actions.ts'
import { ChevronIcon, TrashIcon } from './icons.tsx'
import { useTreeContext } from './tree-context.ts'

/**
 * Pages in the trash, collapsed by default. Restore puts a page back where it was (or at the top
 * level if its parent is gone); owners may delete for good, after a second, explicit click.
 */
export function TrashSection() {
  const ctx = useTreeContext()
  const [open, setOpen] = useState(false)
  const [confirming, setConfirming] = useState<string | null>(null)
  const trash = ctx.view.trash

  const remove = async (id: string): Promise<void> => {
    setConfirming(null)
    try {
      await hubApi.deleteForGood(id)
      forgetTitle(id)
    } catch (err) {
      ctx.onError(describeError(err))
    }
  }

  return (
    <section className="trash" data-testid="trash">
      <button type="button" className="sidebar__section-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="trash-toggle">
        <TrashIcon />
        <span>Trash</span>
        {trash.length > 0 && <span className="sidebar__count">{trash.length}</span>}
        <span className="sidebar__section-chevron">
          <ChevronIcon open={open} />
        </span>
      </button>
      {open && (
        <ul className="trash__list">
          {trash.length === 0 && <li className="trash__empty">Nothing in the trash.</li>}
          {trash.map((page) => (
            <li key={page.id} className="trash__item" data-testid="trash-item" data-page-id={page.id}>
              <div className="trash__main">
                <span className={`trash__title${page.title ? '' : ' tree-row__title--placeholder'}`}>{page.title || 'Untitled'}</span>
                {page.archivedAt !== null && <span className="trash__meta">Deleted {timeAgo(new Date(page.archivedAt).toISOString())}</span>}
              </div>
              {ctx.canEdit && (
                <div className="trash__actions">
                  {confirming === page.id ? (
                    <>
                      <button type="button" className="chip chip--danger" onClick={() => void remove(page.id)} data-testid="trash-confirm-delete">
                        Delete forever
                      </button>
                      <button type="button" className="chip" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" className="chip" onClick={() => ctx.handle && restorePage(ctx.handle, page.id)} data-testid="trash-restore">
                        Restore
                      </button>
                      {ctx.canDelete && (
                        <button
                          type="button"
                          className="chip chip--quiet"
                          onClick={() => setConfirming(page.id)}
                          data-testid="trash-delete"
                          title="Delete for good"
                        >
                          Delete
                        </button>
                      )}
                    </>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
