import type Database from 'better-sqlite3'
import type { DeletedPage, DeletedPages } from './deleted-pages.ts'

interface Raw {
  doc_id: string
  project_id: string
  project_name: string
  title: string
  parent_id: string | null
  deleted_at: number
  deleted_by: string
}

const toPage = (r: Raw): DeletedPage => ({
  docId: r.doc_id,
  projectId: r.project_id,
  projectName: r.project_name,
  title: r.title,
  parentId: r.parent_id,
  deletedAt: r.deleted_at,
  deletedBy: r.deleted_by,
})

const SELECT = `SELECT x.doc_id, x.project_id, p.name AS project_name, x.title, x.parent_id, x.deleted_at, x.deleted_by
  FROM deleted_documents x JOIN projects p ON p.id = x.project_id`

/** Deleted pages in SQLite: `deleted_documents` (migration 9) beside the detached `documents` row. */
export class SqliteDeletedPages implements DeletedPages {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      insert: db.prepare<[string, string, string, string | null, number, string]>(
        'INSERT INTO deleted_documents (doc_id, project_id, title, parent_id, deleted_at, deleted_by) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      detach: db.prepare<[string]>('UPDATE documents SET project_id = NULL WHERE id = ?'),
      attach: db.prepare<[string, string]>('UPDATE documents SET project_id = ? WHERE id = ?'),
      remove: db.prepare<[string]>('DELETE FROM deleted_documents WHERE doc_id = ?'),
      ofWorkspace: db.prepare<[string], Raw>(`${SELECT} WHERE p.workspace_id = ? ORDER BY x.deleted_at DESC, x.doc_id`),
      one: db.prepare<[string, string], Raw>(`${SELECT} WHERE p.workspace_id = ? AND x.doc_id = ?`),
      due: db.prepare<[number], { doc_id: string }>('SELECT doc_id FROM deleted_documents WHERE deleted_at <= ? ORDER BY deleted_at'),
      erase: db.prepare<[string]>('DELETE FROM documents WHERE id = ?'),
    }
  }

  /** Takes the page out of its project and remembers where it was. */
  markDeleted(page: { docId: string; projectId: string; title: string; parentId: string | null }, by: string, at: number): void {
    this.db.transaction(() => {
      this.q.insert.run(page.docId, page.projectId, page.title, page.parentId, at, by)
      this.q.detach.run(page.docId)
    })()
  }

  /** Deleted pages of a workspace's projects, most recent first. */
  ofWorkspace(workspaceId: string): DeletedPage[] {
    return this.q.ofWorkspace.all(workspaceId).map(toPage)
  }

  get(workspaceId: string, docId: string): DeletedPage | null {
    const r = this.q.one.get(workspaceId, docId)
    return r ? toPage(r) : null
  }

  /** Puts the page back in its project (the caller adds it to the project's tree). */
  restore(page: DeletedPage): void {
    this.db.transaction(() => {
      this.q.attach.run(page.projectId, page.docId)
      this.q.remove.run(page.docId)
    })()
  }

  /** Pages deleted at or before `before` (ms since the epoch), oldest first. */
  due(before: number): string[] {
    return this.q.due.all(before).map((r) => r.doc_id)
  }

  /** Erases the document for good. */
  erase(docId: string): void {
    this.q.erase.run(docId)
  }
}
