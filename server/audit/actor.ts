/**
 * The part of auth's Principal (server/auth/principal.ts) an audit row needs, declared here: auth
 * records audit events, so this folder sits below auth and imports nothing from it.
 */
export type Actor = { kind: 'anonymous' } | { kind: 'session' | 'token'; user: { id: string } }

/** The user behind a request, for an audit row's actor (null when nobody is signed in). */
export const actorOf = (p: Actor): string | null => (p.kind === 'anonymous' ? null : p.user.id)
