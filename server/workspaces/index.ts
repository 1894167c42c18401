import type { Feature } from '../feature.ts'
import type { Directory } from './directory.ts'
import { type WorkspacesRoutesDeps, workspacesRoutes } from './routes.ts'

/**
 * Workspaces, members, projects and invites. This floor is above auth: invites create accounts
 * and sessions, while auth only reads roles and memberships through the RoleSource/Memberships
 * shapes it declares (server/auth/principal.ts), which the Directory satisfies. So auth never
 * imports this folder.
 *
 * The Directory itself (`new Directory(new SqliteDirectoryStore(db))`) is built by app.ts before
 * auth, since the access plugin and auth's routes read roles from it; this feature brings the
 * routes, which need auth's Accounts.
 */
export function workspacesFeature(deps: WorkspacesRoutesDeps): Feature & { directory: Directory } {
  return { name: 'workspaces', directory: deps.directory, routes: workspacesRoutes(deps) }
}
