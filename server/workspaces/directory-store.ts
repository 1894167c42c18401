import type { Role } from '#shared/auth/roles'

export interface Workspace {
  id: string
  name: string
  createdAt: number
}

export interface Project {
  id: string
  workspaceId: string
  name: string
  description: string
  /** The project's page tree document. */
  treeDocId: string
  createdAt: number
}

export interface Member {
  userId: string
  email: string
  name: string
  color: string
  role: Role
  /** The project's override, when listing a project's members. */
  projectRole?: Role | null
}

export interface Invite {
  id: string
  workspaceId: string
  role: Role
  createdAt: number
  expiresAt: number
  usedAt: number | null
}

/**
 * Persistence of workspaces, their members and projects, project role overrides, invites, and
 * which project a document belongs to. The Directory service (directory.ts) makes ids and invite
 * secrets (only hashes reach the store) and trims names; the store stores, finds and resolves roles.
 *
 * Role resolution is the store's (`roleInProject`) because it is three joins over its tables:
 * a project override wins over the workspace role, only for workspace members, and never for a
 * workspace owner (owners are owners of every project, docs/ROLES.md).
 *
 * Synchronous on purpose, like the documents `Store` (server/store/store.ts): better-sqlite3 is,
 * and the access hook resolves a role on every request with no await in between. Every
 * implementation runs `describeDirectoryStore` (directory-store.contract.ts).
 */
export interface DirectoryStore {
  /** The workspace and its owner's membership, in one step. */
  insertWorkspace(workspace: Workspace, ownerId: string): void
  workspace(id: string): Workspace | null
  /** The user's workspaces with their role there, oldest first. */
  workspacesOf(userId: string): (Workspace & { role: Role })[]
  workspaceRole(workspaceId: string, userId: string): Role | null
  /** Adds the member or changes their role. */
  setMember(workspaceId: string, userId: string, role: Role, now: number): void
  /** Removes a member and their project overrides in this workspace, in one step; false when not a member. */
  removeMember(workspaceId: string, userId: string): boolean
  ownerCount(workspaceId: string): number
  /** The members with their account's email, name and colour, by name (case-insensitive). */
  members(workspaceId: string): Member[]

  /** The project and its tree document (a `documents` row of kind 'tree'), in one step. */
  insertProject(project: Omit<Project, 'description'>): void
  project(id: string): Project | null
  /** The workspace's projects, oldest first. */
  projects(workspaceId: string): Project[]
  setProjectInfo(id: string, name: string, description: string): void
  /** Sets the project override, or clears it (null). */
  setProjectRole(projectId: string, userId: string, role: Role | null): void
  /** The project's overrides by user id. */
  projectRoles(projectId: string): Map<string, Role>
  /** The effective role in a project (see above), or null for a non-member. */
  roleInProject(projectId: string, userId: string): Role | null

  /** Which project (and workspace) a document belongs to; null for an unknown or unattached document. */
  docOwner(docId: string): { projectId: string; workspaceId: string } | null
  attachDoc(docId: string, projectId: string, title: string): void
  /** The document's title, '' when unknown. */
  docTitle(docId: string): string

  insertInvite(invite: Invite & { hash: string; createdBy: string }): void
  /** The invite behind a secret's hash, used or expired or not. */
  inviteByHash(hash: string): Invite | null
  /**
   * Uses an invite once, in one step: when it is unused and unexpired at `now`, marks it used by
   * the user and adds the user with the invite's role unless already a member (an invite never
   * lowers a role). The invite, or null when it was not usable.
   */
  redeemInvite(hash: string, userId: string, now: number): Invite | null
  /** The workspace's invites, newest first. */
  invites(workspaceId: string): Invite[]
  deleteInvite(workspaceId: string, id: string): boolean
}
