import { Link } from '../components/Link.tsx'

export function NotFoundPage() {
  return (
    <main className="empty-state" data-testid="not-found">
      <h1>Nothing here</h1>
      <p>This address does not point to a page in Keel.</p>
      <Link href="/" className="button">
        Go to your workspace
      </Link>
    </main>
  )
}
