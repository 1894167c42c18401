import { useState } from 'react'
import { describeError } from '../../../lib/http.ts'
import { Link } from '../../../components/Link.tsx'
import { docPath, hubPath, navigate } from '../../../lib/router.ts'
import { openSwitcher } from '../../switcher/switcher-store.ts'
import type { ProjectInfo } from '../api.ts'
import { createPage } from '../tree/actions.ts'
import { PlusIcon, SearchIcon } from '../tree/icons.tsx'
import { PageTree } from '../tree/PageTree.tsx'
import { TrashSection } from '../tree/TrashSection.tsx'
import { TreeProvider } from '../tree/TreeProvider.tsx'
import { useTreeContext } from '../tree/tree-context.ts'

/** The project's navigation next to a document: the hub, search, the page tree, the trash. */
export function Sidebar({ project, currentDocId }: { project: ProjectInfo; currentDocId: string | null }) {
  return (
    <aside className="sidebar" aria-label="Project pages" data-testid="sidebar">
      <TreeProvider project={project} currentDocId={currentDocId}>
        <Link href={hubPath(project.workspaceId, project.id)} className="sidebar__project" data-testid="sidebar-project">
          <span className="sidebar__project-icon" aria-hidden="true">
            {project.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="sidebar__project-name">{project.name}</span>
        </Link>
        <button type="button" className="sidebar__nav" onClick={openSwitcher}>
          <SearchIcon />
          <span>Search</span>
          <kbd className="sidebar__kbd">{/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘K' : 'Ctrl K'}</kbd>
        </button>
        <SidebarPages />
        <TrashSection />
      </TreeProvider>
    </aside>
  )
}

function SidebarPages() {
  const ctx = useTreeContext()
  const [busy, setBusy] = useState(false)
  const add = async (): Promise<void> => {
    setBusy(true)
    try {
      const created = await createPage(ctx.handle, ctx.project)
      if (created.openable) navigate(docPath(created.id))
    } catch (err) {
      ctx.onError(describeError(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="sidebar__pages">
      <div className="sidebar__heading">
        <span>Pages</span>
        {ctx.canEdit && (
          <button
            type="button"
            className="tree-row__action sidebar__add"
            aria-label="New page"
            title="New page"
            disabled={busy}
            onClick={() => void add()}
            data-testid="sidebar-new-page"
          >
            <PlusIcon />
          </button>
        )}
      </div>
      <PageTree emptyText={ctx.canEdit ? 'No pages yet. Add one with +.' : 'No pages yet.'} />
    </section>
  )
}
