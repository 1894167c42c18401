/**
 * Roles, from most to least powerful. A workspace gives each member one; a project may override
 * it per member; a document inherits its project's. Defined once for the server's checks and the
 * client's UI (what to show, whether the editor is editable).
 */
export const ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const
export type Role = (typeof ROLES)[number]

const rank: Record<Role, number> = { owner: 4, editor: 3, commenter: 2, viewer: 1 }

/** True when `role` is at least `min` (owner ≥ editor ≥ commenter ≥ viewer). */
export function atLeast(role: Role | null | undefined, min: Role): boolean {
  return role != null && rank[role] >= rank[min]
}

/** The weaker of two roles (a read-only token caps its owner's role, for instance). */
export function weaker(a: Role, b: Role): Role {
  return rank[a] <= rank[b] ? a : b
}

/** May change document content. Commenters and viewers read; commenters also comment (canComment). */
export const canEdit = (role: Role | null | undefined): boolean => atLeast(role, 'editor')

/** May write comments (not the document): commenters and above (docs/decisions/0009-comments.md). */
export const canComment = (role: Role | null | undefined): boolean => atLeast(role, 'commenter')

/** May manage members, invites and roles. */
export const canManage = (role: Role | null | undefined): boolean => atLeast(role, 'owner')

/** API tokens are read or write; write never grants more than editor. */
export const TOKEN_SCOPES = ['read', 'write'] as const
export type TokenScope = (typeof TOKEN_SCOPES)[number]
export const scopeCap: Record<TokenScope, Role> = { read: 'viewer', write: 'editor' }
