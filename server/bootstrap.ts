import type { Accounts } from './auth/accounts.ts'
import type { Config } from './config.ts'
import { seedDemo } from './seed.ts'
import type { Store } from './store/store.ts'
import type { Directory } from './workspaces/directory.ts'

/**
 * First start on an empty database: create the owner account (no password anywhere: it signs in
 * once with a link printed to the console, then sets one), a workspace, and (unless disabled)
 * the demo project and document. Returns the link's secret on first start, else null.
 */
export function bootstrap(config: Config, store: Store, accounts: Accounts, directory: Directory): { signInSecret: string } | null {
  if (!accounts.isEmpty()) return null
  const owner = accounts.createUser({ email: config.ownerEmail, name: 'Owner', passwordHash: null })
  const workspace = directory.createWorkspace('Demo workspace', owner.id)
  if (config.seed) {
    const project = directory.createProject(workspace.id, 'Churn model v2')
    seedDemo(store, directory, project.id)
  }
  return { signInSecret: accounts.createSignInLink(owner.id) }
}
