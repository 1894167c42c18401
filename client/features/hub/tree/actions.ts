import { addNode, archiveNode, moveNode, renameNode, restoreNode } from '#shared/hub/tree'
import { NetworkError } from '../../../lib/http.ts'
import { markPending } from '../../../collab/pending-pages.ts'
import { rememberDocInfo } from '../../../collab/use-doc-access.ts'
import { hubApi, type ProjectInfo } from '../api.ts'
import type { TreeHandle } from './tree-sessions.ts'

/**
 * What the sidebar and the hub do to pages. Structure (rename, move, trash, restore) is written
 * straight into the tree document, so it works offline and shows live everywhere; the server
 * mirrors it into its rows. What needs the server (copying content, templates, deleting for good)
 * goes through REST.
 */
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** 16 url-safe characters (96 bits), the same shape as the server's document ids. */
export function newPageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => URL_SAFE[b & 63]).join('')
}

export const renamePage = (h: TreeHandle, id: string, title: string): void => void renameNode(h.session.doc, id, title.trim().slice(0, 200))
export const movePage = (h: TreeHandle, id: string, parentId: string | null, index: number): boolean => moveNode(h.session.doc, id, parentId, index)
export const trashPage = (h: TreeHandle, id: string): void => void archiveNode(h.session.doc, id)
export const restorePage = (h: TreeHandle, id: string): void => void restoreNode(h.session.doc, id)

/**
 * A new page under `parentId`. Online, the server creates it (with its template's content).
 * With no network, a blank page is added to the tree here with a fresh id; the server creates the
 * document when the tree syncs. Either way it opens at once: offline, its editor works from
 * IndexedDB with the metadata remembered here, and the document socket waits for the server to
 * make the page (see collab/pending-pages.ts). Returns the id and whether it can be opened now.
 */
export async function createPage(
  h: TreeHandle | null,
  project: Pick<ProjectInfo, 'id' | 'name' | 'workspaceId' | 'role'>,
  options: { parentId?: string | null; template?: string; title?: string } = {},
): Promise<{ id: string; openable: boolean }> {
  try {
    const doc = await hubApi.createDoc(project.id, {
      title: options.title ?? '',
      parentId: options.parentId ?? null,
      ...(options.template ? { template: options.template } : {}),
    })
    return { id: doc.id, openable: true }
  } catch (err) {
    if (!(err instanceof NetworkError) || h === null || options.template) throw err
    const id = newPageId()
    // Remembered before the tree changes: the server may make the page the moment it sees it.
    markPending(id)
    rememberDocInfo({ id, title: options.title ?? '', role: project.role, project: { id: project.id, name: project.name, workspaceId: project.workspaceId } })
    addNode(h.session.doc, { id, title: options.title ?? '', parentId: options.parentId ?? null })
    return { id, openable: true }
  }
}
