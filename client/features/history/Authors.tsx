import { UserAvatar } from '../../components/UserAvatar.tsx'
import type { VersionAuthor } from './api.ts'
import { authorNames, avatarColor } from './format.ts'
import './history.css'

/** Overlapping initials (up to three) and the names (unless the line around already says them): who made a version. */
export function Authors({ authors, size = 22, names = true }: { authors: readonly VersionAuthor[]; size?: number; names?: boolean }) {
  if (authors.length === 0) return null
  return (
    <span className="hauthors" title={authors.map((a) => a.name).join(', ')}>
      <span className="hauthors__stack">
        {authors.slice(0, 3).map((a) => (
          <UserAvatar key={a.userId} name={a.name || '?'} color={avatarColor(a.userId)} size={size} />
        ))}
      </span>
      {names && <span className="hauthors__names">{authorNames(authors)}</span>}
    </span>
  )
}
