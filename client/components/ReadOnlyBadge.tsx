import type { Role } from '../lib/api-types.ts'

/** Next to the connection badge when your role cannot change the document. */
export function ReadOnlyBadge({ role }: { role: Role }) {
  return (
    <div
      className="badge badge--readonly"
      data-testid="read-only-badge"
      title={
        role === 'commenter'
          ? 'You are a commenter here: you can read and comment, not edit. An owner can change your role.'
          : `You are a ${role} here: you can read, not edit. An owner can change your role.`
      }
    >
      <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M1.5 8S4 3 8 3s6.5 5 6.5 5-2.5 5-6.5 5S1.5 8 1.5 8Z" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <circle cx="8" cy="8" r="2" fill="currentColor" />
      </svg>
      <span className="badge__text">{role === 'commenter' ? 'Comment only' : 'View only'}</span>
    </div>
  )
}
