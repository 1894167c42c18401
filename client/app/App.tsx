import { useLayoutEffect } from 'react'
import { DocumentPage } from './DocumentPage.tsx'
import { Link } from './Link.tsx'
import { DEFAULT_DOC_ID, docPath, matchRoute, navigate, usePathname } from './router.ts'

export function App() {
  const route = matchRoute(usePathname())

  // `/` has no page of its own: it is the seeded demo document. Replace, so Back does not bounce.
  useLayoutEffect(() => {
    if (route.kind === 'home') navigate(docPath(DEFAULT_DOC_ID), { replace: true })
  }, [route.kind])

  switch (route.kind) {
    case 'doc':
      return <DocumentPage key={route.docId} docId={route.docId} />
    case 'home':
      return null
    case 'not-found':
      return (
        <main className="empty-state" data-testid="not-found">
          <h1>Nothing here</h1>
          <p>This address does not point to a document.</p>
          <Link href={docPath(DEFAULT_DOC_ID)} className="button">
            Open the welcome document
          </Link>
        </main>
      )
  }
}
