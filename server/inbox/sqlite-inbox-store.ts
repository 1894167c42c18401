import type Database from 'better-sqlite3'
import type { InboxKind } from '#shared/api/inbox'
import type { InboxEntry, InboxStore, TaskSeen } from './inbox-store.ts'

interface Row {
  id: string
  user_id: string
  kind: string
  project_id: string
  doc_id: string
  block_id: string | null
  thread_id: string | null
  actor_id: string | null
  summary: string
  created_at: number
  updated_at: number
  read_at: number | null
}

const entryOf = (r: Row): InboxEntry => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as InboxKind,
  projectId: r.project_id,
  docId: r.doc_id,
  blockId: r.block_id,
  threadId: r.thread_id,
  actorId: r.actor_id,
  summary: r.summary,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  readAt: r.read_at,
})

/** The inbox in the server's SQLite database (migration 018). */
export class SqliteInboxStore implements InboxStore {
  private readonly q
  constructor(private readonly db: Database.Database) {
    this.q = {
      add: db.prepare(
        `INSERT INTO inbox_entries (id, user_id, kind, project_id, doc_id, block_id, thread_id, actor_id, summary, created_at, updated_at, read_at)
         VALUES (@id, @userId, @kind, @projectId, @docId, @blockId, @threadId, @actorId, @summary, @createdAt, @updatedAt, @readAt)`,
      ),
      get: db.prepare('SELECT * FROM inbox_entries WHERE id = ?'),
      unread: db.prepare('SELECT * FROM inbox_entries WHERE user_id = ? AND read_at IS NULL ORDER BY created_at DESC, id DESC'),
      markRead: db.prepare('UPDATE inbox_entries SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL'),
      markAll: db.prepare('UPDATE inbox_entries SET read_at = ? WHERE user_id = ? AND read_at IS NULL'),
      recent: db.prepare(
        `SELECT * FROM inbox_entries WHERE user_id = @userId AND kind = @kind AND doc_id = @docId AND actor_id IS @actorId
         AND block_id IS @blockId AND read_at IS NULL AND created_at >= @since ORDER BY created_at DESC LIMIT 1`,
      ),
      fold: db.prepare('UPDATE inbox_entries SET summary = ?, updated_at = ? WHERE id = ?'),
      follow: db.prepare('INSERT OR IGNORE INTO inbox_follows (user_id, doc_id, task_id, created_at) VALUES (?, ?, ?, ?)'),
      unfollow: db.prepare('DELETE FROM inbox_follows WHERE user_id = ? AND doc_id = ? AND task_id = ?'),
      isFollowing: db.prepare('SELECT 1 FROM inbox_follows WHERE user_id = ? AND doc_id = ? AND task_id = ?'),
      followers: db.prepare('SELECT user_id FROM inbox_follows WHERE doc_id = ? AND task_id = ? ORDER BY user_id'),
      taskSeen: db.prepare('SELECT * FROM inbox_task_state WHERE project_id = ?'),
      putTaskSeen: db.prepare(
        `INSERT INTO inbox_task_state (task_id, project_id, assignee, blocked) VALUES (?, ?, ?, ?)
         ON CONFLICT (task_id) DO UPDATE SET project_id = excluded.project_id, assignee = excluded.assignee, blocked = excluded.blocked`,
      ),
      forgetTask: db.prepare('DELETE FROM inbox_task_state WHERE task_id = ?'),
      lastDigest: db.prepare('SELECT sent_at FROM inbox_digests WHERE user_id = ?'),
      putDigest: db.prepare('INSERT INTO inbox_digests (user_id, sent_at) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET sent_at = excluded.sent_at'),
      digestOff: db.prepare('SELECT digest_off FROM inbox_settings WHERE user_id = ?'),
      putDigestOff: db.prepare(
        'INSERT INTO inbox_settings (user_id, digest_off) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET digest_off = excluded.digest_off',
      ),
      candidates: db.prepare(
        `SELECT DISTINCT e.user_id FROM inbox_entries e LEFT JOIN inbox_digests d ON d.user_id = e.user_id
         WHERE e.read_at IS NULL AND (d.sent_at IS NULL OR e.created_at > d.sent_at) ORDER BY e.user_id`,
      ),
    }
  }

  add(entry: InboxEntry): void {
    this.q.add.run(entry)
  }

  get(id: string): InboxEntry | null {
    const r = this.q.get.get(id) as Row | undefined
    return r ? entryOf(r) : null
  }

  list(userId: string, opts: { unreadOnly: boolean; before?: number; limit: number }): InboxEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM inbox_entries WHERE user_id = ? ${opts.unreadOnly ? 'AND read_at IS NULL' : ''} AND created_at < ?
         ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(userId, opts.before ?? Number.MAX_SAFE_INTEGER, opts.limit) as Row[]
    return rows.map(entryOf)
  }

  unread(userId: string): InboxEntry[] {
    return (this.q.unread.all(userId) as Row[]).map(entryOf)
  }

  markRead(userId: string, id: string, at: number): boolean {
    return this.q.markRead.run(at, userId, id).changes > 0
  }

  markAllRead(userId: string, at: number): number {
    return this.q.markAll.run(at, userId).changes
  }

  recent(q: { userId: string; kind: InboxKind; docId: string; actorId: string | null; blockId: string | null; since: number }): InboxEntry | null {
    const r = this.q.recent.get(q) as Row | undefined
    return r ? entryOf(r) : null
  }

  fold(id: string, summary: string, at: number): void {
    this.q.fold.run(summary, at, id)
  }

  follow(userId: string, docId: string, taskId: string | null, at: number): void {
    this.q.follow.run(userId, docId, taskId ?? '', at)
  }

  unfollow(userId: string, docId: string, taskId: string | null): void {
    this.q.unfollow.run(userId, docId, taskId ?? '')
  }

  isFollowing(userId: string, docId: string, taskId: string | null): boolean {
    return this.q.isFollowing.get(userId, docId, taskId ?? '') !== undefined
  }

  followers(docId: string, taskId: string | null): string[] {
    return (this.q.followers.all(docId, taskId ?? '') as { user_id: string }[]).map((r) => r.user_id)
  }

  taskSeen(projectId: string): TaskSeen[] {
    return (this.q.taskSeen.all(projectId) as { task_id: string; project_id: string; assignee: string | null; blocked: number }[]).map((r) => ({
      taskId: r.task_id,
      projectId: r.project_id,
      assignee: r.assignee,
      blocked: r.blocked === 1,
    }))
  }

  putTaskSeen(rows: readonly TaskSeen[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.q.putTaskSeen.run(r.taskId, r.projectId, r.assignee, r.blocked ? 1 : 0)
    })()
  }

  forgetTasks(taskIds: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of taskIds) this.q.forgetTask.run(id)
    })()
  }

  lastDigest(userId: string): number | null {
    const r = this.q.lastDigest.get(userId) as { sent_at: number } | undefined
    return r?.sent_at ?? null
  }

  putDigest(userId: string, at: number): void {
    this.q.putDigest.run(userId, at)
  }

  digestEnabled(userId: string): boolean {
    const r = this.q.digestOff.get(userId) as { digest_off: number } | undefined
    return r?.digest_off !== 1
  }

  setDigestEnabled(userId: string, enabled: boolean): void {
    this.q.putDigestOff.run(userId, enabled ? 0 : 1)
  }

  digestCandidates(): string[] {
    return (this.q.candidates.all() as { user_id: string }[]).map((r) => r.user_id)
  }
}
