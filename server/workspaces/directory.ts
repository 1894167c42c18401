import type { Role } from '#shared/auth/roles'
import { hashSecret, newId, newSecret } from '../auth/secrets.ts'
import type { DirectoryStore, Invite, Member, Project, Workspace } from './directory-store.ts'
import { newDocId } from './doc-ids.ts'

export type { Invite, Member, Project, Workspace } from './directory-store.ts'

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000

/**
 * Workspaces, their members and projects, project role overrides, invites, and which project a
 * document belongs to: the rules (ids, trimmed names, invite secrets stored hashed and their
 * lifetime, how a project's member list shows overrides) over a DirectoryStore.
 *
 * It satisfies auth's RoleSource (server/auth/principal.ts) by shape: auth is the lower floor
 * and never imports this folder.
 */
export class Directory {
  constructor(private readonly store: DirectoryStore) {}

  createWorkspace(name: string, ownerId: string, now = Date.now()): Workspace {
    const id = newId()
    this.store.insertWorkspace({ id, name: name.trim(), createdAt: now }, ownerId)
    return this.workspace(id)!
  }

  workspace(id: string): Workspace | null {
    return this.store.workspace(id)
  }

  workspacesOf(userId: string): (Workspace & { role: Role })[] {
    return this.store.workspacesOf(userId)
  }

  workspaceRole(workspaceId: string, userId: string): Role | null {
    return this.store.workspaceRole(workspaceId, userId)
  }

  setMember(workspaceId: string, userId: string, role: Role, now = Date.now()): void {
    this.store.setMember(workspaceId, userId, role, now)
  }

  /** Removes a member and their project overrides in this workspace. */
  removeMember(workspaceId: string, userId: string): boolean {
    return this.store.removeMember(workspaceId, userId)
  }

  ownerCount(workspaceId: string): number {
    return this.store.ownerCount(workspaceId)
  }

  members(workspaceId: string): Member[] {
    return this.store.members(workspaceId)
  }

  /** A project and its tree document (the Y.Doc of its page tree, synced like any document). */
  createProject(workspaceId: string, name: string, now = Date.now()): Project {
    const id = newId()
    this.store.insertProject({ id, workspaceId, name: name.trim(), treeDocId: newDocId(), createdAt: now })
    return this.project(id)!
  }

  project(id: string): Project | null {
    return this.store.project(id)
  }

  projects(workspaceId: string): Project[] {
    return this.store.projects(workspaceId)
  }

  setProjectInfo(id: string, name: string, description: string): void {
    this.store.setProjectInfo(id, name.trim(), description)
  }

  setProjectRole(projectId: string, userId: string, role: Role | null): void {
    this.store.setProjectRole(projectId, userId, role)
  }

  /** The workspace's members with their effective role here; an owner's override never shows (owners own every project). */
  projectMembers(projectId: string): Member[] {
    const project = this.project(projectId)
    if (!project) return []
    const overrides = this.store.projectRoles(projectId)
    return this.members(project.workspaceId).map((m) => {
      const override = m.role === 'owner' ? null : (overrides.get(m.userId) ?? null)
      return { ...m, projectRole: override, role: override ?? m.role }
    })
  }

  roleInProject(projectId: string, userId: string): Role | null {
    return this.store.roleInProject(projectId, userId)
  }

  /** Which project (and workspace) a document belongs to; nulls for an unknown document. */
  docOwner(docId: string): { projectId: string; workspaceId: string } | null {
    return this.store.docOwner(docId)
  }

  attachDoc(docId: string, projectId: string, title: string): void {
    this.store.attachDoc(docId, projectId, title)
  }

  docTitle(docId: string): string {
    return this.store.docTitle(docId)
  }

  createInvite(workspaceId: string, role: Role, createdBy: string, now = Date.now()): { invite: Invite; secret: string } {
    const secret = newSecret('ki')
    const invite: Invite = { id: newId(), workspaceId, role, createdAt: now, expiresAt: now + INVITE_TTL_MS, usedAt: null }
    this.store.insertInvite({ ...invite, hash: hashSecret(secret), createdBy })
    return { invite, secret }
  }

  /** The invite behind a secret, if it is still usable. */
  pendingInvite(secret: string, now = Date.now()): Invite | null {
    const invite = this.store.inviteByHash(hashSecret(secret))
    if (!invite || invite.usedAt !== null || invite.expiresAt <= now) return null
    return invite
  }

  /** Uses an invite once: adds the user with the invite's role (never lowering an existing role). */
  acceptInvite(secret: string, userId: string, now = Date.now()): Invite | null {
    return this.store.redeemInvite(hashSecret(secret), userId, now)
  }

  invites(workspaceId: string): Invite[] {
    return this.store.invites(workspaceId)
  }

  deleteInvite(workspaceId: string, id: string): boolean {
    return this.store.deleteInvite(workspaceId, id)
  }
}
