import type { Accounts } from './auth/accounts.ts'
import type { InstanceOwner } from './auth/instance-owner.ts'
import type { Config } from './config.ts'
import { addNode } from '#shared/hub/tree'
import type { RoomRegistry } from './collab/registry.ts'
import type { HubStore } from './hub/hub-store.ts'
import type { Pages } from './hub/pages.ts'
import { DEMO_DOC_ID, seedDemo, seedMlPages } from './seed.ts'
import type { Store } from './store/store.ts'
import type { Directory } from './workspaces/directory.ts'

/**
 * First start on an empty database: create the owner account (no password anywhere: it signs in
 * once with a link printed to the console, then sets one), a workspace, and (unless disabled)
 * the demo project and document. Returns the link's secret on first start, else null. Unless
 * KEEL_ADMIN_EMAILS names others, this owner (by its id, recorded here) is also the instance administrator (server/auth/admin.ts).
 */
export function bootstrap(
  config: Config,
  deps: { store: Store; accounts: Accounts; directory: Directory; registry: RoomRegistry; pages: Pages; hub: HubStore; owner: InstanceOwner },
): { signInSecret: string } | null {
  const { store, accounts, directory, registry } = deps
  if (!accounts.isEmpty()) return null
  const owner = accounts.createUser({ email: config.ownerEmail, name: 'Owner', passwordHash: null })
  // By id: the default instance admin stays this account whatever KEEL_OWNER_EMAIL says later.
  deps.owner.record(owner.id)
  const workspace = directory.createWorkspace('Demo workspace', owner.id)
  if (config.seed) {
    const project = directory.createProject(workspace.id, 'Churn model v2')
    directory.setProjectInfo(project.id, project.name, 'Weekly churn score per account: data, training, evaluation and rollout.')
    seedDemo(store, directory, project.id)
    registry.change(project.treeDocId, owner.id, (tree) => addNode(tree, { id: DEMO_DOC_ID, title: 'Churn model v2 — spec' }))
    // Loading the spec once indexes its task blocks, so the hub's status and board start filled.
    registry.readCommitted(DEMO_DOC_ID)
    seedMlPages(deps.pages, project.id, owner.id, registry, deps.hub)
  }
  return { signInSecret: accounts.createSignInLink(owner.id) }
}
