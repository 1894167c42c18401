import type Database from 'better-sqlite3'
import type { TaskPriority, TaskStage, TaskStatus } from '#shared/blocks/task'
import type { TaskRow } from './extract.ts'
import type { StoredTask, TaskChange, TaskStore } from './task-store.ts'

/** A `tasks` row as SQLite returns it (migrations 4 and 8). */
interface Raw {
  id: string
  doc_id: string
  project_id: string
  title: string
  status: TaskStatus
  assignee: string | null
  due: string | null
  estimate: number | null
  priority: TaskPriority
  stage: TaskStage
  position: string
  override: string | null
  unverified_override: string | null
  gate: string | null
  updated_at: number
}

const json = <T>(v: string | null): T | null => (v ? (JSON.parse(v) as T) : null)
const text = (v: unknown): string | null => (v ? JSON.stringify(v) : null)

const toTask = (r: Raw, deps: string[]): StoredTask => ({
  id: r.id,
  docId: r.doc_id,
  projectId: r.project_id,
  title: r.title,
  status: r.status,
  assignee: r.assignee,
  due: r.due,
  estimate: r.estimate,
  priority: r.priority,
  stage: r.stage,
  position: r.position,
  override: json<StoredTask['override']>(r.override),
  unverifiedOverride: json<StoredTask['unverifiedOverride']>(r.unverified_override),
  gate: json<StoredTask['gate']>(r.gate),
  deps,
  updatedAt: r.updated_at,
})

/** Canonical form of a row for "did it change?" comparisons. */
const same = (a: TaskRow, r: Raw, deps: string[]): boolean =>
  a.docId === r.doc_id &&
  a.title === r.title &&
  a.status === r.status &&
  a.assignee === r.assignee &&
  a.due === r.due &&
  a.estimate === r.estimate &&
  a.priority === r.priority &&
  a.stage === r.stage &&
  a.position === r.position &&
  text(a.override) === r.override &&
  text(a.unverifiedOverride) === r.unverified_override &&
  text(a.gate) === r.gate &&
  JSON.stringify([...a.deps].sort()) === JSON.stringify([...deps].sort())

/** The task index in SQLite (`tasks`, `task_deps`). Writes are differences: an unchanged task costs one read, no write. */
export class SqliteTaskStore implements TaskStore {
  private readonly q

  constructor(private readonly db: Database.Database) {
    this.q = {
      get: db.prepare<[string], Raw>('SELECT * FROM tasks WHERE id = ?'),
      deps: db.prepare<[string], { dep_id: string }>('SELECT dep_id FROM task_deps WHERE task_id = ? ORDER BY dep_id'),
      ofDoc: db.prepare<[string], Raw>('SELECT * FROM tasks WHERE doc_id = ? ORDER BY position'),
      ofProject: db.prepare<[string], Raw>('SELECT * FROM tasks WHERE project_id = ? ORDER BY doc_id, position'),
      depsOfProject: db.prepare<[string], { task_id: string; dep_id: string }>(
        'SELECT d.task_id, d.dep_id FROM task_deps d JOIN tasks t ON t.id = d.task_id WHERE t.project_id = ?',
      ),
      depsOfDoc: db.prepare<[string], { task_id: string; dep_id: string }>(
        'SELECT d.task_id, d.dep_id FROM task_deps d JOIN tasks t ON t.id = d.task_id WHERE t.doc_id = ?',
      ),
      ofAssignee: db.prepare<[string], Raw>('SELECT * FROM tasks WHERE assignee = ? ORDER BY due IS NULL, due, project_id, position'),
      upsert: db.prepare<
        [
          string,
          string,
          string,
          string,
          string,
          string | null,
          string | null,
          number | null,
          string,
          string,
          string,
          string | null,
          string | null,
          string | null,
          number,
        ]
      >(
        `INSERT INTO tasks (id, doc_id, project_id, title, status, assignee, due, estimate, priority, stage, position, override, unverified_override, gate, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET doc_id = excluded.doc_id, project_id = excluded.project_id, title = excluded.title,
            status = excluded.status, assignee = excluded.assignee, due = excluded.due, estimate = excluded.estimate,
            priority = excluded.priority, stage = excluded.stage, position = excluded.position, override = excluded.override,
            unverified_override = excluded.unverified_override, gate = excluded.gate, updated_at = excluded.updated_at`,
      ),
      clearDeps: db.prepare<[string]>('DELETE FROM task_deps WHERE task_id = ?'),
      addDep: db.prepare<[string, string]>('INSERT OR IGNORE INTO task_deps (task_id, dep_id) VALUES (?, ?)'),
      remove: db.prepare<[string]>('DELETE FROM tasks WHERE id = ?'),
      owner: db.prepare<[string], { doc_id: string; project_id: string }>('SELECT doc_id, project_id FROM tasks WHERE id = ?'),
    }
  }

