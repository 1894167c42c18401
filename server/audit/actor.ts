import type { Principal } from '../auth/principal.ts'

/** The user behind a request, for an audit row's actor (null when nobody is signed in). */
export const actorOf = (p: Principal): string | null => (p.kind === 'anonymous' ? null : p.user.id)
