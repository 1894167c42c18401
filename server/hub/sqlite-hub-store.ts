import type Database from 'better-sqlite3'
import { TITLE_MAX } from '#shared/doc/title'
import type { TreeNodeData } from '#shared/hub/tree'
import type { ActivityRow, BlockKind, DocRow, HubStore } from './hub-store.ts'

interface RawDocRow {
  id: string
  project_id: string | null
  kind: 'doc' | 'tree'
  title: string
  parent_id: string | null
  position: string
  archived_at: number | null
  is_template: number
  created_at: number
  updated_at: number
}

const toDoc = (r: RawDocRow): DocRow => ({
  id: r.id,
  projectId: r.project_id,
  kind: r.kind,
  title: r.title,
  parentId: r.parent_id,
  position: r.position,
  archivedAt: r.archived_at,
  isTemplate: r.is_template === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const DOC_COLUMNS = 'id, project_id, kind, title, parent_id, position, archived_at, is_template, created_at, updated_at'

/** The hub's rows in SQLite (migrations 3, 5; `documents` is shared with the documents Store). */
export class SqliteHubStore implements HubStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      doc: db.prepare<[string], RawDocRow>(`SELECT ${DOC_COLUMNS} FROM documents WHERE id = ?`),
      docsOf: db.prepare<[string], RawDocRow>(`SELECT ${DOC_COLUMNS} FROM documents WHERE project_id = ? AND kind = 'doc' ORDER BY position, id`),
      insertDoc: db.prepare<[string, number, number, string, string]>(
        "INSERT INTO documents (id, created_at, updated_at, project_id, kind, title) VALUES (?, ?, ?, ?, 'doc', ?) ON CONFLICT(id) DO NOTHING",
      ),
      mirror: db.prepare<[string, string | null, string, number | null, string]>(
        'UPDATE documents SET title = ?, parent_id = ?, position = ?, archived_at = ? WHERE id = ?',
      ),
      setTemplate: db.prepare<[number, string]>('UPDATE documents SET is_template = ? WHERE id = ?'),
      templatesOf: db.prepare<[string], RawDocRow & { project_name: string }>(
        `SELECT ${DOC_COLUMNS.split(', ')
          .map((c) => 'd.' + c)
          .join(', ')}, p.name AS project_name FROM documents d
          JOIN projects p ON p.id = d.project_id
          WHERE p.workspace_id = ? AND d.is_template = 1 AND d.archived_at IS NULL ORDER BY d.title`,
      ),
      linksFrom: db.prepare<[string], { to_doc: string }>('SELECT to_doc FROM doc_links WHERE from_doc = ?'),
      addLink: db.prepare<[string, string]>('INSERT OR IGNORE INTO doc_links (from_doc, to_doc) VALUES (?, ?)'),
      removeLink: db.prepare<[string, string]>('DELETE FROM doc_links WHERE from_doc = ? AND to_doc = ?'),
      backlinks: db.prepare<[string], RawDocRow>(
        `SELECT ${DOC_COLUMNS.split(', ')
          .map((c) => 'd.' + c)
          .join(', ')} FROM doc_links l JOIN documents d ON d.id = l.from_doc
          WHERE l.to_doc = ? ORDER BY d.title`,
      ),
      activity: db.prepare<
        [string, number, number],
        { doc_id: string; title: string; user_id: string; user_name: string | null; seq: number; created_at: number }
      >(
        `SELECT u.doc_id, d.title, u.user_id, users.name AS user_name, u.seq, u.created_at
           FROM updates u JOIN documents d ON d.id = u.doc_id LEFT JOIN users ON users.id = u.user_id
          WHERE d.project_id = ? AND d.kind = 'doc' AND u.created_at >= ?
          ORDER BY u.created_at DESC LIMIT ?`,
      ),
      blocksOf: db.prepare<[string, BlockKind], { block_id: string }>('SELECT block_id FROM blocks WHERE doc_id = ? AND kind = ?'),
      addBlock: db.prepare<[string, string, BlockKind]>('INSERT INTO blocks (block_id, doc_id, kind) VALUES (?, ?, ?) ON CONFLICT(block_id) DO NOTHING'),
      removeBlock: db.prepare<[string, string]>('DELETE FROM blocks WHERE block_id = ? AND doc_id = ?'),
      blockDoc: db.prepare<[string, BlockKind], { doc_id: string }>('SELECT doc_id FROM blocks WHERE block_id = ? AND kind = ?'),
      blocksOfProject: db.prepare<[string, BlockKind], { block_id: string; doc_id: string }>(
        `SELECT b.block_id, b.doc_id FROM blocks b JOIN documents d ON d.id = b.doc_id
          WHERE d.project_id = ? AND d.archived_at IS NULL AND b.kind = ?`,
      ),
      search: db.prepare<[string, string, string], RawDocRow & { project_name: string }>(
        `SELECT ${DOC_COLUMNS.split(', ')
          .map((c) => 'd.' + c)
          .join(', ')}, p.name AS project_name FROM documents d
          JOIN projects p ON p.id = d.project_id
          JOIN workspace_members m ON m.workspace_id = p.workspace_id AND m.user_id = ?
          WHERE p.workspace_id = ? AND d.kind = 'doc' AND d.archived_at IS NULL AND d.title LIKE ? ESCAPE '\\'
          ORDER BY d.updated_at DESC LIMIT 20`,
      ),
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  doc(id: string): DocRow | null {
    const r = this.q.doc.get(id)
    return r ? toDoc(r) : null
  }

  docsOf(projectId: string): DocRow[] {
    return this.q.docsOf.all(projectId).map(toDoc)
  }

  createDoc(id: string, projectId: string, title: string, now = Date.now()): void {
    this.q.insertDoc.run(id, now, now, projectId, title)
  }

  createDocs(docs: readonly { id: string; title: string }[], projectId: string, now = Date.now()): void {
    this.db.transaction(() => {
      for (const d of docs) this.createDoc(d.id, projectId, d.title, now)
    })()
  }

  /**
   * Mirrors a project's tree into its document rows. A node for a document that does not exist
   * yet (a page created offline) creates it in this project; a node naming a document of another
   * project, or a tree, is ignored: a tree can only describe its own project's pages.
   * Returns the ids whose row changed.
   */
  mirrorTree(projectId: string, nodes: readonly TreeNodeData[], now = Date.now()): string[] {
    const changed: string[] = []
    this.db.transaction(() => {
      for (const n of nodes) {
        let row = this.doc(n.id)
        if (!row) {
          if (!/^[A-Za-z0-9_-]{1,64}$/.test(n.id)) continue
          this.createDoc(n.id, projectId, n.title, now)
          row = this.doc(n.id)!
        }
        if (row.projectId !== projectId || row.kind !== 'doc') continue
        // Compared as stored (cut to TITLE_MAX), so a long title is not written again by every mirror pass.
        const title = n.title.slice(0, TITLE_MAX)
        if (row.title === title && row.parentId === n.parentId && row.position === n.order && row.archivedAt === n.archivedAt) continue
        this.q.mirror.run(title, n.parentId, n.order, n.archivedAt, n.id)
        changed.push(n.id)
      }
    })()
    return changed
  }

  setTemplate(docId: string, isTemplate: boolean): void {
    this.q.setTemplate.run(isTemplate ? 1 : 0, docId)
  }

  templatesOf(workspaceId: string): (DocRow & { projectName: string })[] {
    return this.q.templatesOf.all(workspaceId).map((r) => ({ ...toDoc(r), projectName: r.project_name }))
  }

  /** Replaces the outgoing links of a document with `targets`, writing only the differences. */
  setLinks(fromDoc: string, targets: ReadonlySet<string>): { added: number; removed: number } {
    const current = new Set(this.q.linksFrom.all(fromDoc).map((r) => r.to_doc))
    let added = 0
    let removed = 0
    this.db.transaction(() => {
      for (const t of targets) if (!current.has(t) && t !== fromDoc) added += this.q.addLink.run(fromDoc, t).changes
      for (const t of current) if (!targets.has(t)) removed += this.q.removeLink.run(fromDoc, t).changes
    })()
    return { added, removed }
  }

  /** Replaces the blocks of one kind indexed for a document (the first document to claim an id keeps it). */
  setBlocks(docId: string, kind: BlockKind, blocks: ReadonlySet<string>): void {
    const current = new Set(this.q.blocksOf.all(docId, kind).map((r) => r.block_id))
    this.db.transaction(() => {
      for (const b of blocks) if (!current.has(b)) this.q.addBlock.run(b, docId, kind)
      for (const b of current) if (!blocks.has(b)) this.q.removeBlock.run(b, docId)
    })()
  }

  /** The document holding a block, or null. */
  blockDoc(blockId: string, kind: BlockKind): string | null {
    return this.q.blockDoc.get(blockId, kind)?.doc_id ?? null
  }

  blocksOfProject(projectId: string, kind: BlockKind): { blockId: string; docId: string }[] {
    return this.q.blocksOfProject.all(projectId, kind).map((r) => ({ blockId: r.block_id, docId: r.doc_id }))
  }

  backlinks(docId: string): DocRow[] {
    return this.q.backlinks.all(docId).map(toDoc)
  }

  /**
   * Recent activity: consecutive edits by one person to one document within `burstMs` fold into
   * one entry ("Ada edited Spec, 12 changes, 10:02–10:09").
   */
  activity(projectId: string, since: number, limit: number, burstMs = 15 * 60_000): ActivityRow[] {
    const rows = this.q.activity.all(projectId, since, 5000)
    const out: ActivityRow[] = []
    for (const r of rows) {
      const last = out[out.length - 1]
      if (last && last.docId === r.doc_id && last.userId === r.user_id && last.from - r.created_at <= burstMs) {
        last.updates++
        last.from = r.created_at
        continue
      }
      if (out.length === limit) break
      out.push({ docId: r.doc_id, title: r.title, userId: r.user_id, userName: r.user_name ?? 'Keel', updates: 1, from: r.created_at, to: r.created_at })
    }
    return out
  }

  /** Title search across the workspace's live documents (the caller must be a member). */
  search(workspaceId: string, userId: string, query: string): (DocRow & { projectName: string })[] {
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return this.q.search.all(userId, workspaceId, like).map((r) => ({ ...toDoc(r), projectName: r.project_name }))
  }
}
