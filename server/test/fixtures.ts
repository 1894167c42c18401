import type Database from 'better-sqlite3'
import type { Role } from '#shared/auth/roles'
import { Accounts } from '../auth/accounts.ts'
import { SqliteAccountStore } from '../auth/sqlite-account-store.ts'
import { Directory } from '../workspaces/directory.ts'
import { SqliteDirectoryStore } from '../workspaces/sqlite-directory-store.ts'

const FIXTURE_OWNER = 'owner@fixture.keel.test'

export interface TestUser {
  id: string
  email: string
  /** `keel_session=…`, ready for a Cookie header. */
  cookie: string
}

/**
 * A workspace with a project, and a way to add users with a role and a live session, written
 * straight into the database (the REST routes that do the same are tested on their own).
 */
export class Fixture {
  readonly accounts: Accounts
  readonly directory: Directory
  readonly workspaceId: string
  readonly projectId: string
  /** The default test user: owner of the workspace. */
  readonly owner: TestUser
  private readonly ensureStmt
  private readonly attachStmt

  constructor(private readonly db: Database.Database) {
    this.accounts = new Accounts(new SqliteAccountStore(db))
    this.directory = new Directory(new SqliteDirectoryStore(db))
    // Reused when the same database is opened again (a restart in a test keeps its documents' owner).
    const ownerUser =
      this.accounts.credentials(FIXTURE_OWNER)?.user ?? this.accounts.createUser({ email: FIXTURE_OWNER, name: 'Test Owner', passwordHash: null })
    const workspace = this.directory.workspacesOf(ownerUser.id)[0] ?? this.directory.createWorkspace('Test workspace', ownerUser.id)
    this.workspaceId = workspace.id
    this.projectId = this.directory.projects(workspace.id)[0]?.id ?? this.directory.createProject(this.workspaceId, 'Test project').id
    this.owner = { id: ownerUser.id, email: ownerUser.email, cookie: this.sessionCookie(ownerUser.id) }
    this.ensureStmt = db.prepare<[string, number, number]>('INSERT INTO documents (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING')
    this.attachStmt = db.prepare<[string, string]>('UPDATE documents SET project_id = ? WHERE id = ? AND project_id IS NULL')
  }

  sessionCookie(userId: string): string {
    return `keel_session=${this.accounts.createSession(userId).secret}`
  }

  /** A new user with `role` in the workspace (or none), signed in. */
  user(name: string, role: Role | null, options: { workspaceId?: string } = {}): TestUser {
    const u = this.accounts.createUser({ email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@keel.test`, name, passwordHash: null })
    if (role) this.directory.setMember(options.workspaceId ?? this.workspaceId, u.id, role)
    return { id: u.id, email: u.email, cookie: this.sessionCookie(u.id) }
  }

  /** Makes sure `docId` exists and belongs to the test project. */
  ensureDoc(docId: string, projectId = this.projectId): string {
    const now = Date.now()
    this.ensureStmt.run(docId, now, now)
    this.attachStmt.run(projectId, docId)
    return docId
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
