import { useEffect } from 'react'
import { Link } from '../../components/Link.tsx'
import { docPath } from '../../lib/router.ts'
import { useApi } from '../../lib/use-api.ts'
import { backlinksPath } from './api.ts'

/**
 * "Linked from": the pages that link here (server-derived from their docLink nodes), under the
 * document. Asked again when the window regains focus, since links are made in other documents.
 */
export function Backlinks({ docId }: { docId: string }) {
  const links = useApi<{ id: string; title: string }[]>(backlinksPath(docId))
  const { reload } = links
  useEffect(() => {
    window.addEventListener('focus', reload)
    return () => window.removeEventListener('focus', reload)
  }, [reload])
  if (!links.data || links.data.length === 0) return null
  return (
    <section className="backlinks" aria-label="Linked from" data-testid="backlinks">
      <h2 className="backlinks__title">Linked from</h2>
      <ul className="backlinks__list">
        {links.data.map((d) => (
          <li key={d.id}>
            <Link href={docPath(d.id)} className="backlinks__link" data-testid="backlink">
              <svg width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" aria-hidden="true">
                <path d="M4.5 2h4.75L12 4.75V14H4.5z" />
                <path d="M9 2v3h3" />
              </svg>
              <span className={d.title ? '' : 'tree-row__title--placeholder'}>{d.title || 'Untitled'}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
