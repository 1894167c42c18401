import type { JsonNode } from '#shared/api/docs'
import { buildDocUpdate } from '#shared/doc/build'
import { addNode } from '#shared/hub/tree'
import { addMlTestScore, CHECKLIST_BLOCK, putGate } from '#shared/ml/checklist'
import { EXPERIMENT_BLOCK } from '#shared/ml/runs'
import { builtInTemplate } from '#shared/templates/index'
import { instantiate } from '#shared/templates/instantiate'
import type { RoomRegistry } from '../collab/registry.ts'
import type { Renderings } from '../collab/renderings.ts'
import type { Store } from '../store/store.ts'
import type { Directory } from '../workspaces/directory.ts'
import { newDocId } from '../workspaces/doc-ids.ts'
import type { DocRow, HubStore } from './hub-store.ts'

/**
 * Making pages: a document with its first content (a fresh history), its node in the project's
 * tree (a server-side edit, so open sidebars see it live), and the structured state its blocks
 * start with. Used by the REST routes and by the first-start demo.
 */
export class Pages {
  constructor(
    private readonly directory: Directory,
    private readonly store: Store,
    private readonly registry: RoomRegistry,
    private readonly hub: HubStore,
    private readonly renderings: Renderings,
  ) {}

  create(projectId: string, userId: string, page: { title: string; parentId?: string | null; content?: readonly JsonNode[]; index?: number }): DocRow {
    const p = this.directory.project(projectId)!
    const id = newDocId()
    const now = Date.now()
    const data = page.content && page.content.length > 0 ? buildDocUpdate([...page.content]) : null
    // Stored directly (no room yet), so held to the document limits here, before any row exists.
    if (data) this.registry.assertFits(id, data)
    this.hub.createDoc(id, projectId, page.title, now)
    if (data) this.store.append([{ docId: id, data, userId, at: now }])
    this.registry.change(p.treeDocId, userId, (tree) =>
      addNode(tree, { id, title: page.title, parentId: page.parentId ?? null, ...(page.index !== undefined ? { index: page.index } : {}) }),
    )
    this.initialiseBlocks(id, userId, page.content ?? [])
    return this.hub.doc(id)!
  }

  /** A page from template content: every block gets a fresh id (see instantiate). */
  fromTemplate(projectId: string, userId: string, page: { title: string; parentId?: string | null; content: readonly JsonNode[]; index?: number }): DocRow {
    return this.create(projectId, userId, { ...page, content: instantiate(page.content, () => `b${newDocId()}`) })
  }

  fromBuiltIn(projectId: string, userId: string, key: string, title?: string): DocRow {
    const t = builtInTemplate(key)
    if (!t) throw new Error(`no built-in template ${key}`)
    return this.fromTemplate(projectId, userId, { title: title ?? t.title, content: t.content })
  }

  /** The content of a document as it is now (committed), as JSON (see Renderings: no rebuild per call). */
  contentOf(docId: string): JsonNode[] {
    return this.renderings.nodes(docId)
  }

  /**
   * Structured state a page's blocks start with (it lives in the document's maps, not in the
   * content): a checklist marked `init: 'ml-test-score'` gets the rubric's 28 items and a gate on
   * the evaluation tasks. Blocks are indexed now rather than after the indexing pause, so a script
   * can post runs the moment the page exists.
   */
  private initialiseBlocks(docId: string, userId: string, content: readonly JsonNode[]): void {
    const checklists: string[] = []
    const logs = new Set<string>()
    const walk = (n: JsonNode) => {
      if (n.type === CHECKLIST_BLOCK && n.attrs?.init === 'ml-test-score' && typeof n.attrs.id === 'string') checklists.push(n.attrs.id)
      if (n.type === EXPERIMENT_BLOCK && typeof n.attrs?.id === 'string') logs.add(n.attrs.id)
      n.content?.forEach(walk)
    }
    content.forEach(walk)
    if (logs.size > 0) this.hub.setBlocks(docId, 'experiment', logs)
    if (checklists.length === 0) return
    this.registry.change(docId, userId, (doc) => {
      for (const id of checklists) {
        addMlTestScore(doc, id)
        putGate(doc, id, 'evaluation-done', { kind: 'tasks', stage: 'evaluation' })
      }
    })
    this.hub.setBlocks(docId, 'checklist', new Set(checklists))
  }
}