  get(id: string): StoredTask | null {
    const r = this.q.get.get(id)
    return r
      ? toTask(
          r,
          this.q.deps.all(id).map((d) => d.dep_id),
        )
      : null
  }

  owner(id: string): { docId: string; projectId: string } | null {
    const r = this.q.owner.get(id)
    return r ? { docId: r.doc_id, projectId: r.project_id } : null
  }

  ofDoc(docId: string): StoredTask[] {
    return this.withDeps(this.q.ofDoc.all(docId))
  }

  ofProject(projectId: string): StoredTask[] {
    const rows = this.q.ofProject.all(projectId)
    const deps = new Map<string, string[]>()
    for (const d of this.q.depsOfProject.all(projectId)) deps.set(d.task_id, [...(deps.get(d.task_id) ?? []), d.dep_id])
    return rows.map((r) => toTask(r, (deps.get(r.id) ?? []).sort()))
  }

  ofAssignee(userId: string): StoredTask[] {
    return this.withDeps(this.q.ofAssignee.all(userId))
  }

  private withDeps(rows: Raw[]): StoredTask[] {
    return rows.map((r) =>
      toTask(
        r,
        this.q.deps.all(r.id).map((d) => d.dep_id),
      ),
    )
  }

  apply(projectId: string, docId: string, rows: readonly TaskRow[], removed: Iterable<string>, now = Date.now()): TaskChange[] {
    return this.write(projectId, docId, rows, removed, now)
  }

  /** `apply`, with the rows (and deps) already read for a whole document when `known` is given. */
  private write(
    projectId: string,
    docId: string,
    rows: readonly TaskRow[],
    removed: Iterable<string>,
    now: number,
    known?: Map<string, { raw: Raw; deps: string[] }>,
  ): TaskChange[] {
    const changed: TaskChange[] = []
    this.db.transaction(() => {
      for (const id of removed) {
        const existing = this.q.owner.get(id)
        if (existing?.doc_id === docId) {
          this.q.remove.run(id)
          changed.push({ id, kind: 'deleted' })
        }
      }
      for (const row of rows) {
        const pre = known?.get(row.id)
        const existing = pre ? pre.raw : this.q.get.get(row.id)
        if (existing && existing.doc_id !== docId) continue
        const deps = pre ? pre.deps : existing ? this.q.deps.all(row.id).map((d) => d.dep_id) : []
        if (existing && same(row, existing, deps)) continue
        this.q.upsert.run(
          row.id,
          docId,
          projectId,
          row.title,
          row.status,
          row.assignee,
          row.due,
          row.estimate,
          row.priority,
          row.stage,
          row.position,
          text(row.override),
          text(row.unverifiedOverride),
          text(row.gate),
          now,
        )
        this.q.clearDeps.run(row.id)
        // A self-dependency is kept: the graph reports it as a cycle (it was dropped unseen before).
        for (const d of row.deps) this.q.addDep.run(row.id, d)
        const kind = !existing ? 'created' : row.status === 'done' && existing.status !== 'done' ? 'completed' : 'changed'
        changed.push({ id: row.id, kind })
      }
    })()
    return changed
  }

  replaceDoc(projectId: string, docId: string, rows: readonly TaskRow[], now = Date.now()): TaskChange[] {
    // Two reads for the whole document instead of two per task: what makes a rebuild cheap.
    const current = this.q.ofDoc.all(docId)
    const deps = new Map<string, string[]>()
    for (const d of this.q.depsOfDoc.all(docId)) deps.set(d.task_id, [...(deps.get(d.task_id) ?? []), d.dep_id])
    const known = new Map(current.map((raw) => [raw.id, { raw, deps: (deps.get(raw.id) ?? []).sort() }]))
    const present = new Set(rows.map((r) => r.id))
    const gone = current.map((r) => r.id).filter((id) => !present.has(id))
    return this.write(projectId, docId, rows, gone, now, known)
  }
}
