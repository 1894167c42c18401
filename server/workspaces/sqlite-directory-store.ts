import type Database from 'better-sqlite3'
import type { Role } from '#shared/auth/roles'
import type { DirectoryStore, Invite, Member, Project, Workspace } from './directory-store.ts'

interface ProjectRow {
  id: string
  workspace_id: string
  name: string
  description: string
  tree_doc_id: string
  created_at: number
}

interface InviteRow {
  id: string
  workspace_id: string
  role: Role
  created_at: number
  expires_at: number
  used_at: number | null
}

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  description: r.description,
  treeDocId: r.tree_doc_id,
  createdAt: r.created_at,
})

const toInvite = (r: InviteRow): Invite => ({
  id: r.id,
  workspaceId: r.workspace_id,
  role: r.role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
})

/** DirectoryStore on the SQLite tables of migration 002 (workspaces, members, projects, project_roles, invites) and documents. */
export class SqliteDirectoryStore implements DirectoryStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      insertWorkspace: db.prepare<[string, string, number]>('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)'),
      workspace: db.prepare<[string], { id: string; name: string; created_at: number }>('SELECT * FROM workspaces WHERE id = ?'),
      workspacesOf: db.prepare<[string], { id: string; name: string; created_at: number; role: Role }>(
        `SELECT w.*, m.role FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id
          WHERE m.user_id = ? ORDER BY w.created_at`,
      ),
      upsertMember: db.prepare<[string, string, Role, number]>(
        `INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      removeMember: db.prepare<[string, string]>('DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?'),
      removeProjectRoles: db.prepare<[string, string]>(
        'DELETE FROM project_roles WHERE user_id = ? AND project_id IN (SELECT id FROM projects WHERE workspace_id = ?)',
      ),
      workspaceRole: db.prepare<[string, string], { role: Role }>('SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ?'),
      members: db.prepare<[string], { user_id: string; email: string; name: string; color: string; role: Role }>(
        `SELECT m.user_id, u.email, u.name, u.color, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
          WHERE m.workspace_id = ? ORDER BY u.name COLLATE NOCASE`,
      ),
      ownerCount: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM workspace_members WHERE workspace_id = ? AND role = 'owner'"),
      insertProject: db.prepare<[string, string, string, number]>('INSERT INTO projects (id, workspace_id, name, created_at) VALUES (?, ?, ?, ?)'),
      insertTreeDoc: db.prepare<[string, number, number, string]>(
        "INSERT INTO documents (id, created_at, updated_at, project_id, kind) VALUES (?, ?, ?, ?, 'tree')",
      ),
      setTreeDoc: db.prepare<[string, string]>('UPDATE projects SET tree_doc_id = ? WHERE id = ?'),
      project: db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE id = ?'),
      projects: db.prepare<[string], ProjectRow>('SELECT * FROM projects WHERE workspace_id = ? ORDER BY created_at'),
      setProjectInfo: db.prepare<[string, string, string]>('UPDATE projects SET name = ?, description = ? WHERE id = ?'),
      setProjectRole: db.prepare<[string, string, Role]>(
        `INSERT INTO project_roles (project_id, user_id, role) VALUES (?, ?, ?)
          ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      clearProjectRole: db.prepare<[string, string]>('DELETE FROM project_roles WHERE project_id = ? AND user_id = ?'),
      projectRoles: db.prepare<[string], { user_id: string; role: Role }>('SELECT user_id, role FROM project_roles WHERE project_id = ?'),
      // The project override wins over the workspace role, but only for workspace members, and
      // never for a workspace owner: owners are owners of every project (docs/ROLES.md).
      roleInProject: db.prepare<[{ project: string; user: string }], { role: Role }>(
        `SELECT CASE WHEN m.role = 'owner' THEN 'owner' ELSE coalesce(pr.role, m.role) END AS role FROM projects p
          JOIN workspace_members m ON m.workspace_id = p.workspace_id AND m.user_id = @user
          LEFT JOIN project_roles pr ON pr.project_id = p.id AND pr.user_id = @user
          WHERE p.id = @project`,
      ),
      docProject: db.prepare<[string], { project_id: string | null; workspace_id: string | null }>(
        'SELECT d.project_id, p.workspace_id FROM documents d LEFT JOIN projects p ON p.id = d.project_id WHERE d.id = ?',
      ),
      attachDoc: db.prepare<[string, string, string]>('UPDATE documents SET project_id = ?, title = ? WHERE id = ?'),
      title: db.prepare<[string], { title: string }>('SELECT title FROM documents WHERE id = ?'),
      insertInvite: db.prepare<[string, string, string, Role, string, number, number]>(
        `INSERT INTO invites (token_hash, id, workspace_id, role, created_by, created_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      inviteByHash: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE token_hash = ?'),
      useInvite: db.prepare<[string, number, string, number]>(
        'UPDATE invites SET used_by = ?, used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
      ),
      invites: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE workspace_id = ? ORDER BY created_at DESC'),
      deleteInvite: db.prepare<[string, string]>('DELETE FROM invites WHERE workspace_id = ? AND id = ?'),
    }
  }

  insertWorkspace(w: Workspace, ownerId: string): void {
    this.db.transaction(() => {
      this.q.insertWorkspace.run(w.id, w.name, w.createdAt)
      this.q.upsertMember.run(w.id, ownerId, 'owner', w.createdAt)
    })()
  }

  workspace(id: string): Workspace | null {
    const r = this.q.workspace.get(id)
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null
  }

  workspacesOf(userId: string): (Workspace & { role: Role })[] {
    return this.q.workspacesOf.all(userId).map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, role: r.role }))
  }

  workspaceRole(workspaceId: string, userId: string): Role | null {
    return this.q.workspaceRole.get(workspaceId, userId)?.role ?? null
  }

  setMember(workspaceId: string, userId: string, role: Role, now: number): void {
    this.q.upsertMember.run(workspaceId, userId, role, now)
  }

  removeMember(workspaceId: string, userId: string): boolean {
    return this.db.transaction(() => {
      this.q.removeProjectRoles.run(userId, workspaceId)
      return this.q.removeMember.run(workspaceId, userId).changes > 0
    })()
  }

  ownerCount(workspaceId: string): number {
    return this.q.ownerCount.get(workspaceId)!.n
  }

  members(workspaceId: string): Member[] {
    return this.q.members.all(workspaceId).map((r) => ({ userId: r.user_id, email: r.email, name: r.name, color: r.color, role: r.role }))
  }

  insertProject(p: Omit<Project, 'description'>): void {
    this.db.transaction(() => {
      this.q.insertProject.run(p.id, p.workspaceId, p.name, p.createdAt)
      this.q.insertTreeDoc.run(p.treeDocId, p.createdAt, p.createdAt, p.id)
      this.q.setTreeDoc.run(p.treeDocId, p.id)
    })()
  }

  project(id: string): Project | null {
    const r = this.q.project.get(id)
    return r ? toProject(r) : null
  }

  projects(workspaceId: string): Project[] {
    return this.q.projects.all(workspaceId).map(toProject)
  }

  setProjectInfo(id: string, name: string, description: string): void {
    this.q.setProjectInfo.run(name, description, id)
  }

  setProjectRole(projectId: string, userId: string, role: Role | null): void {
    if (role) this.q.setProjectRole.run(projectId, userId, role)
    else this.q.clearProjectRole.run(projectId, userId)
  }

  projectRoles(projectId: string): Map<string, Role> {
    return new Map(this.q.projectRoles.all(projectId).map((r) => [r.user_id, r.role]))
  }

  roleInProject(projectId: string, userId: string): Role | null {
    return this.q.roleInProject.get({ project: projectId, user: userId })?.role ?? null
  }

  docOwner(docId: string): { projectId: string; workspaceId: string } | null {
    const r = this.q.docProject.get(docId)
    return r?.project_id && r.workspace_id ? { projectId: r.project_id, workspaceId: r.workspace_id } : null
  }

  attachDoc(docId: string, projectId: string, title: string): void {
    this.q.attachDoc.run(projectId, title, docId)
  }

  docTitle(docId: string): string {
    return this.q.title.get(docId)?.title ?? ''
  }

  insertInvite(i: Invite & { hash: string; createdBy: string }): void {
    this.q.insertInvite.run(i.hash, i.id, i.workspaceId, i.role, i.createdBy, i.createdAt, i.expiresAt)
  }

  inviteByHash(hash: string): Invite | null {
    const r = this.q.inviteByHash.get(hash)
    return r ? toInvite(r) : null
  }

  redeemInvite(hash: string, userId: string, now: number): Invite | null {
    return this.db.transaction((): Invite | null => {
      const invite = this.inviteByHash(hash)
      if (!invite || invite.usedAt !== null || invite.expiresAt <= now) return null
      if (this.q.useInvite.run(userId, now, hash, now).changes === 0) return null
      if (!this.workspaceRole(invite.workspaceId, userId)) this.setMember(invite.workspaceId, userId, invite.role, now)
      return invite
    })()
  }

  invites(workspaceId: string): Invite[] {
    return this.q.invites.all(workspaceId).map(toInvite)
  }

  deleteInvite(workspaceId: string, id: string): boolean {
    return this.q.deleteInvite.run(workspaceId, id).changes > 0
  }
}
