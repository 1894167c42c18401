import type { JsonNode } from '#shared/api/docs'
import { buildDocUpdate } from '#shared/doc/build'
import { withTitle } from '#shared/doc/title'
import { addNodes, buildTree, readNodes } from '#shared/hub/tree'
import { builtInTemplate } from '#shared/templates/index'
import { instantiate } from '#shared/templates/instantiate'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Renderings } from '../docs/renderings.ts'
import { HttpError } from '../http/errors.ts'
import type { AppendRecord, Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import type { DocRow, HubStore } from './hub-store.ts'

/** A page just made, with the content it was made with. */
export interface NewPage {
  docId: string
  userId: string
  content: readonly JsonNode[]
}

/**
 * Gives a new page's blocks the structured state they start with (it lives in the document's
 * maps or the hub's rows, not in the content), e.g. the ML checklists' rubric (server/ml/page-blocks.ts).
 * Runs after the page is stored and in its tree, in the order given to Pages.
 */
export type PageInitialiser = (page: NewPage, ctx: { hub: HubStore; registry: RoomRegistry }) => void

export interface PageInput {
  title: string
  parentId?: string | null
  content?: readonly JsonNode[]
  index?: number
}

/**
 * Making pages: a document with its first content (a fresh history), its node in the project's
 * tree (a server-side edit, so open sidebars see it live), and the structured state its blocks
 * start with (the initialisers). Used by the REST routes and by the first-start demo.
 */
export class Pages {
  constructor(
    private readonly directory: Directory,
    private readonly store: Store,
    private readonly registry: RoomRegistry,
    private readonly hub: HubStore,
    private readonly renderings: Renderings,
    private readonly initialisers: readonly PageInitialiser[] = [],
  ) {}

  create(projectId: string, userId: string, page: PageInput): DocRow {
    return this.createMany(projectId, userId, [{ ...page, id: newDocId() }])[0]!
  }

  /**
   * Several pages with one edit of the tree (an import's batch): each as `create` makes it, but
   * the tree document commits once for all of them, so N pages cost one mirror pass, not N. The
   * ids are the caller's (`newDocId`), so a batch may hold a page and its children.
   */
  createMany(projectId: string, userId: string, pages: readonly (PageInput & { id: string })[]): DocRow[] {
    const p = this.directory.project(projectId)!
    const now = Date.now()
    const first: AppendRecord[] = []
    const made: NewPage[] = pages.map((page) => {
      // One title per page: its name is its first heading from the start (see the hub extension).
      const content = withTitle(page.content ?? [], page.title)
      const data = content.length > 0 ? buildDocUpdate(content) : null
      // Stored directly (no room yet), so held to the document limits here, before any row exists.
      if (data) this.registry.assertFits(page.id, data)
      if (data) first.push({ docId: page.id, data, userId, at: now })
      return { docId: page.id, userId, content }
    })
    // One transaction each (one sync to disk) for the whole batch's rows and first contents.
    this.hub.createDocs(pages, projectId, now)
    if (first.length > 0) this.store.append(first)
    this.registry.change(p.treeDocId, userId, (tree) =>
      addNodes(
        tree,
        pages.map((page) => ({ id: page.id, title: page.title, parentId: page.parentId ?? null, ...(page.index !== undefined ? { index: page.index } : {}) })),
      ),
    )
    for (const page of made) for (const init of this.initialisers) init(page, { hub: this.hub, registry: this.registry })
    return pages.map((page) => this.hub.doc(page.id)!)
  }

  /** A page from template content: every block gets a fresh id (see instantiate). */
  fromTemplate(projectId: string, userId: string, page: PageInput & { content: readonly JsonNode[] }): DocRow {
    return this.create(projectId, userId, { ...page, content: instantiate(page.content, () => `b${newDocId()}`) })
  }

  fromBuiltIn(projectId: string, userId: string, key: string, title?: string): DocRow {
    const t = builtInTemplate(key)
    if (!t) throw new Error(`no built-in template ${key}`)
    return this.fromTemplate(projectId, userId, { title: title ?? t.title, content: t.content })
  }

  /**
   * A new page in a project: blank (a heading with its title), from a built-in template, or from
   * a workspace template document (`template` is its id) that `canRead` says the caller may read.
   */
  add(
    projectId: string,
    userId: string,
    input: { title: string; parentId: string | null; template?: string | undefined },
    canRead: (docId: string) => boolean,
  ): DocRow {
    let title = input.title
    let content: JsonNode[] = title ? [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: title }] }] : []
    if (input.template) {
      const builtIn = builtInTemplate(input.template)
      if (builtIn) {
        title ||= builtIn.title
        content = builtIn.content
      } else {
        const source = this.hub.doc(input.template)
        const p = this.directory.project(projectId)!
        const sourceProject = source?.projectId ? this.directory.project(source.projectId) : null
        // A workspace template from this workspace, readable by the caller.
        if (!source?.isTemplate || sourceProject?.workspaceId !== p.workspaceId || !canRead(source.id)) {
          throw new HttpError(404, 'not_found', 'template not found')
        }
        title ||= source.title
        content = this.contentOf(source.id)
      }
    }
    if (input.parentId && this.hub.doc(input.parentId)?.projectId !== projectId)
      throw new HttpError(400, 'bad_request', 'parentId is not a page of this project')
    const page = { title: title || 'Untitled', parentId: input.parentId, content }
    return input.template ? this.fromTemplate(projectId, userId, page) : this.create(projectId, userId, page)
  }

  /** A copy of a page right after it in the tree, its blocks with fresh ids. */
  duplicate(docId: string, userId: string): DocRow {
    const { row, treeDocId } = this.pageOf(docId)
    const tree = buildTree(readNodes(this.registry.readCommitted(treeDocId)))
    const siblings = row.parentId ? (tree.byId.get(row.parentId)?.children ?? tree.roots) : tree.roots
    const index = siblings.findIndex((s) => s.id === row.id)
    return this.fromTemplate(row.projectId!, userId, {
      title: `${row.title || 'Untitled'} (copy)`,
      parentId: tree.byId.has(row.parentId ?? '') ? row.parentId : null,
      content: this.contentOf(row.id),
      index: index + 1,
    })
  }

  /** A page of a project (not a tree, not deleted) with its project's tree document, else 404. */
  pageOf(docId: string): { row: DocRow; treeDocId: string } {
    const row = this.hub.doc(docId)
    const p = row?.projectId ? this.directory.project(row.projectId) : null
    if (!row || !p || row.kind !== 'doc') throw new HttpError(404, 'not_found', 'document not found')
    return { row, treeDocId: p.treeDocId }
  }

  /** The content of a document as it is now (committed), as JSON (see Renderings: no rebuild per call). */
  contentOf(docId: string): JsonNode[] {
    return this.renderings.nodes(docId)
  }
}
