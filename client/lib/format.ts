import type { Role } from './api-types.ts'

/** Small words for roles and dates, shared by the workspace and project pages. */
export const roleLabel: Record<Role, string> = { owner: 'Owner', editor: 'Editor', commenter: 'Commenter', viewer: 'Viewer' }

export const roleHint: Record<Role, string> = {
  owner: 'Manages members, invites and roles',
  editor: 'Creates and edits documents',
  commenter: 'Reads documents (comments are coming)',
  viewer: 'Reads documents',
}

/** With an article: "an editor", "a viewer". */
export const aRole = (role: Role): string => `${role === 'owner' || role === 'editor' ? 'an' : 'a'} ${role}`

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** "3 hours ago", "in 6 days", "just now". */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000
  if (!Number.isFinite(seconds)) return ''
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  }
  return 'just now'
}
