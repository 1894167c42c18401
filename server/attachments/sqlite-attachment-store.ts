import type Database from 'better-sqlite3'
import type { AttachmentMeta } from '#shared/attachments/attachment'
import type { AttachmentStore } from './attachment-store.ts'

interface Row {
  id: string
  project_id: string
  sha256: string
  name: string
  content_type: string
  size: number
  image: number
  created_at: number
  created_by: string | null
}

const meta = (r: Row): AttachmentMeta => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  image: r.image === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
})

/** The `attachments` table (migration 16). */
export class SqliteAttachmentStore implements AttachmentStore {
  private readonly q

  constructor(db: Database.Database) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO attachments (id, project_id, sha256, name, content_type, size, image, created_at, created_by)
         VALUES (@id, @projectId, @sha256, @name, @contentType, @size, @image, @createdAt, @createdBy)`,
      ),
      get: db.prepare<[string], Row>('SELECT * FROM attachments WHERE id = ?'),
      projectOf: db.prepare<[string], { project_id: string }>('SELECT project_id FROM attachments WHERE id = ?'),
      list: db.prepare<[string], Row>('SELECT * FROM attachments WHERE project_id = ? ORDER BY created_at, rowid'),
      referenced: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM attachments WHERE sha256 = ? LIMIT 1'),
    }
  }

  insert(m: AttachmentMeta): void {
    this.q.insert.run({ ...m, image: m.image ? 1 : 0 })
  }

  get(id: string): AttachmentMeta | null {
    const r = this.q.get.get(id)
    return r ? meta(r) : null
  }

  projectOf(id: string): string | null {
    return this.q.projectOf.get(id)?.project_id ?? null
  }

  listProject(projectId: string): AttachmentMeta[] {
    return this.q.list.all(projectId).map(meta)
  }

  referenced(sha256: string): boolean {
    return this.q.referenced.get(sha256) !== undefined
  }
}
